import { sql } from 'drizzle-orm';
import { pgTable, integer, doublePrecision, text, boolean, json, uniqueIndex, index, primaryKey, customType } from 'drizzle-orm/pg-core';
import type { Protocol } from '../api/contract/protocol';
import type { ItemRoundResult, RoundAnalysisSummary } from '../api/contract/result';
import type { StudyAttribute, StudyCriterion, StudyScale } from '../api/contract/study';
import type { StudyReporting } from '../api/contract/reporting';
import type { BlockKind } from '../api/contract/blocks';
import { EMAIL_KINDS, type Json } from './schema';

/*
 * The PostgreSQL twin of db/schema.ts. The repositories are typed with the SQLite tables and run
 * against these on PostgreSQL, so every table, column, index and key here matches its SQLite
 * original and the row types are identical (test/db/schema-parity.test.ts holds them together).
 * Timestamps stay ISO-8601 text, and JSON is `json` rather than `jsonb` because `json` keeps the
 * text as written: key order and bytes come back exactly as on SQLite. The large results are plain
 * text holding JSON (jsonText below), which keeps it as written too.
 */

export { EMAIL_KINDS, type EmailKind, type Json } from './schema';

// Column names come out snake_case through drizzle's `casing` option (db/postgres.ts, drizzle.pg.config.ts).
// Same text as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ','now'): UTC, milliseconds, a trailing Z.
const now = sql`(to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
const createdAt = () => text().notNull().default(now);

/**
 * A large JSON document the service writes whole and reads whole, and never queries into: the
 * engine's results and a round's summary. Kept as `text`, because `json` parses every document on
 * insert only to validate it: for the 1.7 MB of a 200-item close that took 20 ms of the server's
 * time against 4 ms as text. The text is JSON.stringify's, read back with JSON.parse, as on SQLite.
 */
const jsonText = <T>() =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => JSON.parse(value) as T,
  })();

export const facilitators = pgTable('facilitators', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  email: text().notNull().unique(),
  name: text().notNull().default(''),
  passwordHash: text().notNull(),
  isAdmin: boolean().notNull().default(false),
  mustChangePassword: boolean().notNull().default(true),
  /** When the one-time password stops working (null once the facilitator has chosen a password). */
  oneTimePasswordExpiresAt: text(),
  /** The console language the facilitator chose (a UI language code); null: follow the browser. */
  language: text(),
  createdAt: createdAt(),
});

/** Sessions for facilitators and panelists; only a SHA-256 hash of the cookie value is stored. */
export const sessions = pgTable(
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

export const studies = pgTable('studies', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  slug: text().notNull().unique(),
  title: text().notNull(),
  aim: text().notNull().default(''),
  /** BCP-47 codes; the first is the study's default language. */
  languages: json().$type<string[]>().notNull(),
  /** Panel attributes: [{name, label, values}] */
  attributes: json().$type<StudyAttribute[]>().notNull(),
  /** Rating scale: {min, max, cannotJudge, labels: {lang: {value: label}}} */
  scale: json().$type<StudyScale>().notNull(),
  /**
   * Criteria each item is rated on (consensus-methods.md §15.1), each with its own scale and band;
   * empty: one unnamed criterion on `scale` with the protocol's bands, as before criteria existed.
   */
  criteria: json()
    .$type<StudyCriterion[]>()
    .notNull()
    .default(sql`'[]'::json`),
  /** The consensus protocol (consensus-methods.md §5.1), validated on save, locked at round 1. */
  protocol: json().$type<Protocol>().notNull(),
  protocolLockedAt: text(),
  anonymity: text({ enum: ['quasi', 'strict'] })
    .notNull()
    .default('quasi'),
  minGroupSize: integer().notNull().default(5),
  withdrawalPolicy: text({ enum: ['keep', 'erase'] })
    .notNull()
    .default('keep'),
  timeNeededMinutes: integer().notNull().default(15),
  status: text({ enum: ['draft', 'running', 'closed'] })
    .notNull()
    .default('draft'),
  /** IANA time zone in which the study's dates are shown (e-mails, console). */
  timeZone: text().notNull().default('Europe/London'),
  /** What the facilitator writes for the report (rationale, recruitment, ethics...): api/contract/reporting.ts */
  reporting: json().$type<StudyReporting>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

export const studyMembers = pgTable(
  'study_members',
  {
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    facilitatorId: integer()
      .notNull()
      .references(() => facilitators.id, { onDelete: 'cascade' }),
    role: text({ enum: ['owner', 'facilitator', 'observer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.facilitatorId] })],
);

export const categories = pgTable(
  'categories',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    position: integer().notNull().default(0),
    /** {lang: name} */
    names: json().$type<Record<string, string>>().notNull(),
  },
  (t) => [uniqueIndex('categories_study_code_uq').on(t.studyId, t.code)],
);

export const items = pgTable(
  'items',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    categoryId: integer().references(() => categories.id, { onDelete: 'set null' }),
    code: text().notNull(),
    position: integer().notNull().default(0),
    status: text({ enum: ['active', 'dropped', 'settled'] })
      .notNull()
      .default('active'),
    /** Round in which the item first appeared (null while still a draft). */
    addedInRound: integer(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('items_study_code_uq').on(t.studyId, t.code)],
);

export const itemVersions = pgTable(
  'item_versions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    itemId: integer()
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    /** {lang: text} */
    texts: json().$type<Record<string, string>>().notNull(),
    previousVersionId: integer(),
    reason: text(),
    /** Response ids whose comments prompted this rewording. */
    sourceResponseIds: json()
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'::json`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('item_versions_item_version_uq').on(t.itemId, t.version)],
);

