import { pgTable, integer, text, json, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { createdAt, type Json } from './columns';
import { studies } from './studies';

/*
 * The per-study event stream behind the websockets, and the append-only audit log.
 */

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
