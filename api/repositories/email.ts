import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { emailLog, emailTemplates, ideas, panelists, responses, rounds, type EmailKind } from '../../db/schema';

export type EmailLogRow = typeof emailLog.$inferSelect;
export type EmailTemplateRow = typeof emailTemplates.$inferSelect;
export type EmailStatus = EmailLogRow['status'];

export function listEmailTemplates(db: Db, studyId: number): EmailTemplateRow[] {
  return db.select().from(emailTemplates).where(eq(emailTemplates.studyId, studyId)).all();
}

export function upsertEmailTemplate(db: Db, row: typeof emailTemplates.$inferInsert): EmailTemplateRow {
  return db
    .insert(emailTemplates)
    .values(row)
    .onConflictDoUpdate({
      target: [emailTemplates.studyId, emailTemplates.language, emailTemplates.kind],
      set: { subject: row.subject, body: row.body, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    })
    .returning()
    .get();
}

/** Returns whether there was an override to remove. */
export function deleteEmailTemplate(db: Db, studyId: number, language: string, kind: EmailKind): boolean {
  const res = db
    .delete(emailTemplates)
    .where(and(eq(emailTemplates.studyId, studyId), eq(emailTemplates.language, language), eq(emailTemplates.kind, kind)))
    .run();
  return res.changes > 0;
}

/**
 * Claims one message: inserts it as queued unless this panelist already has a row with the same
 * dedupe key. Returns the new row's id, or undefined when someone (another request, tick or
 * server instance) claimed it first.
 */
export function claimEmail(
  db: Db,
  row: { studyId: number; panelistId: number; roundId: number | null; kind: EmailKind; key: string; dedupeKey: string; createdAt: string },
): number | undefined {
  return db.insert(emailLog).values(row).onConflictDoNothing().returning({ id: emailLog.id }).get()?.id;
}

export function recordDelivery(db: Db, id: number, outcome: { status: EmailStatus; error: string | null; messageId: string | null; sentAt: string }): void {
  db.update(emailLog).set(outcome).where(eq(emailLog.id, id)).run();
}

/** Panelists who already have a message with this dedupe key (claimed, whatever its status). */
export function panelistsWithDedupeKey(db: Db, studyId: number, dedupeKey: string): Set<number> {
  const rows = db
    .select({ panelistId: emailLog.panelistId })
    .from(emailLog)
    .where(and(eq(emailLog.studyId, studyId), eq(emailLog.dedupeKey, dedupeKey)))
    .all();
  return new Set(rows.map((r) => r.panelistId));
}

export function listEmailLog(
  db: Db,
  studyId: number,
  filter: { roundId?: number; panelistId?: number; kind?: EmailKind; status?: EmailStatus; limit: number },
) {
  const conditions = [eq(emailLog.studyId, studyId)];
  if (filter.roundId !== undefined) conditions.push(eq(emailLog.roundId, filter.roundId));
  if (filter.panelistId !== undefined) conditions.push(eq(emailLog.panelistId, filter.panelistId));
  if (filter.kind !== undefined) conditions.push(eq(emailLog.kind, filter.kind));
  if (filter.status !== undefined) conditions.push(eq(emailLog.status, filter.status));
  return db
    .select({ log: emailLog, code: panelists.code, roundNumber: rounds.number })
    .from(emailLog)
    .innerJoin(panelists, eq(emailLog.panelistId, panelists.id))
    .leftJoin(rounds, eq(emailLog.roundId, rounds.id))
    .where(and(...conditions))
    .orderBy(desc(emailLog.id))
    .limit(filter.limit)
    .all();
}

export function countEmailsByStatus(db: Db, studyId: number): Record<EmailStatus, number> {
  const rows = db
    .select({ status: emailLog.status, n: sql<number>`count(*)` })
    .from(emailLog)
    .where(eq(emailLog.studyId, studyId))
    .groupBy(emailLog.status)
    .all();
  const out: Record<EmailStatus, number> = { queued: 0, sent: 0, failed: 0, bounced: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Reminders of a round: one row per message, for the dashboard's per-subgroup counts. */
export function listReminderLog(db: Db, roundId: number) {
  return db
    .select({ panelistId: emailLog.panelistId, key: emailLog.key, status: emailLog.status })
    .from(emailLog)
    .where(and(eq(emailLog.roundId, roundId), eq(emailLog.kind, 'reminder')))
    .orderBy(asc(emailLog.id))
    .all();
}

/** How many answers (rating rounds) or ideas (open rounds) each panelist has given in a round. */
export function answerCountsForRound(db: Db, roundId: number, kind: 'rating' | 'open'): Map<number, number> {
  const table = kind === 'rating' ? responses : ideas;
  const rows = db
    .select({ panelistId: table.panelistId, n: sql<number>`count(*)` })
    .from(table)
    .where(eq(table.roundId, roundId))
    .groupBy(table.panelistId)
    .all();
  return new Map(rows.map((r) => [r.panelistId, r.n]));
}
