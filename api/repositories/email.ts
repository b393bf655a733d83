import { and, asc, count, desc, eq, ne } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { emailLog, emailTemplates, EmailKind } from '../../db/schema';

export type EmailLogRow = typeof emailLog.$inferSelect;
export type EmailTemplateRow = typeof emailTemplates.$inferSelect;
export type EmailStatus = EmailLogRow['status'];

export async function listEmailTemplates(db: Db, studyId: number): Promise<EmailTemplateRow[]> {
  const { emailTemplates } = db.t;
  return await db.orm.select().from(emailTemplates).where(eq(emailTemplates.studyId, studyId)).orderBy(asc(emailTemplates.language), asc(emailTemplates.kind));
}

export async function upsertEmailTemplate(db: Db, row: typeof emailTemplates.$inferInsert): Promise<EmailTemplateRow> {
  const { emailTemplates } = db.t;
  return one(await db.orm
    .insert(emailTemplates)
    .values(row)
    .onConflictDoUpdate({
      target: [emailTemplates.studyId, emailTemplates.language, emailTemplates.kind],
      set: { subject: row.subject, body: row.body, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    })
    .returning());
}

/** Returns whether there was an override to remove. */
export async function deleteEmailTemplate(db: Db, studyId: number, language: string, kind: EmailKind): Promise<boolean> {
  const { emailTemplates } = db.t;
  const removed = await db.orm
    .delete(emailTemplates)
    .where(and(eq(emailTemplates.studyId, studyId), eq(emailTemplates.language, language), eq(emailTemplates.kind, kind)))
    .returning({ studyId: emailTemplates.studyId });
  return removed.length > 0;
}

/**
 * Claims one message: inserts it as queued unless this panelist already has a row with the same
 * dedupe key. Returns the new row's id, or undefined when someone (another request, tick or
 * server instance) claimed it first.
 */
export async function claimEmail(
  db: Db,
  row: { studyId: number; panelistId: number; roundId: number | null; kind: EmailKind; key: string; dedupeKey: string; createdAt: string },
): Promise<number | undefined> {
  const { emailLog } = db.t;
  return first(await db.orm.insert(emailLog).values(row).onConflictDoNothing().returning({ id: emailLog.id }))?.id;
}

export async function recordDelivery(db: Db, id: number, outcome: { status: EmailStatus; error: string | null; messageId: string | null; sentAt: string }): Promise<void> {
  const { emailLog } = db.t;
  await db.orm.update(emailLog).set(outcome).where(eq(emailLog.id, id));
}

/** Panelists who already have a message with this dedupe key (claimed, whatever its status). */
export async function panelistsWithDedupeKey(db: Db, studyId: number, dedupeKey: string): Promise<Set<number>> {
  const { emailLog } = db.t;
  const rows = await db.orm
    .select({ panelistId: emailLog.panelistId })
    .from(emailLog)
    .where(and(eq(emailLog.studyId, studyId), eq(emailLog.dedupeKey, dedupeKey)));
  return new Set(rows.map((r) => r.panelistId));
}

export async function listEmailLog(
  db: Db,
  studyId: number,
  filter: { roundId?: number; panelistId?: number; kind?: EmailKind; status?: EmailStatus; limit: number; withoutKind?: EmailKind },
) {
  const { emailLog, panelists, rounds } = db.t;
  const conditions = [eq(emailLog.studyId, studyId)];
  if (filter.withoutKind !== undefined) conditions.push(ne(emailLog.kind, filter.withoutKind));
  if (filter.roundId !== undefined) conditions.push(eq(emailLog.roundId, filter.roundId));
  if (filter.panelistId !== undefined) conditions.push(eq(emailLog.panelistId, filter.panelistId));
  if (filter.kind !== undefined) conditions.push(eq(emailLog.kind, filter.kind));
  if (filter.status !== undefined) conditions.push(eq(emailLog.status, filter.status));
  return await db.orm
    .select({ log: emailLog, code: panelists.code, roundNumber: rounds.number })
    .from(emailLog)
    .innerJoin(panelists, eq(emailLog.panelistId, panelists.id))
    .leftJoin(rounds, eq(emailLog.roundId, rounds.id))
    .where(and(...conditions))
    .orderBy(desc(emailLog.id))
    .limit(filter.limit);
}

export async function countEmailsByStatus(db: Db, studyId: number): Promise<Record<EmailStatus, number>> {
  const { emailLog } = db.t;
  const rows = await db.orm
    .select({ status: emailLog.status, n: count() })
    .from(emailLog)
    .where(eq(emailLog.studyId, studyId))
    .groupBy(emailLog.status);
  const out: Record<EmailStatus, number> = { queued: 0, sent: 0, failed: 0, bounced: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Reminders of a round: one row per message, for the dashboard's per-subgroup counts. */
export async function listReminderLog(db: Db, roundId: number) {
  const { emailLog } = db.t;
  return await db.orm
    .select({ panelistId: emailLog.panelistId, key: emailLog.key, status: emailLog.status })
    .from(emailLog)
    .where(and(eq(emailLog.roundId, roundId), eq(emailLog.kind, 'reminder')))
    .orderBy(asc(emailLog.id));
}

/** How many answers (rating rounds) or ideas (open rounds) each panelist has given in a round. */
export async function answerCountsForRound(db: Db, roundId: number, kind: 'rating' | 'open'): Promise<Map<number, number>> {
  const { ideas, responses } = db.t;
  const table = kind === 'rating' ? responses : ideas;
  const rows = await db.orm
    .select({ panelistId: table.panelistId, n: count() })
    .from(table)
    .where(eq(table.roundId, roundId))
    .groupBy(table.panelistId);
  return new Map(rows.map((r) => [r.panelistId, r.n]));
}
