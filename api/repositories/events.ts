import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events } from '../../db/schema';

export type EventRow = typeof events.$inferSelect;

/** Appends an event with the study's next sequence number; call inside the transaction that caused it. */
export function appendEvent(db: Db, studyId: number, audience: EventRow['audience'], type: string, payload: unknown): EventRow {
  const last = db.select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events).where(eq(events.studyId, studyId)).get();
  return db
    .insert(events)
    .values({ studyId, seq: (last?.seq ?? 0) + 1, audience, type, payload })
    .returning()
    .get();
}

export function listEventsSince(db: Db, studyId: number, seq: number, limit: number): EventRow[] {
  return db
    .select()
    .from(events)
    .where(and(eq(events.studyId, studyId), gt(events.seq, seq)))
    .orderBy(asc(events.seq))
    .limit(limit)
    .all();
}

export function lastEventSeq(db: Db, studyId: number): number {
  return db.select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events).where(eq(events.studyId, studyId)).get()?.seq ?? 0;
}
