import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { ideas, responses } from '../../db/schema';

export type ResponseRow = typeof responses.$inferSelect;

export async function listResponsesForRound(db: Db, roundId: number): Promise<ResponseRow[]> {
  const { responses } = db.t;
  return await db.orm.select().from(responses).where(eq(responses.roundId, roundId)).orderBy(asc(responses.id));
}

export async function listResponsesForPanelist(db: Db, roundId: number, panelistId: number): Promise<ResponseRow[]> {
  const { responses } = db.t;
  return await db.orm
    .select()
    .from(responses)
    .where(and(eq(responses.roundId, roundId), eq(responses.panelistId, panelistId)))
    .orderBy(asc(responses.id));
}

export async function listCommentsForRound(db: Db, roundId: number): Promise<ResponseRow[]> {
  const { responses } = db.t;
  return await db.orm
    .select()
    .from(responses)
    .where(and(eq(responses.roundId, roundId), isNotNull(responses.comment)))
    .orderBy(asc(responses.id));
}

const p = sql.placeholder;

export async function findResponse(db: Db, roundId: number, panelistId: number, itemVersionId: number, criterion = ''): Promise<ResponseRow | undefined> {
  const { responses } = db.t;
  const query = db.prepared('findResponse', (d) =>
    d.orm
      .select()
      .from(responses)
      .where(
        and(
          eq(responses.roundId, p('round')),
          eq(responses.panelistId, p('panelist')),
          eq(responses.itemVersionId, p('version')),
          eq(responses.criterion, p('criterion')),
        ),
      ),
  );
  return first(await query({ round: roundId, panelist: panelistId, version: itemVersionId, criterion }));
}

export async function upsertResponse(
  db: Db,
  row: {
    roundId: number;
    panelistId: number;
    itemVersionId: number;
    /** '' for the unnamed criterion of a study without named criteria. */
    criterion: string;
    value: number | null;
    cannotJudge: boolean;
    comment: string | null;
    nowIso: string;
  },
): Promise<ResponseRow> {
  const { responses } = db.t;
  const existing = await findResponse(db, row.roundId, row.panelistId, row.itemVersionId, row.criterion);
  if (existing) {
    const update = db.prepared('updateResponse', (d) =>
      d.orm
        .update(responses)
        .set({
          value: sql`${p('value')}`,
          cannotJudge: sql`${p('cannotJudge')}`,
          comment: sql`${p('comment')}`,
          revision: sql`${responses.revision} + 1`,
          updatedAt: sql`${p('now')}`,
        })
        .where(eq(responses.id, p('id')))
        .returning(),
    );
    return one(await update({ id: existing.id, value: row.value, cannotJudge: row.cannotJudge ? 1 : 0, comment: row.comment, now: row.nowIso }));
  }
  const insert = db.prepared('insertResponse', (d) =>
    d.orm
      .insert(responses)
      .values({
        roundId: p('round'),
        panelistId: p('panelist'),
        itemVersionId: p('version'),
        criterion: p('criterion'),
        value: p('value'),
        cannotJudge: p('cannotJudge'),
        comment: p('comment'),
        createdAt: p('now'),
        updatedAt: p('now'),
      })
      .returning(),
  );
  return one(
    await insert({
      round: row.roundId,
      panelist: row.panelistId,
      version: row.itemVersionId,
      criterion: row.criterion,
      value: row.value,
      cannotJudge: row.cannotJudge ? 1 : 0,
      comment: row.comment,
      now: row.nowIso,
    }),
  );
}

export async function deleteResponsesOfPanelist(db: Db, panelistId: number): Promise<void> {
  const { ideas, idempotencyKeys, responses } = db.t;
  await db.orm.delete(responses).where(eq(responses.panelistId, panelistId));
  await db.orm.delete(ideas).where(eq(ideas.panelistId, panelistId));
  // The stored replies of saves carry the values and comments too.
  await db.orm.delete(idempotencyKeys).where(eq(idempotencyKeys.panelistId, panelistId));
}

export async function findIdempotencyKey(db: Db, panelistId: number, key: string) {
  const { idempotencyKeys } = db.t;
  const query = db.prepared('findIdempotencyKey', (d) =>
    d.orm
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.panelistId, p('panelist')), eq(idempotencyKeys.key, p('key')))),
  );
  return first(await query({ panelist: panelistId, key }));
}

export async function insertIdempotencyKey(
  db: Db,
  row: { panelistId: number; key: string; requestHash: string; statusCode: number; response: unknown },
): Promise<void> {
  const { idempotencyKeys } = db.t;
  const insert = db.prepared('insertIdempotencyKey', (d) =>
    d.orm
      .insert(idempotencyKeys)
      .values({ panelistId: p('panelist'), key: p('key'), requestHash: p('hash'), statusCode: p('status'), response: p('response') }),
  );
  await insert({ panelist: row.panelistId, key: row.key, hash: row.requestHash, status: row.statusCode, response: row.response });
}

export async function listIdeasForRound(db: Db, roundId: number) {
  const { ideas } = db.t;
  return await db.orm.select().from(ideas).where(eq(ideas.roundId, roundId)).orderBy(asc(ideas.id));
}

export async function listIdeasOfPanelist(db: Db, roundId: number, panelistId: number) {
  const { ideas } = db.t;
  return await db.orm
    .select()
    .from(ideas)
    .where(and(eq(ideas.roundId, roundId), eq(ideas.panelistId, panelistId)))
    .orderBy(asc(ideas.id));
}

export async function insertIdea(db: Db, row: typeof ideas.$inferInsert) {
  const { ideas } = db.t;
  return one(await db.orm.insert(ideas).values(row).returning());
}

/**
 * Just what the statistics need, for every answer of a round, as [panelistId, itemVersionId,
 * value, cannotJudge, criterion] tuples: a round close reads 200,000 of them, and plain arrays
 * skip the per-row object mapping.
 */
export async function listAnswersForRound(db: Db, roundId: number): Promise<[number, number, number | null, number, string][]> {
  const { responses } = db.t;
  const query = db.preparedValues<[number, number, number | null, number, string]>('listAnswersForRound', (d) =>
    d.orm
      .select({
        panelistId: responses.panelistId,
        itemVersionId: responses.itemVersionId,
        value: responses.value,
        cannotJudge: responses.cannotJudge,
        criterion: responses.criterion,
      })
      .from(responses)
      .where(eq(responses.roundId, p('round'))),
  );
  return query({ round: roundId });
}
