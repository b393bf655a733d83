import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { ideas, responses, studies } from '../../db/schema';

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

/** What one answer says, without its comment, time or revision. */
export interface ResponseCells {
  roundId: number;
  panelistId: number;
  itemVersionId: number;
  /** '' for the unnamed criterion of a study without named criteria. */
  criterion: string;
  value: number | null;
  cannotJudge: boolean;
}

export async function upsertResponse(db: Db, row: ResponseCells & { comment: string | null; language: string; nowIso: string }): Promise<ResponseRow> {
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
          language: sql`${p('language')}`,
          revision: sql`${responses.revision} + 1`,
          updatedAt: sql`${p('now')}`,
        })
        .where(eq(responses.id, p('id')))
        .returning(),
    );
    return one(
      await update({ id: existing.id, value: row.value, cannotJudge: row.cannotJudge ? 1 : 0, comment: row.comment, language: row.language, now: row.nowIso }),
    );
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
        language: p('language'),
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
      language: row.language,
      now: row.nowIso,
    }),
  );
}

export async function deleteResponsesOfPanelist(db: Db, panelistId: number): Promise<void> {
  const { blockAnswers, ideas, idempotencyKeys, responses } = db.t;
  await unlinkLineageOfPanelist(db, panelistId);
  await db.orm.delete(responses).where(eq(responses.panelistId, panelistId));
  await db.orm.delete(blockAnswers).where(eq(blockAnswers.panelistId, panelistId));
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

/** How many answers each panelist gave in each round of a study (panelists without any are absent). */
export async function countAnswersPerPanelist(db: Db, studyId: number): Promise<{ roundId: number; panelistId: number; n: number }[]> {
  const { responses, rounds } = db.t;
  const rows = await db.orm
    .select({ roundId: responses.roundId, panelistId: responses.panelistId, n: count() })
    .from(responses)
    .innerJoin(rounds, eq(responses.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .groupBy(responses.roundId, responses.panelistId);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Who wrote at least one idea in each round of a study. */
export async function listIdeaAuthors(db: Db, studyId: number): Promise<{ roundId: number; panelistId: number }[]> {
  const { ideas, rounds } = db.t;
  return await db.orm
    .selectDistinct({ roundId: ideas.roundId, panelistId: ideas.panelistId })
    .from(ideas)
    .innerJoin(rounds, eq(ideas.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId));
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

/**
 * Removes the erased panelist's comments and ideas from the lineage that cites them (the comments
 * that prompted a rewording, the ideas that became items): a link to a deleted answer would
 * otherwise outlive it, and with it the fact that this panelist wrote what prompted the change.
 */
async function unlinkLineageOfPanelist(db: Db, panelistId: number): Promise<void> {
  const { ideas, itemDecisions, itemVersions, items, panelists, responses } = db.t;
  const gone = new Set((await db.orm.select({ id: responses.id }).from(responses).where(eq(responses.panelistId, panelistId))).map((r) => r.id));
  const goneIdeas = new Set((await db.orm.select({ id: ideas.id }).from(ideas).where(eq(ideas.panelistId, panelistId))).map((r) => r.id));
  const [owner] = await db.orm.select({ studyId: panelists.studyId }).from(panelists).where(eq(panelists.id, panelistId));
  if (!owner) return;
  if (gone.size > 0) {
    const versions = await db.orm
      .select({ id: itemVersions.id, sources: itemVersions.sourceResponseIds })
      .from(itemVersions)
      .innerJoin(items, eq(items.id, itemVersions.itemId))
      .where(eq(items.studyId, owner.studyId));
    for (const v of versions)
      if (v.sources.some((id) => gone.has(id)))
        await db.orm
          .update(itemVersions)
          .set({ sourceResponseIds: v.sources.filter((id) => !gone.has(id)) })
          .where(eq(itemVersions.id, v.id));
  }
  if (goneIdeas.size > 0) {
    const decisions = await db.orm
      .select({ id: itemDecisions.id, sources: itemDecisions.sourceIdeaIds })
      .from(itemDecisions)
      .innerJoin(items, eq(items.id, itemDecisions.itemId))
      .where(eq(items.studyId, owner.studyId));
    for (const d of decisions)
      if (d.sources.some((id) => goneIdeas.has(id)))
        await db.orm
          .update(itemDecisions)
          .set({ sourceIdeaIds: d.sources.filter((id) => !goneIdeas.has(id)) })
          .where(eq(itemDecisions.id, d.id));
  }
}

/** What the one-statement save (delphi_save_answers, db/migrations-pg/0017_pg_save_session_probe.sql) did with a save. */
export type SaveInOneStatement =
  | { outcome: 'seen'; hash: string; status: number; response: unknown }
  | { outcome: 'no_session' | 'closed' | 'not_open' | 'no_item' | 'not_rating' }
  /** The study's criteria as answers are keyed by (one unnamed criterion, code '', when it names none). */
  | { outcome: 'scale'; criteria: { code: string; scale: (typeof studies.$inferSelect)['scale'] }[] }
  | {
      outcome: 'saved';
      study: number;
      round: number;
      strict: boolean;
      realtime: boolean;
      answer: { itemVersionId: number; criterion: string; value: number | null; cannotJudge: boolean; comment: string | null; revision: number };
    };

/**
 * PostgreSQL: a whole save (the session check, every other check, the answer, its revision, the key
 * and the reply) in one statement, with the locks the separate statements took; saves that arrive
 * together share it.
 */
export async function saveAnswerInOneStatement(
  db: Db,
  save: ({ panelistId: number } | { sessionHash: string }) & {
    key: string;
    requestHash: string;
    itemVersionId: number;
    /** As the panelist sent it: the function picks the only criterion when it is absent. */
    criterion: string | undefined;
    value: number | null;
    cannotJudge: boolean;
    comment: string | null;
    nowIso: string;
  },
): Promise<SaveInOneStatement> {
  const request = {
    key: save.key,
    hash: save.requestHash,
    version: save.itemVersionId,
    criterion: save.criterion ?? null,
    value: save.value,
    cannot_judge: save.cannotJudge,
    comment: save.comment,
    now: save.nowIso,
    // Last, as in the service: a leading spread would give the object a slow shape.
    ...('panelistId' in save ? { panelist: save.panelistId } : { session: save.sessionHash }),
  };
  // The function takes the saves of a call in panelist order itself.
  return db.callBatched<SaveInOneStatement>('delphi_save_answers', request);
}
