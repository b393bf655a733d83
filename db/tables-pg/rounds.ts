import { sql } from 'drizzle-orm';
import { pgTable, integer, doublePrecision, text, json, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import type { ItemRoundResult, RoundAnalysisSummary } from '../../api/contract/result';
import type { BlockKind } from '../../api/contract/blocks';
import { createdAt, jsonText, type Json } from './columns';
import { facilitators, studies, items, itemVersions } from './studies';

/*
 * Rounds: the items and blocks each presents, the results frozen at a close, and what happened to
 * each item between rounds.
 */

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
