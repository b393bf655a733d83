import { and, asc, count, sql, eq, inArray, isNotNull, max, min } from 'drizzle-orm';
import { first, type Db } from '../../db/client';
import type { auditLog } from '../../db/schema';
import type { ResponseCells } from './responses';

/** Reads behind the consensus report and the data exports (api/reports). */

export type AuditRow = typeof auditLog.$inferSelect;

/** A study's audit entries, oldest first, optionally only the given actions. */
export async function listStudyAudit(db: Db, studyId: number, actions?: string[]): Promise<AuditRow[]> {
  const { auditLog } = db.t;
  const where = actions ? and(eq(auditLog.studyId, studyId), inArray(auditLog.action, actions)) : eq(auditLog.studyId, studyId);
  return await db.orm.select().from(auditLog).where(where).orderBy(asc(auditLog.id));
}

/** How many audit entries of each action a study has, with the first and last time. */
export async function summariseStudyAudit(db: Db, studyId: number) {
  const { auditLog } = db.t;
  return await db.orm
    .select({ action: auditLog.action, count: count(), first: min(auditLog.createdAt), last: max(auditLog.createdAt) })
    .from(auditLog)
    .where(eq(auditLog.studyId, studyId))
    .groupBy(auditLog.action)
    .orderBy(asc(auditLog.action));
}

/** Which item versions each round of a study presents. */
export async function listStudyRoundItems(db: Db, studyId: number) {
  const { roundItems, rounds } = db.t;
  return await db.orm
    .select({ roundId: roundItems.roundId, itemId: roundItems.itemId, itemVersionId: roundItems.itemVersionId, position: roundItems.position })
    .from(roundItems)
    .innerJoin(rounds, eq(roundItems.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .orderBy(asc(rounds.number), asc(roundItems.position));
}

/** The frozen results of every closed round of a study. */
export async function listStudyResults(db: Db, studyId: number) {
  const { roundItems, roundResults, rounds } = db.t;
  return await db.orm
    .select({
      roundId: roundResults.roundId,
      itemId: roundResults.itemId,
      itemVersionId: roundResults.itemVersionId,
      outcome: roundResults.outcome,
      result: roundResults.result,
    })
    .from(roundResults)
    .innerJoin(rounds, eq(roundResults.roundId, rounds.id))
    .innerJoin(roundItems, and(eq(roundItems.roundId, roundResults.roundId), eq(roundItems.itemVersionId, roundResults.itemVersionId)))
    .where(eq(rounds.studyId, studyId))
    .orderBy(asc(rounds.number), asc(roundItems.position));
}

/**
 * Every answer of a study without comment, time or revision: what the long-format export needs.
 * Read as row arrays, unordered (callers sort by what they show), because a large study has
 * hundreds of thousands of answers and mapping each row to an object through the ORM costs more
 * than the query.
 */
export async function listStudyResponses(db: Db, studyId: number): Promise<ResponseCells[]> {
  const { responses, rounds } = db.t;
  const query = db.preparedValues<[number, number, number, string, number | null, number]>('listStudyResponses', (d) =>
    d.orm
      .select({
        roundId: responses.roundId,
        panelistId: responses.panelistId,
        itemVersionId: responses.itemVersionId,
        criterion: responses.criterion,
        value: responses.value,
        cannotJudge: responses.cannotJudge,
      })
      .from(responses)
      .innerJoin(rounds, eq(responses.roundId, rounds.id))
      .where(eq(rounds.studyId, sql.placeholder('study'))),
  );
  const rows = await query({ study: studyId });
  return rows.map(([roundId, panelistId, itemVersionId, criterion, value, cannotJudge]) => ({
    roundId,
    panelistId,
    itemVersionId,
    criterion,
    value,
    cannotJudge: cannotJudge === 1,
  }));
}

/** Comments of a study's rounds, without who wrote them or when. */
export async function listStudyComments(
  db: Db,
  studyId: number,
): Promise<{ roundId: number; itemVersionId: number; responseId: number; panelistId: number; criterion: string; text: string; language: string }[]> {
  const { responses, rounds } = db.t;
  const rows = await db.orm
    .select({
      roundId: responses.roundId,
      itemVersionId: responses.itemVersionId,
      responseId: responses.id,
      panelistId: responses.panelistId,
      criterion: responses.criterion,
      text: responses.comment,
      language: responses.language,
    })
    .from(responses)
    .innerJoin(rounds, eq(responses.roundId, rounds.id))
    .where(and(eq(rounds.studyId, studyId), isNotNull(responses.comment)));
  return rows.filter((r): r is typeof r & { text: string } => r.text !== null && r.text.trim() !== '');
}

/** Ideas of a study's open-ended rounds, without when they were written. */
export async function listStudyIdeas(
  db: Db,
  studyId: number,
): Promise<{ id: number; roundId: number; panelistId: number; categoryId: number | null; text: string; language: string }[]> {
  const { ideas, rounds } = db.t;
  return await db.orm
    .select({ id: ideas.id, roundId: ideas.roundId, panelistId: ideas.panelistId, categoryId: ideas.categoryId, text: ideas.text, language: ideas.language })
    .from(ideas)
    .innerJoin(rounds, eq(ideas.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .orderBy(asc(ideas.id));
}

export async function listFacilitatorNames(db: Db, ids: number[]): Promise<{ id: number; name: string }[]> {
  const { facilitators } = db.t;
  if (ids.length === 0) return [];
  return await db.orm.select({ id: facilitators.id, name: facilitators.name }).from(facilitators).where(inArray(facilitators.id, ids));
}

/** The administrator created first, who owns what the command line imports. */
export async function findFirstAdmin(db: Db) {
  const { facilitators } = db.t;
  return first(await db.orm.select().from(facilitators).where(eq(facilitators.isAdmin, true)).orderBy(asc(facilitators.id)).limit(1));
}

/** E-mails recorded per round, kind and delivery status (the report's "reminders sent"). */
export async function countEmailsByRound(db: Db, studyId: number) {
  const { emailLog } = db.t;
  return await db.orm
    .select({ roundId: emailLog.roundId, kind: emailLog.kind, status: emailLog.status, count: count() })
    .from(emailLog)
    .where(eq(emailLog.studyId, studyId))
    .groupBy(emailLog.roundId, emailLog.kind, emailLog.status);
}
