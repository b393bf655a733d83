import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import type { Protocol } from '../../api/contract/protocol';
import type { StudyAttribute, StudyCriterion, StudyScale } from '../../api/contract/study';
import type { StudyReporting } from '../../api/contract/reporting';
import { createdAt } from './columns';

/*
 * Facilitators, studies and their members, and the items with their versions: what the rest refers to.
 */

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
