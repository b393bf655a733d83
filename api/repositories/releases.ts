import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { feedbackViews, releasedSnapshots } from '../../db/schema';

export type SnapshotRow = typeof releasedSnapshots.$inferSelect;

/**
 * Per item version of a round: saves so far (every first save and every revision, as the sum of
 * the answers' revision numbers) and valid answers (ratings, not "cannot judge"). Both come from
 * the responses themselves, so the save path writes nothing extra for them.
 */
export async function answerClocks(db: Db, roundId: number): Promise<Map<number, { saves: number; answers: number }>> {
  const { responses } = db.t;
  const rows = await db.orm
    .select({
      itemVersionId: responses.itemVersionId,
      saves: sql<number>`coalesce(sum(${responses.revision}), 0)`.mapWith(Number),
      answers: sql<number>`count(${responses.value})`.mapWith(Number),
    })
    .from(responses)
    .where(eq(responses.roundId, roundId))
    .groupBy(responses.itemVersionId);
  return new Map(rows.map((r) => [r.itemVersionId, { saves: r.saves, answers: r.answers }]));
}

/** The newest released snapshot of each item version of a round. */
export async function latestSnapshots(db: Db, roundId: number): Promise<Map<number, SnapshotRow>> {
  const { releasedSnapshots: s } = db.t;
  const rows = await db.orm
    .select()
    .from(s)
    .where(
      and(
        eq(s.roundId, roundId),
        sql`${s.number} = (select max(m.number) from released_snapshots m where m.round_id = ${s.roundId} and m.item_version_id = ${s.itemVersionId})`,
      ),
    );
  return new Map(rows.map((r) => [r.itemVersionId, r]));
}

/** Stores snapshots; one that another instance released first under the same number is left as it is. */
export async function insertSnapshots(db: Db, rows: SnapshotRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const { releasedSnapshots: s } = db.t;
  const inserted = await db.orm.insert(s).values(rows).onConflictDoNothing().returning({ itemVersionId: s.itemVersionId });
  return inserted.length;
}

export type FeedbackViewRow = typeof feedbackViews.$inferSelect;

/** Records which snapshots a panelist was shown; a snapshot shown again keeps its first record. */
export async function insertFeedbackViews(db: Db, rows: FeedbackViewRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.orm.insert(db.t.feedbackViews).values(rows).onConflictDoNothing();
}

/** Per item version: the newest snapshot number this panelist has been shown in a round. */
export async function lastSeenSnapshots(db: Db, roundId: number, panelistId: number): Promise<Map<number, number>> {
  const { feedbackViews: v } = db.t;
  const rows = await db.orm
    .select({ itemVersionId: v.itemVersionId, snapshot: sql<number>`max(${v.snapshot})`.mapWith(Number) })
    .from(v)
    .where(and(eq(v.roundId, roundId), eq(v.panelistId, panelistId)))
    .groupBy(v.itemVersionId);
  return new Map(rows.map((r) => [r.itemVersionId, r.snapshot]));
}

/** Every record of a round's feedback log, oldest first within each panelist and item. */
export async function listFeedbackViews(db: Db, roundId: number): Promise<FeedbackViewRow[]> {
  const { feedbackViews: v } = db.t;
  return await db.orm.select().from(v).where(eq(v.roundId, roundId)).orderBy(asc(v.panelistId), asc(v.itemVersionId), asc(v.snapshot));
}

/** Snapshots released per item version of a round. */
export async function countSnapshots(db: Db, roundId: number): Promise<Map<number, number>> {
  const { releasedSnapshots: s } = db.t;
  const rows = await db.orm
    .select({ itemVersionId: s.itemVersionId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(s)
    .where(eq(s.roundId, roundId))
    .groupBy(s.itemVersionId);
  return new Map(rows.map((r) => [r.itemVersionId, r.n]));
}

/** Panelist id → the given item versions they have answered in a round: who is told of a release. */
export async function answerersOf(db: Db, roundId: number, itemVersionIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (itemVersionIds.length === 0) return out;
  const { responses } = db.t;
  const rows = await db.orm
    .select({ panelistId: responses.panelistId, itemVersionId: responses.itemVersionId })
    .from(responses)
    .where(and(eq(responses.roundId, roundId), inArray(responses.itemVersionId, itemVersionIds)));
  for (const r of rows) {
    const list = out.get(r.panelistId);
    if (list) list.push(r.itemVersionId);
    else out.set(r.panelistId, [r.itemVersionId]);
  }
  return out;
}

/** Every snapshot of a round, by item version and number. */
export async function listSnapshots(db: Db, roundId: number): Promise<SnapshotRow[]> {
  const { releasedSnapshots: s } = db.t;
  return await db.orm.select().from(s).where(eq(s.roundId, roundId)).orderBy(asc(s.itemVersionId), asc(s.number));
}
