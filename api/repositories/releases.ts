import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { feedbackViews, releasedSnapshots } from '../../db/schema';

export type SnapshotRow = typeof releasedSnapshots.$inferSelect;

/**
 * What a snapshot is released for: an item version on a criterion ('' in a study that names none).
 * Maps below are keyed by `subjectKey`, since each criterion's batches are counted on their own.
 */
export interface Subject {
  itemVersionId: number;
  criterion: string;
}

export const subjectKey = (itemVersionId: number, criterion: string): string => `${itemVersionId}|${criterion}`;

/**
 * Per item version and criterion of a round: saves so far (every first save and every revision, as
 * the sum of the answers' revision numbers) and valid answers (ratings, not "cannot judge"). Both
 * come from the responses themselves, so the save path writes nothing extra for them.
 */
export async function answerClocks(db: Db, roundId: number): Promise<Map<string, Subject & { saves: number; answers: number }>> {
  const { responses } = db.t;
  const rows = await db.orm
    .select({
      itemVersionId: responses.itemVersionId,
      criterion: responses.criterion,
      saves: sql<number>`coalesce(sum(${responses.revision}), 0)`.mapWith(Number),
      answers: sql<number>`count(${responses.value})`.mapWith(Number),
    })
    .from(responses)
    .where(eq(responses.roundId, roundId))
    .groupBy(responses.itemVersionId, responses.criterion);
  return new Map(rows.map((r) => [subjectKey(r.itemVersionId, r.criterion), r]));
}

/** The newest released snapshot of each item version and criterion of a round. */
export async function latestSnapshots(db: Db, roundId: number): Promise<Map<string, SnapshotRow>> {
  const { releasedSnapshots: s } = db.t;
  const rows = await db.orm
    .select()
    .from(s)
    .where(
      and(
        eq(s.roundId, roundId),
        sql`${s.number} = (select max(m.number) from released_snapshots m
          where m.round_id = ${s.roundId} and m.item_version_id = ${s.itemVersionId} and m.criterion = ${s.criterion})`,
      ),
    );
  return new Map(rows.map((r) => [subjectKey(r.itemVersionId, r.criterion), r]));
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

/** Per item version and criterion: the newest snapshot number this panelist has been shown in a round. */
export async function lastSeenSnapshots(db: Db, roundId: number, panelistId: number): Promise<Map<string, number>> {
  const { feedbackViews: v } = db.t;
  const rows = await db.orm
    .select({ itemVersionId: v.itemVersionId, criterion: v.criterion, snapshot: sql<number>`max(${v.snapshot})`.mapWith(Number) })
    .from(v)
    .where(and(eq(v.roundId, roundId), eq(v.panelistId, panelistId)))
    .groupBy(v.itemVersionId, v.criterion);
  return new Map(rows.map((r) => [subjectKey(r.itemVersionId, r.criterion), r.snapshot]));
}

/** Every record of a round's feedback log, oldest first within each panelist, item and criterion. */
export async function listFeedbackViews(db: Db, roundId: number): Promise<FeedbackViewRow[]> {
  const { feedbackViews: v } = db.t;
  return await db.orm.select().from(v).where(eq(v.roundId, roundId)).orderBy(asc(v.panelistId), asc(v.itemVersionId), asc(v.criterion), asc(v.snapshot));
}

/** Snapshots released per item version and criterion of a round. */
export async function countSnapshots(db: Db, roundId: number): Promise<Map<string, number>> {
  const { releasedSnapshots: s } = db.t;
  const rows = await db.orm
    .select({ itemVersionId: s.itemVersionId, criterion: s.criterion, n: sql<number>`count(*)`.mapWith(Number) })
    .from(s)
    .where(eq(s.roundId, roundId))
    .groupBy(s.itemVersionId, s.criterion);
  return new Map(rows.map((r) => [subjectKey(r.itemVersionId, r.criterion), r.n]));
}

/**
 * Panelist id → the given subjects (item version and criterion) they have answered in a round: who
 * is told of a release. Only an answer on the released criterion counts: feedback is shown beside it.
 */
export async function answerersOf(db: Db, roundId: number, subjects: Subject[]): Promise<Map<number, Subject[]>> {
  const out = new Map<number, Subject[]>();
  if (subjects.length === 0) return out;
  const wanted = new Set(subjects.map((x) => subjectKey(x.itemVersionId, x.criterion)));
  const { responses } = db.t;
  const rows = await db.orm
    .select({ panelistId: responses.panelistId, itemVersionId: responses.itemVersionId, criterion: responses.criterion })
    .from(responses)
    .where(and(eq(responses.roundId, roundId), inArray(responses.itemVersionId, [...new Set(subjects.map((x) => x.itemVersionId))])));
  for (const r of rows) {
    if (!wanted.has(subjectKey(r.itemVersionId, r.criterion))) continue;
    const subject = { itemVersionId: r.itemVersionId, criterion: r.criterion };
    const list = out.get(r.panelistId);
    if (list) list.push(subject);
    else out.set(r.panelistId, [subject]);
  }
  return out;
}

/** Every snapshot of a round, by item version, criterion and number. */
export async function listSnapshots(db: Db, roundId: number): Promise<SnapshotRow[]> {
  const { releasedSnapshots: s } = db.t;
  return await db.orm.select().from(s).where(eq(s.roundId, roundId)).orderBy(asc(s.itemVersionId), asc(s.criterion), asc(s.number));
}
