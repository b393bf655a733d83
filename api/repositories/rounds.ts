import { and, asc, count, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { itemDecisions, roundItems, roundResults, rounds } from '../../db/schema';

export type RoundRow = typeof rounds.$inferSelect;
export type RoundResultRow = typeof roundResults.$inferSelect;
export type ItemDecisionRow = typeof itemDecisions.$inferSelect;

export async function listRounds(db: Db, studyId: number): Promise<RoundRow[]> {
  const { rounds } = db.t;
  return await db.orm.select().from(rounds).where(eq(rounds.studyId, studyId)).orderBy(asc(rounds.number));
}

export async function findRound(db: Db, id: number): Promise<RoundRow | undefined> {
  const { rounds } = db.t;
  return first(await db.orm.select().from(rounds).where(eq(rounds.id, id)));
}

export async function findOpenRound(db: Db, studyId: number): Promise<RoundRow | undefined> {
  const query = db.prepared('findOpenRound', (d) =>
    d.orm
      .select()
      .from(d.t.rounds)
      .where(and(eq(d.t.rounds.studyId, sql.placeholder('study')), eq(d.t.rounds.status, 'open'))),
  );
  return first(await query({ study: studyId }));
}

/**
 * The open round, share-locked until the transaction ends: a close (which updates the round row)
 * waits for the saves in progress, and a save that waited for a close finds no open round.
 */
export async function findOpenRoundLocked(tx: Db, studyId: number): Promise<RoundRow | undefined> {
  const { rounds } = tx.t;
  const query = tx.prepared(
    'findOpenRoundLocked',
    (d) =>
      d.orm
        .select()
        .from(rounds)
        .where(and(eq(rounds.studyId, sql.placeholder('study')), eq(rounds.status, 'open'))),
    { lock: 'share' },
  );
  return first(await query({ study: studyId }));
}

export async function findLatestRound(db: Db, studyId: number): Promise<RoundRow | undefined> {
  const { rounds } = db.t;
  return first(await db.orm.select().from(rounds).where(eq(rounds.studyId, studyId)).orderBy(desc(rounds.number)).limit(1));
}

export async function findRoundByNumber(db: Db, studyId: number, number: number): Promise<RoundRow | undefined> {
  const { rounds } = db.t;
  return first(
    await db.orm
      .select()
      .from(rounds)
      .where(and(eq(rounds.studyId, studyId), eq(rounds.number, number))),
  );
}

export async function insertRound(db: Db, row: typeof rounds.$inferInsert): Promise<RoundRow> {
  const { rounds } = db.t;
  return one(await db.orm.insert(rounds).values(row).returning());
}

/** Changes the status only if it still is `from`; returns the changed round, or undefined when another request got there first. */
export async function transitionRound(db: Db, id: number, from: RoundRow['status'], patch: Partial<typeof rounds.$inferInsert>): Promise<RoundRow | undefined> {
  const { rounds } = db.t;
  return first(
    await db.orm
      .update(rounds)
      .set(patch)
      .where(and(eq(rounds.id, id), eq(rounds.status, from)))
      .returning(),
  );
}

export async function insertRoundItems(db: Db, rows: (typeof roundItems.$inferInsert)[]): Promise<void> {
  const { roundItems } = db.t;
  if (rows.length > 0) await db.orm.insert(roundItems).values(rows);
}

export async function countRoundItems(db: Db, roundId: number): Promise<number> {
  const { roundItems } = db.t;
  return first(await db.orm.select({ n: count() }).from(roundItems).where(eq(roundItems.roundId, roundId)))?.n ?? 0;
}

/** How many items each round of a study presents, in one grouped query (rounds without items are absent). */
export async function countItemsPerRound(db: Db, studyId: number): Promise<Map<number, number>> {
  const { roundItems, rounds } = db.t;
  const rows = await db.orm
    .select({ roundId: roundItems.roundId, n: count() })
    .from(roundItems)
    .innerJoin(rounds, eq(roundItems.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .groupBy(roundItems.roundId);
  return new Map(rows.map((r) => [r.roundId, Number(r.n)]));
}

/** The item versions a round presents, in order, with their item. */
export async function listRoundItems(db: Db, roundId: number) {
  const { items, itemVersions, roundItems } = db.t;
  return await db.orm
    .select({ position: roundItems.position, item: items, version: itemVersions })
    .from(roundItems)
    .innerJoin(items, eq(roundItems.itemId, items.id))
    .innerJoin(itemVersions, eq(roundItems.itemVersionId, itemVersions.id))
    .where(eq(roundItems.roundId, roundId))
    .orderBy(asc(roundItems.position));
}

export async function findRoundItem(db: Db, roundId: number, itemVersionId: number) {
  const { roundItems } = db.t;
  const query = db.prepared('findRoundItem', (d) =>
    d.orm
      .select()
      .from(roundItems)
      .where(and(eq(roundItems.roundId, sql.placeholder('round')), eq(roundItems.itemVersionId, sql.placeholder('version')))),
  );
  return first(await query({ round: roundId, version: itemVersionId }));
}

export async function insertRoundResults(db: Db, rows: (typeof roundResults.$inferInsert)[]): Promise<void> {
  const { roundResults } = db.t;
  for (let i = 0; i < rows.length; i += 200) await db.orm.insert(roundResults).values(rows.slice(i, i + 200));
}

export async function listRoundResults(db: Db, roundId: number): Promise<RoundResultRow[]> {
  const { roundItems, roundResults } = db.t;
  // In the order the round presented the items, as they were stored.
  return await db.orm
    .select(getTableColumns(roundResults))
    .from(roundResults)
    .innerJoin(roundItems, and(eq(roundItems.roundId, roundResults.roundId), eq(roundItems.itemVersionId, roundResults.itemVersionId)))
    .where(eq(roundResults.roundId, roundId))
    .orderBy(asc(roundItems.position));
}

export async function insertItemDecisions(db: Db, rows: (typeof itemDecisions.$inferInsert)[]): Promise<void> {
  const { itemDecisions } = db.t;
  if (rows.length > 0) await db.orm.insert(itemDecisions).values(rows);
}

export async function listItemDecisions(db: Db, studyId: number) {
  const { itemDecisions } = db.t;
  return await db.orm.select().from(itemDecisions).where(eq(itemDecisions.studyId, studyId)).orderBy(asc(itemDecisions.id));
}
