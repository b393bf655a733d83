import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
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

const p = sql.placeholder;

export function findResponse(db: Db, roundId: number, panelistId: number, itemVersionId: number): ResponseRow | undefined {
  const query = prepared(db, 'findResponse', () =>
    db
      .select()
      .from(responses)
      .where(and(eq(responses.roundId, p('round')), eq(responses.panelistId, p('panelist')), eq(responses.itemVersionId, p('version'))))
      .prepare(),
  );
  return query.get({ round: roundId, panelist: panelistId, version: itemVersionId });
}

export function upsertResponse(
  db: Db,
  row: { roundId: number; panelistId: number; itemVersionId: number; value: number | null; cannotJudge: boolean; comment: string | null; nowIso: string },
): ResponseRow {
  const existing = findResponse(db, row.roundId, row.panelistId, row.itemVersionId);
  if (existing) {
    const update = prepared(db, 'updateResponse', () =>
      db
        .update(responses)
        .set({ value: sql`${p('value')}`, cannotJudge: sql`${p('cannotJudge')}`, comment: sql`${p('comment')}`, revision: sql`${responses.revision} + 1`, updatedAt: sql`${p('now')}` })
        .where(eq(responses.id, p('id')))
        .returning()
        .prepare(),
    );
    return update.get({ id: existing.id, value: row.value, cannotJudge: row.cannotJudge ? 1 : 0, comment: row.comment, now: row.nowIso })!;
  }
  const insert = prepared(db, 'insertResponse', () =>
    db
      .insert(responses)
      .values({
        roundId: p('round'),
        panelistId: p('panelist'),
        itemVersionId: p('version'),
        value: p('value'),
        cannotJudge: p('cannotJudge'),
        comment: p('comment'),
        createdAt: p('now'),
        updatedAt: p('now'),
      })
      .returning()
      .prepare(),
  );
  return insert.get({ round: row.roundId, panelist: row.panelistId, version: row.itemVersionId, value: row.value, cannotJudge: row.cannotJudge ? 1 : 0, comment: row.comment, now: row.nowIso })!;
}

export function deleteResponsesOfPanelist(db: Db, panelistId: number): void {
  db.delete(responses).where(eq(responses.panelistId, panelistId)).run();
  db.delete(ideas).where(eq(ideas.panelistId, panelistId)).run();
  // The stored replies of saves carry the values and comments too.
  db.delete(idempotencyKeys).where(eq(idempotencyKeys.panelistId, panelistId)).run();
}

export function findIdempotencyKey(db: Db, panelistId: number, key: string) {
  const query = prepared(db, 'findIdempotencyKey', () =>
    db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.panelistId, p('panelist')), eq(idempotencyKeys.key, p('key')))).prepare(),
  );
  return query.get({ panelist: panelistId, key });
}

export function insertIdempotencyKey(db: Db, row: { panelistId: number; key: string; requestHash: string; statusCode: number; response: unknown }): void {
  const insert = prepared(db, 'insertIdempotencyKey', () =>
    db
      .insert(idempotencyKeys)
      .values({ panelistId: p('panelist'), key: p('key'), requestHash: p('hash'), statusCode: p('status'), response: p('response') })
      .prepare(),
  );
  insert.run({ panelist: row.panelistId, key: row.key, hash: row.requestHash, status: row.statusCode, response: row.response });
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

/**
 * Just what the statistics need, for every answer of a round, as [panelistId, itemVersionId,
 * value, cannotJudge] tuples: a round close reads 200,000 of them, and plain arrays skip the
 * per-row object mapping.
 */
export function listAnswersForRound(db: Db, roundId: number): [number, number, number | null, number][] {
  const query = prepared(db, 'listAnswersForRound', () =>
    db
      .select({ panelistId: responses.panelistId, itemVersionId: responses.itemVersionId, value: responses.value, cannotJudge: responses.cannotJudge })
      .from(responses)
      .where(eq(responses.roundId, p('round')))
      .prepare(),
  );
  return query.values({ round: roundId }) as [number, number, number | null, number][];
}
