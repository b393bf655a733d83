import { sql } from 'drizzle-orm';
import { sqliteTable, integer, real, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import type { Protocol } from '../api/contract/protocol';
import type { ItemRoundResult, RoundAnalysisSummary } from '../api/contract/result';
import type { StudyAttribute, StudyCriterion, StudyScale } from '../api/contract/study';
import type { StudyReporting } from '../api/contract/reporting';
import type { BlockKind } from '../api/contract/blocks';

// Column names come out snake_case through drizzle's `casing` option (db/client.ts, drizzle.config.ts).
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const createdAt = () => text().notNull().default(now);

export type Json = unknown;

export const facilitators = sqliteTable('facilitators', {
  id: integer().primaryKey({ autoIncrement: true }),
  email: text().notNull().unique(),
  name: text().notNull().default(''),
  passwordHash: text().notNull(),
  isAdmin: integer({ mode: 'boolean' }).notNull().default(false),
  mustChangePassword: integer({ mode: 'boolean' }).notNull().default(true),
  /** When the one-time password stops working (null once the facilitator has chosen a password). */
  oneTimePasswordExpiresAt: text(),
  /** The console language the facilitator chose (a UI language code); null: follow the browser. */
  language: text(),
  createdAt: createdAt(),
});

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

export const studies = sqliteTable('studies', {
  id: integer().primaryKey({ autoIncrement: true }),
  slug: text().notNull().unique(),
  title: text().notNull(),
  aim: text().notNull().default(''),
  /** BCP-47 codes; the first is the study's default language. */
  languages: text({ mode: 'json' }).$type<string[]>().notNull(),
  /** Panel attributes: [{name, label, values}] */
  attributes: text({ mode: 'json' }).$type<StudyAttribute[]>().notNull(),
  /** Rating scale: {min, max, cannotJudge, labels: {lang: {value: label}}} */
  scale: text({ mode: 'json' }).$type<StudyScale>().notNull(),
  /**
   * Criteria each item is rated on (consensus-methods.md §15.1), each with its own scale and band;
   * empty: one unnamed criterion on `scale` with the protocol's bands, as before criteria existed.
   */
  criteria: text({ mode: 'json' })
    .$type<StudyCriterion[]>()
    .notNull()
    .default(sql`'[]'`),
  /** The consensus protocol (consensus-methods.md §5.1), validated on save, locked at round 1. */
  protocol: text({ mode: 'json' }).$type<Protocol>().notNull(),
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
  reporting: text({ mode: 'json' }).$type<StudyReporting>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

export const studyMembers = sqliteTable(
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

export const categories = sqliteTable(
  'categories',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    position: integer().notNull().default(0),
    /** {lang: name} */
    names: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
  },
  (t) => [uniqueIndex('categories_study_code_uq').on(t.studyId, t.code)],
);

export const items = sqliteTable(
  'items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
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

export const itemVersions = sqliteTable(
  'item_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    itemId: integer()
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    /** {lang: text} */
    texts: text({ mode: 'json' }).$type<Record<string, string>>().notNull(),
    previousVersionId: integer(),
    reason: text(),
    /** Response ids whose comments prompted this rewording. */
    sourceResponseIds: text({ mode: 'json' })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('item_versions_item_version_uq').on(t.itemId, t.version)],
);

export const rounds = sqliteTable(
  'rounds',
  {
    id: integer().primaryKey({ autoIncrement: true }),
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
    instructions: text({ mode: 'json' })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    opensAt: text(),
    closesAt: text(),
    openedAt: text(),
    closedAt: text(),
    /** E-mail reminders before the close: [{daysBeforeClose}], sent to those who have not completed the round. */
    reminders: text({ mode: 'json' })
      .$type<{ daysBeforeClose: number }[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Round-level output of the statistics engine (settings echo, multiplicity families). */
    analysis: text({ mode: 'json' }).$type<RoundAnalysisSummary>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rounds_study_number_uq').on(t.studyId, t.number)],
);

export const roundItems = sqliteTable(
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

export const responses = sqliteTable(
  'responses',
  {
    id: integer().primaryKey({ autoIncrement: true }),
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
    cannotJudge: integer({ mode: 'boolean' }).notNull().default(false),
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
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    requestHash: text().notNull(),
    statusCode: integer().notNull(),
    response: text({ mode: 'json' }).$type<Json>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.panelistId, t.key] })],
);

export const ideas = sqliteTable(
  'ideas',
  {
    id: integer().primaryKey({ autoIncrement: true }),
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
export const commentTranslations = sqliteTable(
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
export const roundResults = sqliteTable(
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
    result: text({ mode: 'json' }).$type<ItemRoundResult>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.itemVersionId] })],
);

/**
 * Provisional figures released while a round is open (api/services/release-service.ts): a new
 * snapshot of an item on a criterion only after at least k further saves on it, so that no two snapshots a viewer can
 * compare differ by one panelist's answer. Kept, not overwritten: real-time mode reports how many
 * were released and which one a panelist saw.
 */
export const releasedSnapshots = sqliteTable(
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
    result: text({ mode: 'json' }).$type<Json>().notNull(),
    /**
     * Panelist id → value (null for "cannot judge") of every answer the figures rest on, so the next
     * release can count changed panelists. Server-only; null on snapshots released before it existed.
     */
    basis: text({ mode: 'json' }).$type<Json>(),
    releasedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.itemVersionId, t.criterion, t.number] })],
);