export const rounds = pgTable(
  'rounds',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    kind: text({ enum: ['rating', 'ideas'] }).notNull(),
    /**
     * `classic`: feedback at the close. `realtime` (Gordon & Pease 2006): one long rating round in
     * which a panelist sees released snapshots of an item once they have answered it.
     */
    mode: text({ enum: ['classic', 'realtime'] })
      .notNull()
      .default('classic'),
    status: text({ enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    /** Instructions shown to panelists: {lang: text} */
    instructions: json()
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::json`),
    opensAt: text(),
    closesAt: text(),
    openedAt: text(),
    closedAt: text(),
    /** E-mail reminders before the close: [{daysBeforeClose}], sent to those who have not completed the round. */
    reminders: json()
      .$type<{ daysBeforeClose: number }[]>()
      .notNull()
      .default(sql`'[]'::json`),
    /** Round-level output of the statistics engine (settings echo, multiplicity families). */
    analysis: jsonText<RoundAnalysisSummary>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rounds_study_number_uq').on(t.studyId, t.number)],
);

export const roundItems = pgTable(
  'round_items',
  {
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    itemVersionId: integer()
      .notNull()
      .references(() => itemVersions.id),
    itemId: integer()
      .notNull()
      .references(() => items.id),
    position: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.itemVersionId] }), uniqueIndex('round_items_round_item_uq').on(t.roundId, t.itemId)],
);

export const panelists = pgTable(
  'panelists',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    email: text(),
    language: text().notNull(),
    /** {attribute name: value}, frozen at enrolment */
    attributes: json().$type<Record<string, string>>().notNull(),
    status: text({ enum: ['invited', 'active', 'withdrawn'] })
      .notNull()
      .default('invited'),
    /** SHA-256 of the invitation token; null once revoked. The raw token is never stored. */
    tokenHash: text().unique(),
    tokenIssuedAt: text(),
    joinedAt: text(),
    withdrawnAt: text(),
    /** Set when the panelist asked for no more reminders (invitations and round notices still go). */
    remindersOptOut: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('panelists_study_code_uq').on(t.studyId, t.code)],
);

/**
 * Further links of a panelist, one per e-mail sent: each message carries a freshly issued token,
 * because only hashes are stored and the first link cannot be shown again. Any live link opens a
 * session; revoking, re-issuing or withdrawing revokes them all; the invitation TTL applies to each.
 */
export const panelistLinks = pgTable(
  'panelist_links',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
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
export const emailTemplates = pgTable(
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
export const emailLog = pgTable(
  'email_log',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
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

export const responses = pgTable(
  'responses',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    itemVersionId: integer()
      .notNull()
      .references(() => itemVersions.id),
    /** The criterion code the rating is on; '' for the unnamed criterion of a study without named criteria. */
    criterion: text().notNull().default(''),
    /** Rating on the criterion's scale; null with cannotJudge = true. */
    value: integer(),
    cannotJudge: boolean().notNull().default(false),
    comment: text(),
    /** The language the panelist wrote the comment in: their language at the save. */
    language: text().notNull().default(''),
    revision: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('responses_round_panelist_version_criterion_uq').on(t.roundId, t.panelistId, t.itemVersionId, t.criterion),
    index('responses_round_idx').on(t.roundId),
  ],
);

/** Remembers each idempotency key a panelist used, with the request's hash and the reply sent. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    requestHash: text().notNull(),
    statusCode: integer().notNull(),
    response: json().$type<Json>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.panelistId, t.key] })],
);

export const ideas = pgTable(
  'ideas',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    categoryId: integer().references(() => categories.id, { onDelete: 'set null' }),
    text: text().notNull(),
    /** The language the panelist wrote the idea in. */
    language: text().notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('ideas_round_idx').on(t.roundId)],
);

/**
 * The study team's translation of a comment into another study language. No author and no time
 * of the comment is copied here; the comment is reached through its response, which is erased
 * (and its translations with it) when a panelist's answers are.
 */
export const commentTranslations = pgTable(
  'comment_translations',
  {
    responseId: integer()
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    language: text().notNull(),
    text: text().notNull(),
    /** The comment as it read when translated: a translation of words the panelist has since changed is not shown. */
    source: text().notNull(),
    translatedBy: integer().references(() => facilitators.id, { onDelete: 'set null' }),
    updatedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.language] })],
);

/** Frozen statistics and outcome per item version of a closed round (engine output, JSON). */
export const roundResults = pgTable(
  'round_results',
  {
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    itemVersionId: integer()
      .notNull()
      .references(() => itemVersions.id),
    itemId: integer()
      .notNull()
      .references(() => items.id),
    outcome: text().notNull(),
    result: jsonText<ItemRoundResult>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.itemVersionId] })],
);

/**
 * Provisional figures released while a round is open (api/services/release-service.ts): a new
 * snapshot of an item on a criterion only after at least k further saves on it, so that no two snapshots a viewer can
 * compare differ by one panelist's answer. Kept, not overwritten: real-time mode reports how many
 * were released and which one a panelist saw.
 */
export const releasedSnapshots = pgTable(
  'released_snapshots',
  {
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    itemVersionId: integer()
      .notNull()
      .references(() => itemVersions.id),
    /** The criterion the figures are released for (responses.criterion); '' in a study that names none. */
    criterion: text().notNull().default(''),
    /** 1, 2, 3 … per round, item version and criterion. */
    number: integer().notNull(),
    /** Saves and revisions of the item's answers counted at release: the batch rule's clock. */
    saves: integer().notNull(),
    /** Valid answers (ratings, not "cannot judge") the figures are based on. */
    answers: integer().notNull(),
    /** Engine output for the item (ItemRoundResult), stored unsuppressed like round_results. */
    result: jsonText<Json>().notNull(),
    /**
     * Panelist id → value (null for "cannot judge") of every answer the figures rest on, so the next
     * release can count changed panelists. Server-only; null on snapshots released before it existed.
     */
    basis: jsonText<Json>(),
    releasedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.itemVersionId, t.criterion, t.number] })],
);

/**
 * Which released snapshot of an item a panelist of a real-time round was shown, with the answer
 * they held at that moment: the report's feedback log and feedback effect rest on it.
 */
export const feedbackViews = pgTable(
  'feedback_views',
  {
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    itemVersionId: integer()
      .notNull()
      .references(() => itemVersions.id),
    /** The criterion of the snapshot shown; '' in a study that names none. */
    criterion: text().notNull().default(''),
    /** The snapshot's number (released_snapshots.number). */
    snapshot: integer().notNull(),
    /** The panelist's own answer when shown: null for "cannot judge". */
    ownValue: integer(),
    seenAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.panelistId, t.itemVersionId, t.criterion, t.snapshot] })],
);

/** A secret per study that turns row ids into the opaque ids facilitators see (api/services/opaque-ids.ts). */
export const studyKeys = pgTable(
  'study_keys',
  {
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    secret: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.studyId] })],
);

/** What happened to each item between rounds: the item flow of the report. */
export const itemDecisions = pgTable(
  'item_decisions',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    /** The round the decision leads into. */
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    itemId: integer()
      .notNull()
      .references(() => items.id),
    /** merge/split: the item left, merged or split into the items in linkedItemIds; merged/split_off: a new item made from linkedItemIds. */
    action: text({ enum: ['carry', 'reword', 'add', 'drop', 'retire', 'merge', 'split', 'merged', 'split_off'] }).notNull(),
    itemVersionId: integer().references(() => itemVersions.id),
    reason: text(),
    sourceIdeaIds: json()
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'::json`),
    /** Lineage between items: for merge/split the items it became, for merged/split_off the items it came from. */
    linkedItemIds: json()
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'::json`),
    decidedBy: integer().references(() => facilitators.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('item_decisions_round_item_uq').on(t.roundId, t.itemId)],
);

/** Per-study event stream: drives the websocket and replay after a reconnect. */
export const events = pgTable(
  'events',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    audience: text({ enum: ['all', 'facilitators'] }).notNull(),
    type: text().notNull(),
    payload: json().$type<Json>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('events_study_seq_uq').on(t.studyId, t.seq)],
);

