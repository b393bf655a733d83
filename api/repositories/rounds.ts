import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import type { Db } from '../../db/client';
import { itemDecisions, items, itemVersions, roundItems, roundResults, rounds } from '../../db/schema';

export type RoundRow = typeof rounds.$inferSelect;
export type RoundResultRow = typeof roundResults.$inferSelect;

export function listRounds(db: Db, studyId: number): RoundRow[] {
  return db.select().from(rounds).where(eq(rounds.studyId, studyId)).orderBy(asc(rounds.number)).all();
}

export function findRound(db: Db, id: number): RoundRow | undefined {
  return db.select().from(rounds).where(eq(rounds.id, id)).get();
}

export function findOpenRound(db: Db, studyId: number): RoundRow | undefined {
  const query = prepared(db, 'findOpenRound', () =>
    db.select().from(rounds).where(and(eq(rounds.studyId, sql.placeholder('study')), eq(rounds.status, 'open'))).prepare(),
  );
  return query.get({ study: studyId });
}

export function findLatestRound(db: Db, studyId: number): RoundRow | undefined {
  return db.select().from(rounds).where(eq(rounds.studyId, studyId)).orderBy(desc(rounds.number)).limit(1).get();
}

export function findRoundByNumber(db: Db, studyId: number, number: number): RoundRow | undefined {
  return db.select().from(rounds).where(and(eq(rounds.studyId, studyId), eq(rounds.number, number))).get();
}

export function insertRound(db: Db, row: typeof rounds.$inferInsert): RoundRow {
  return db.insert(rounds).values(row).returning().get();
}

/** Changes the status only if it still is `from`; returns false when another request got there first. */
export function transitionRound(db: Db, id: number, from: RoundRow['status'], patch: Partial<typeof rounds.$inferInsert>): boolean {
  const res = db.update(rounds).set(patch).where(and(eq(rounds.id, id), eq(rounds.status, from))).run();
  return res.changes === 1;
}

export function insertRoundItems(db: Db, rows: (typeof roundItems.$inferInsert)[]): void {
  if (rows.length > 0) db.insert(roundItems).values(rows).run();
}

export function countRoundItems(db: Db, roundId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(roundItems).where(eq(roundItems.roundId, roundId)).get()?.n ?? 0;
}

/** The item versions a round presents, in order, with their item. */
export function listRoundItems(db: Db, roundId: number) {
  return db
    .select({ position: roundItems.position, item: items, version: itemVersions })
    .from(roundItems)
    .innerJoin(items, eq(roundItems.itemId, items.id))
    .innerJoin(itemVersions, eq(roundItems.itemVersionId, itemVersions.id))
    .where(eq(roundItems.roundId, roundId))
    .orderBy(asc(roundItems.position))
    .all();
}

export function findRoundItem(db: Db, roundId: number, itemVersionId: number) {
  const query = prepared(db, 'findRoundItem', () =>
    db
      .select()
      .from(roundItems)
      .where(and(eq(roundItems.roundId, sql.placeholder('round')), eq(roundItems.itemVersionId, sql.placeholder('version'))))
      .prepare(),
  );
  return query.get({ round: roundId, version: itemVersionId });
}

export function insertRoundResults(db: Db, rows: (typeof roundResults.$inferInsert)[]): void {
  for (let i = 0; i < rows.length; i += 200) db.insert(roundResults).values(rows.slice(i, i + 200)).run();
}

export function listRoundResults(db: Db, roundId: number): RoundResultRow[] {
  return db.select().from(roundResults).where(eq(roundResults.roundId, roundId)).all();
}

export function insertItemDecisions(db: Db, rows: (typeof itemDecisions.$inferInsert)[]): void {
  if (rows.length > 0) db.insert(itemDecisions).values(rows).run();
}

export function listItemDecisions(db: Db, studyId: number) {
  return db.select().from(itemDecisions).where(eq(itemDecisions.studyId, studyId)).orderBy(asc(itemDecisions.id)).all();
}
