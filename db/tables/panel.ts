import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { facilitators, studies } from './studies';
import { rounds } from './rounds';

/*
 * The panel: panelists and everyone's sessions, invitation links, and the e-mails sent to them.
 */

/** Sessions for facilitators and panelists; only a SHA-256 hash of the cookie value is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    kind: text({ enum: ['facilitator', 'panelist'] }).notNull(),
    facilitatorId: integer().references(() => facilitators.id, { onDelete: 'cascade' }),
    panelistId: integer().references(() => panelists.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: text().notNull(),
  },
  (t) => [index('sessions_facilitator_idx').on(t.facilitatorId), index('sessions_panelist_idx').on(t.panelistId)],
);

export const panelists = sqliteTable(
  'panelists',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    email: text(),
    language: text().notNull(),
    /** {attribute name: value}, frozen at enrolment */
    attributes: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
    status: text({ enum: ['invited', 'active', 'withdrawn'] })
      .notNull()
      .default('invited'),
    /** SHA-256 of the invitation token; null once revoked. The raw token is never stored. */
    tokenHash: text().unique(),
    tokenIssuedAt: text(),
    joinedAt: text(),
    withdrawnAt: text(),
    /** Set when the panelist asked for no more reminders (invitations and round notices still go). */
    remindersOptOut: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('panelists_study_code_uq').on(t.studyId, t.code)],
);

export const EMAIL_KINDS = ['invitation', 'round_opened', 'reminder', 'round_closed', 'thank_you'] as const;

export type EmailKind = (typeof EMAIL_KINDS)[number];

/**
 * Further links of a panelist, one per e-mail sent: each message carries a freshly issued token,
 * because only hashes are stored and the first link cannot be shown again. Any live link opens a
 * session; revoking, re-issuing or withdrawing revokes them all; the invitation TTL applies to each.
 */
export const panelistLinks = sqliteTable(
  'panelist_links',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token; the raw token exists only in the e-mail. */
    tokenHash: text().notNull().unique(),
    purpose: text({ enum: EMAIL_KINDS }).notNull(),
    issuedAt: text().notNull(),
    revokedAt: text(),
  },
  (t) => [index('panelist_links_panelist_idx').on(t.panelistId)],
);

/** A study's own wording of an e-mail in one language; without a row the shipped default is used. */
export const emailTemplates = sqliteTable(
  'email_templates',
  {
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    language: text().notNull(),
    kind: text({ enum: EMAIL_KINDS }).notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    updatedBy: integer().references(() => facilitators.id, { onDelete: 'set null' }),
    updatedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.language, t.kind] })],
);

/**
 * Every e-mail the service sends, per panelist. A row is claimed (inserted as queued) before the
 * message goes out; the unique (panelist, dedupe key) makes the claim the only way to send, so no
 * panelist gets the same message twice, even with several server instances on one database.
 */
export const emailLog = sqliteTable(
  'email_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    roundId: integer().references(() => rounds.id, { onDelete: 'cascade' }),
    kind: text({ enum: EMAIL_KINDS }).notNull(),
    /** Which message of its kind: e.g. `7d` (a reminder 7 days before the close) or `manual-2026-03-02`. */
    key: text().notNull(),
    /** `${roundId or 0}:${kind}:${key}`, unique per panelist. */
    dedupeKey: text().notNull(),
    status: text({ enum: ['queued', 'sent', 'failed', 'bounced'] })
      .notNull()
      .default('queued'),
    error: text(),
    messageId: text(),
    createdAt: text().notNull(),
    sentAt: text(),
    /**
     * A queued message belongs to whoever claimed it until then; after that its sender is taken to
     * have died and any instance may take it over (once: see `attempts`). Null once it has a verdict.
     */
    leaseUntil: text(),
    /** Senders that have held it: the claim, a takeover after a lapsed lease, a facilitator's resend. */
    attempts: integer().notNull().default(1),
  },
  (t) => [
    index('email_log_lease_idx').on(t.status, t.leaseUntil),
    uniqueIndex('email_log_panelist_dedupe_uq').on(t.panelistId, t.dedupeKey),
    index('email_log_study_idx').on(t.studyId),
    index('email_log_round_idx').on(t.roundId),
  ],
);
