import { and, asc, count, eq, inArray, isNotNull, max, min } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog, emailLog, facilitators, ideas, responses, roundItems, roundResults, rounds } from '../../db/schema';

/** Reads behind the consensus report and the data exports (api/reports). */

export type AuditRow = typeof auditLog.$inferSelect;

/** A study's audit entries, oldest first, optionally only the given actions. */
export function listStudyAudit(db: Db, studyId: number, actions?: string[]): AuditRow[] {
  const where = actions ? and(eq(auditLog.studyId, studyId), inArray(auditLog.action, actions)) : eq(auditLog.studyId, studyId);
  return db.select().from(auditLog).where(where).orderBy(asc(auditLog.id)).all();
}

/** How many audit entries of each action a study has, with the first and last time. */
export function summariseStudyAudit(db: Db, studyId: number) {
  return db
    .select({ action: auditLog.action, count: count(), first: min(auditLog.createdAt), last: max(auditLog.createdAt) })
    .from(auditLog)
    .where(eq(auditLog.studyId, studyId))
    .groupBy(auditLog.action)
    .orderBy(asc(auditLog.action))
    .all();
}

/** Which item versions each round of a study presents. */
export function listStudyRoundItems(db: Db, studyId: number) {
  return db
    .select({ roundId: roundItems.roundId, itemId: roundItems.itemId, itemVersionId: roundItems.itemVersionId, position: roundItems.position })
    .from(roundItems)
    .innerJoin(rounds, eq(roundItems.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .orderBy(asc(rounds.number), asc(roundItems.position))
    .all();
}

/** The frozen results of every closed round of a study. */
export function listStudyResults(db: Db, studyId: number) {
  return db
    .select({ roundId: roundResults.roundId, itemId: roundResults.itemId, itemVersionId: roundResults.itemVersionId, outcome: roundResults.outcome, result: roundResults.result })
    .from(roundResults)
    .innerJoin(rounds, eq(roundResults.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .all();
}

/** Answers (ratings or "cannot judge") per panelist in a round. */
export function countAnswersByPanelist(db: Db, roundId: number): { panelistId: number; answered: number }[] {
  return db
    .select({ panelistId: responses.panelistId, answered: count() })
    .from(responses)
    .where(eq(responses.roundId, roundId))
    .groupBy(responses.panelistId)
    .all();
}

/** Ideas per panelist in an open-ended round. */
export function countIdeasByPanelist(db: Db, roundId: number): { panelistId: number; ideas: number }[] {
  return db.select({ panelistId: ideas.panelistId, ideas: count() }).from(ideas).where(eq(ideas.roundId, roundId)).groupBy(ideas.panelistId).all();
}

export interface ResponseCells {
  roundId: number;
  panelistId: number;
  itemVersionId: number;
  value: number | null;
  cannotJudge: boolean;
}

/**
 * Every answer of a study without comment, time or revision: what the long-format export needs.
 * Read as row arrays, unordered (callers sort by what they show), because a large study has
 * hundreds of thousands of answers and mapping each row to an object through the ORM costs more
 * than the query.
 */
export function listStudyResponses(db: Db, studyId: number): ResponseCells[] {
  const rows = db
    .select({ roundId: responses.roundId, panelistId: responses.panelistId, itemVersionId: responses.itemVersionId, value: responses.value, cannotJudge: responses.cannotJudge })
    .from(responses)
    .innerJoin(rounds, eq(responses.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .values() as [number, number, number, number | null, number][];
  return rows.map(([roundId, panelistId, itemVersionId, value, cannotJudge]) => ({ roundId, panelistId, itemVersionId, value, cannotJudge: cannotJudge === 1 }));
}

/** Comments of a study's rounds, without who wrote them or when. */
export function listStudyComments(db: Db, studyId: number): { roundId: number; itemVersionId: number; responseId: number; text: string }[] {
  return db
    .select({ roundId: responses.roundId, itemVersionId: responses.itemVersionId, responseId: responses.id, text: responses.comment })
    .from(responses)
    .innerJoin(rounds, eq(responses.roundId, rounds.id))
    .where(and(eq(rounds.studyId, studyId), isNotNull(responses.comment)))
    .all()
    .filter((r): r is typeof r & { text: string } => r.text !== null && r.text.trim() !== '');
}

/** Ideas of a study's open-ended rounds, without who wrote them or when. */
export function listStudyIdeas(db: Db, studyId: number): { roundId: number; categoryId: number | null; text: string }[] {
  return db
    .select({ roundId: ideas.roundId, categoryId: ideas.categoryId, text: ideas.text })
    .from(ideas)
    .innerJoin(rounds, eq(ideas.roundId, rounds.id))
    .where(eq(rounds.studyId, studyId))
    .orderBy(asc(ideas.id))
    .all();
}

export function listFacilitatorNames(db: Db, ids: number[]): { id: number; name: string }[] {
  if (ids.length === 0) return [];
  return db.select({ id: facilitators.id, name: facilitators.name }).from(facilitators).where(inArray(facilitators.id, ids)).all();
}

/** The administrator created first, who owns what the command line imports. */
export function findFirstAdmin(db: Db) {
  return db.select().from(facilitators).where(eq(facilitators.isAdmin, true)).orderBy(asc(facilitators.id)).limit(1).get();
}

/** E-mails recorded per round, kind and delivery status (the report's "reminders sent"). */
export function countEmailsByRound(db: Db, studyId: number) {
  return db
    .select({ roundId: emailLog.roundId, kind: emailLog.kind, status: emailLog.status, count: count() })
    .from(emailLog)
    .where(eq(emailLog.studyId, studyId))
    .groupBy(emailLog.roundId, emailLog.kind, emailLog.status)
    .all();
}