/** Append-only record of facilitator actions; triggers in the migrations refuse UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    studyId: integer(),
    facilitatorId: integer(),
    action: text().notNull(),
    details: json().$type<Json>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_study_idx').on(t.studyId)],
);

/** See db/schema.ts. */
export const roundBlocks = pgTable(
  'round_blocks',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: text().$type<BlockKind>().notNull(),
    config: json().$type<Json>().notNull(),
    instructions: json()
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::json`),
    /** Relations: the influence-map threshold the facilitator set after the close; null = α, the mean of T. The frozen result is not touched. */
    threshold: doublePrecision(),
  },
  (t) => [uniqueIndex('round_blocks_round_position_uq').on(t.roundId, t.position)],
);

export const blockAnswers = pgTable(
  'block_answers',
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity(),
    blockId: integer()
      .notNull()
      .references(() => roundBlocks.id, { onDelete: 'cascade' }),
    roundId: integer().notNull(),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    subject: text().notNull(),
    value: integer(),
    cannotJudge: boolean().notNull().default(false),
    revision: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('block_answers_block_panelist_subject_uq').on(t.blockId, t.panelistId, t.subject), index('block_answers_round_idx').on(t.roundId)],
);

export const blockResults = pgTable(
  'block_results',
  {
    blockId: integer()
      .notNull()
      .references(() => roundBlocks.id, { onDelete: 'cascade' }),
    result: jsonText<Json>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.blockId] })],
);
