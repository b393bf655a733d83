import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ideas, idempotencyKeys, responses } from '../../db/schema';

export type ResponseRow = typeof responses.$inferSelect;

export function listResponsesForRound(db: Db, roundId: number): ResponseRow[] {
  return db.select().from(responses).where(eq(responses.roundId, roundId)).orderBy(asc(responses.id)).all();
}

export function listResponsesForPanelist(db: Db, roundId: number, panelistId: number): ResponseRow[] {
  return db
    .select()
    .from(responses)
    .where(and(eq(responses.roundId, roundId), eq(responses.panelistId, panelistId)))
    .all();
}

export function listCommentsForRound(db: Db, roundId: number): ResponseRow[] {
  return db
    .select()
    .from(responses)
    .where(and(eq(responses.roundId, roundId), isNotNull(responses.comment)))
    .orderBy(asc(responses.id))
    .all();
}

export function findResponse(db: Db, roundId: number, panelistId: number, itemVersionId: number): ResponseRow | undefined {
  return db
    .select()
    .from(responses)
    .where(and(eq(responses.roundId, roundId), eq(responses.panelistId, panelistId), eq(responses.itemVersionId, itemVersionId)))
    .get();
}

export function upsertResponse(
  db: Db,
  row: { roundId: number; panelistId: number; itemVersionId: number; value: number | null; cannotJudge: boolean; comment: string | null; nowIso: string },
): ResponseRow {
  const existing = findResponse(db, row.roundId, row.panelistId, row.itemVersionId);
  if (existing) {
    return db
      .update(responses)
      .set({ value: row.value, cannotJudge: row.cannotJudge, comment: row.comment, revision: existing.revision + 1, updatedAt: row.nowIso })
      .where(eq(responses.id, existing.id))
      .returning()
      .get();
  }
  return db
    .insert(responses)
    .values({
      roundId: row.roundId,
      panelistId: row.panelistId,
      itemVersionId: row.itemVersionId,
      value: row.value,
      cannotJudge: row.cannotJudge,
      comment: row.comment,
      createdAt: row.nowIso,
      updatedAt: row.nowIso,
    })
    .returning()
    .get();
}

export function deleteResponsesOfPanelist(db: Db, panelistId: number): void {
  db.delete(responses).where(eq(responses.panelistId, panelistId)).run();
  db.delete(ideas).where(eq(ideas.panelistId, panelistId)).run();
}

export function findIdempotencyKey(db: Db, panelistId: number, key: string) {
  return db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.panelistId, panelistId), eq(idempotencyKeys.key, key)))
    .get();
}

export function insertIdempotencyKey(db: Db, row: typeof idempotencyKeys.$inferInsert): void {
  db.insert(idempotencyKeys).values(row).run();
}

export function listIdeasForRound(db: Db, roundId: number) {
  return db.select().from(ideas).where(eq(ideas.roundId, roundId)).orderBy(asc(ideas.id)).all();
}

export function listIdeasOfPanelist(db: Db, roundId: number, panelistId: number) {
  return db.select().from(ideas).where(and(eq(ideas.roundId, roundId), eq(ideas.panelistId, panelistId))).orderBy(asc(ideas.id)).all();
}

export function insertIdea(db: Db, row: typeof ideas.$inferInsert) {
  return db.insert(ideas).values(row).returning().get();
}
