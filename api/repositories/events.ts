import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { events } from '../../db/schema';

export type EventRow = typeof events.$inferSelect;

/**
 * Appends an event with the study's next sequence number and announces it to every server
 * instance. Call inside the transaction that caused it: the study row is locked first, so two
 * transactions never take the same number, and the announcement goes out only if it commits.
 */
export async function appendEvent(db: Db, studyId: number, audience: EventRow['audience'], type: string, payload: unknown): Promise<EventRow> {
  const { events } = db.t;
  await db.lock('studies', studyId);
  // The next number is read by the insert itself: one round trip fewer on PostgreSQL.
  const seq = sql<number>`(select coalesce(max(${events.seq}), 0) + 1 from ${events} where ${events.studyId} = ${studyId})`;
  const event = one(await db.orm.insert(events).values({ studyId, seq, audience, type, payload }).returning());
  await db.announce(studyId, event.seq);
  return event;
}

export async function listEventsSince(db: Db, studyId: number, seq: number, limit: number): Promise<EventRow[]> {
  const { events } = db.t;
  return await db.orm
    .select()
    .from(events)
    .where(and(eq(events.studyId, studyId), gt(events.seq, seq)))
    .orderBy(asc(events.seq))
    .limit(limit);
}

export async function lastEventSeq(db: Db, studyId: number): Promise<number> {
  const { events } = db.t;
  return (
    first(
      await db.orm
        .select({ seq: sql<number>`coalesce(max(${events.seq}), 0)` })
        .from(events)
        .where(eq(events.studyId, studyId)),
    )?.seq ?? 0
  );
}
