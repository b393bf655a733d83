import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { releasedSnapshots } from '../../db/schema';

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
