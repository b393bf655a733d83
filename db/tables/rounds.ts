import { sql } from 'drizzle-orm';
import { sqliteTable, integer, real, text, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import type { ItemRoundResult, RoundAnalysisSummary } from '../../api/contract/result';
import type { BlockKind } from '../../api/contract/blocks';
import { createdAt, type Json } from './columns';
import { facilitators, studies, items, itemVersions } from './studies';

/*
 * Rounds: the items and blocks each presents, the results frozen at a close, and what happened to
 * each item between rounds.
 */

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
