import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { createdAt, type Json } from './columns';
import { facilitators, categories, itemVersions } from './studies';
import { rounds, roundBlocks } from './rounds';
import { panelists } from './panel';

/*
 * What panelists answer (ratings, ideas, block answers) with the idempotency keys of their saves,
 * comment translations, and a real-time round's released snapshots and what each panelist was shown.
 */

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
