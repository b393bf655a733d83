import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { createdAt, type Json } from './columns';
import { studies } from './studies';

/*
 * The per-study event stream behind the websockets, and the append-only audit log.
 */

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