/**
 * Which released snapshot of an item a panelist of a real-time round was shown, with the answer
 * they held at that moment: the report's feedback log and feedback effect rest on it.
 */
export const feedbackViews = sqliteTable(
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
export const studyKeys = sqliteTable(
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
export const itemDecisions = sqliteTable(
  'item_decisions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
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
    sourceIdeaIds: text({ mode: 'json' })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Lineage between items: for merge/split the items it became, for merged/split_off the items it came from. */
    linkedItemIds: text({ mode: 'json' })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    decidedBy: integer().references(() => facilitators.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('item_decisions_round_item_uq').on(t.roundId, t.itemId)],
);

/** Per-study event stream: drives the websocket and replay after a reconnect. */
export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    studyId: integer()
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    audience: text({ enum: ['all', 'facilitators'] }).notNull(),
    type: text().notNull(),
    payload: text({ mode: 'json' }).$type<Json>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('events_study_seq_uq').on(t.studyId, t.seq)],
);

/** Append-only record of facilitator actions; triggers in the migrations refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    studyId: integer(),
    facilitatorId: integer(),
    action: text().notNull(),
    details: text({ mode: 'json' }).$type<Json>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_study_idx').on(t.studyId)],
);

/**
 * Question blocks of a round (design.md "Questions: what a round can ask"): a ranking, relations…
 * shown in `position` order after the round's rated items. `config` is the kind's own (checked by
 * its module in api/services/blocks/), `instructions` {lang: text}.
 */
export const roundBlocks = sqliteTable(
  'round_blocks',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    roundId: integer()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: text().$type<BlockKind>().notNull(),
    config: text({ mode: 'json' }).$type<Json>().notNull(),
    instructions: text({ mode: 'json' })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    /** Relations: the influence-map threshold the facilitator set after the close; null = α, the mean of T. The frozen result is not touched. */
    threshold: real(),
  },
  (t) => [uniqueIndex('round_blocks_round_position_uq').on(t.roundId, t.position)],
);

/** A panelist's answer to one subject of a block: an item's rank, a pair's relation. */
export const blockAnswers = sqliteTable(
  'block_answers',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    blockId: integer()
      .notNull()
      .references(() => roundBlocks.id, { onDelete: 'cascade' }),
    roundId: integer().notNull(),
    panelistId: integer()
      .notNull()
      .references(() => panelists.id, { onDelete: 'cascade' }),
    /** What is answered: an item code (ranking), `FROM>TO` (relations); the kind's module decides. */
    subject: text().notNull(),
    /** Null with cannotJudge, or for a subject left unranked. */
    value: integer(),
    cannotJudge: integer({ mode: 'boolean' }).notNull().default(false),
    revision: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('block_answers_block_panelist_subject_uq').on(t.blockId, t.panelistId, t.subject), index('block_answers_round_idx').on(t.roundId)],
);

/** A block's result, computed by its kind's module and frozen when the round closes. */
export const blockResults = sqliteTable(
  'block_results',
  {
    blockId: integer()
      .notNull()
      .references(() => roundBlocks.id, { onDelete: 'cascade' }),
    result: text({ mode: 'json' }).$type<Json>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.blockId] })],
);
