import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { blockAnswers, roundBlocks } from '../../db/schema';
import type { BlockKind } from '../contract/blocks';

export type BlockRow = typeof roundBlocks.$inferSelect;
export type BlockAnswerRow = typeof blockAnswers.$inferSelect;

export async function listBlocks(db: Db, roundId: number): Promise<BlockRow[]> {
  const { roundBlocks } = db.t;
  return await db.orm.select().from(roundBlocks).where(eq(roundBlocks.roundId, roundId)).orderBy(asc(roundBlocks.position));
}

/** Every block of the given rounds, in round order of the ids given and position order within one. */
export async function listBlocksOfRounds(db: Db, roundIds: number[]): Promise<BlockRow[]> {
  if (roundIds.length === 0) return [];
  const { roundBlocks } = db.t;
  return await db.orm.select().from(roundBlocks).where(inArray(roundBlocks.roundId, roundIds)).orderBy(asc(roundBlocks.roundId), asc(roundBlocks.position));
}

export async function findBlock(db: Db, blockId: number): Promise<BlockRow | undefined> {
  const { roundBlocks } = db.t;
  return first(await db.orm.select().from(roundBlocks).where(eq(roundBlocks.id, blockId)));
}

export async function insertBlock(db: Db, row: { roundId: number; position: number; kind: BlockKind; config: unknown; instructions: Record<string, string> }) {
  const { roundBlocks } = db.t;
  return one(await db.orm.insert(roundBlocks).values(row).returning());
}

export async function updateBlock(
  db: Db,
  blockId: number,
  change: { position?: number; config?: unknown; instructions?: Record<string, string>; threshold?: number | null },
) {
  const { roundBlocks } = db.t;
  return one(await db.orm.update(roundBlocks).set(change).where(eq(roundBlocks.id, blockId)).returning());
}

export async function deleteBlock(db: Db, blockId: number): Promise<void> {
  const { roundBlocks } = db.t;
  await db.orm.delete(roundBlocks).where(eq(roundBlocks.id, blockId));
}

export async function listBlockAnswers(db: Db, blockId: number): Promise<BlockAnswerRow[]> {
  const { blockAnswers } = db.t;
  return await db.orm.select().from(blockAnswers).where(eq(blockAnswers.blockId, blockId)).orderBy(asc(blockAnswers.id));
}

export async function listBlockAnswersOfPanelist(db: Db, roundId: number, panelistId: number): Promise<BlockAnswerRow[]> {
  const { blockAnswers } = db.t;
  return await db.orm
    .select()
    .from(blockAnswers)
    .where(and(eq(blockAnswers.roundId, roundId), eq(blockAnswers.panelistId, panelistId)))
    .orderBy(asc(blockAnswers.id));
}

export async function listBlockAnswersOfRound(db: Db, roundId: number): Promise<BlockAnswerRow[]> {
  const { blockAnswers } = db.t;
  return await db.orm.select().from(blockAnswers).where(eq(blockAnswers.roundId, roundId)).orderBy(asc(blockAnswers.id));
}

/** Removes a panelist's answers of a block to the given subjects (every subject when `subjects` is null). */
export async function deleteBlockAnswers(db: Db, blockId: number, panelistId: number, subjects: string[] | null): Promise<void> {
  const { blockAnswers } = db.t;
  const mine = and(eq(blockAnswers.blockId, blockId), eq(blockAnswers.panelistId, panelistId));
  await db.orm.delete(blockAnswers).where(subjects === null ? mine : and(mine, inArray(blockAnswers.subject, subjects)));
}

/** Stores or revises one answer; a revision bumps `revision`. */
export async function upsertBlockAnswer(
  db: Db,
  row: { blockId: number; roundId: number; panelistId: number; subject: string; value: number | null; cannotJudge: boolean; nowIso: string },
): Promise<BlockAnswerRow> {
  const { blockAnswers } = db.t;
  const { nowIso, ...values } = row;
  return one(
    await db.orm
      .insert(blockAnswers)
      .values({ ...values, createdAt: nowIso, updatedAt: nowIso })
      .onConflictDoUpdate({
        target: [blockAnswers.blockId, blockAnswers.panelistId, blockAnswers.subject],
        set: { value: row.value, cannotJudge: row.cannotJudge, revision: sql`${blockAnswers.revision} + 1`, updatedAt: nowIso },
      })
      .returning(),
  );
}

export async function insertBlockResult(db: Db, blockId: number, result: unknown): Promise<void> {
  const { blockResults } = db.t;
  await db.orm.insert(blockResults).values({ blockId, result });
}

/** Frozen results by block id. */
export async function listBlockResults(db: Db, blockIds: number[]): Promise<Map<number, unknown>> {
  if (blockIds.length === 0) return new Map();
  const { blockResults } = db.t;
  const rows = await db.orm.select().from(blockResults).where(inArray(blockResults.blockId, blockIds));
  return new Map(rows.map((r) => [r.blockId, r.result]));
}

/** Every block answer of a study's rounds, in one query. */
export async function listBlockAnswersOfRounds(db: Db, roundIds: number[]): Promise<BlockAnswerRow[]> {
  if (roundIds.length === 0) return [];
  const { blockAnswers } = db.t;
  return await db.orm.select().from(blockAnswers).where(inArray(blockAnswers.roundId, roundIds)).orderBy(asc(blockAnswers.id));
}
