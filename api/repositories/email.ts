import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
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
  return one(
    await db.orm
      .insert(emailTemplates)
      .values(row)
      .onConflictDoUpdate({
        target: [emailTemplates.studyId, emailTemplates.language, emailTemplates.kind],
        set: { subject: row.subject, body: row.body, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
      })
      .returning(),
  );
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
  row: { studyId: number; panelistId: number; roundId: number | null; kind: EmailKind; key: string; dedupeKey: string; createdAt: string; leaseUntil: string },
): Promise<number | undefined> {
  const { emailLog } = db.t;
  return first(await db.orm.insert(emailLog).values(row).onConflictDoNothing().returning({ id: emailLog.id }))?.id;
}

/**
 * Records the SMTP server's verdict, if this sender (`attempts`) still holds the message: one whose
 * lease lapsed and was taken over is the new holder's to record.
 */
export async function recordDelivery(
  db: Db,
  id: number,
  attempts: number,
  outcome: { status: EmailStatus; error: string | null; messageId: string | null; sentAt: string },
): Promise<void> {
  const { emailLog } = db.t;
  await db.orm
    .update(emailLog)
    .set({ ...outcome, leaseUntil: null })
    .where(and(eq(emailLog.id, id), eq(emailLog.attempts, attempts), eq(emailLog.status, 'queued')));
}

export async function findLease(db: Db, id: number): Promise<Pick<EmailLogRow, 'status' | 'attempts' | 'leaseUntil'> | undefined> {
  const { emailLog } = db.t;
  return first(
    await db.orm.select({ status: emailLog.status, attempts: emailLog.attempts, leaseUntil: emailLog.leaseUntil }).from(emailLog).where(eq(emailLog.id, id)),
  );
}

/** Renews this sender's lease just before it hands the message over; false when it no longer holds it. */
export async function renewLease(db: Db, id: number, attempts: number, nowIso: string, untilIso: string): Promise<boolean> {
  const { emailLog } = db.t;
  const rows = await db.orm
    .update(emailLog)
    .set({ leaseUntil: untilIso })
    .where(and(eq(emailLog.id, id), eq(emailLog.attempts, attempts), eq(emailLog.status, 'queued'), gt(emailLog.leaseUntil, nowIso)))
    .returning({ id: emailLog.id });
  return rows.length > 0;
}

/** Queued messages whose lease lapsed since `sinceIso` and that have not used up their senders. */
export async function listLapsedLeases(db: Db, nowIso: string, sinceIso: string, maxAttempts: number): Promise<EmailLogRow[]> {
  const { emailLog } = db.t;
  return await db.orm
    .select()
    .from(emailLog)
    .where(and(eq(emailLog.status, 'queued'), lt(emailLog.leaseUntil, nowIso), gt(emailLog.leaseUntil, sinceIso), lt(emailLog.attempts, maxAttempts)))
    .orderBy(asc(emailLog.id))
    .limit(500);
}

/**
 * Takes over a message whose lease lapsed (its sender died): a conditional update, so of several
 * instances trying at once exactly one gets it. Returns the row as now held, or undefined.
 */
export async function takeOverLapsed(db: Db, row: EmailLogRow, nowIso: string, untilIso: string): Promise<EmailLogRow | undefined> {
  const { emailLog } = db.t;
  return first(
    await db.orm
      .update(emailLog)
      .set({ attempts: row.attempts + 1, leaseUntil: untilIso })
      .where(and(eq(emailLog.id, row.id), eq(emailLog.attempts, row.attempts), eq(emailLog.status, 'queued'), lt(emailLog.leaseUntil, nowIso)))
      .returning(),
  );
}

/** Failed, bounced, or queued with no live sender: what a facilitator may send again. */
export function resendable(db: Db, nowIso: string) {
  const { emailLog } = db.t;
  return or(
    inArray(emailLog.status, ['failed', 'bounced']),
    and(eq(emailLog.status, 'queued'), or(isNull(emailLog.leaseUntil), lt(emailLog.leaseUntil, nowIso))),
  );
}

/** A facilitator's resend: the message is queued again under a new lease, if it is still resendable. */
export async function reclaimForResend(db: Db, studyId: number, id: number, nowIso: string, untilIso: string): Promise<EmailLogRow | undefined> {
  const { emailLog } = db.t;
  return first(
    await db.orm
      .update(emailLog)
      .set({ status: 'queued', attempts: sql`${emailLog.attempts} + 1`, leaseUntil: untilIso, error: null, messageId: null, sentAt: null })
      .where(and(eq(emailLog.id, id), eq(emailLog.studyId, studyId), resendable(db, nowIso)))
      .returning(),
  );
}

export async function findEmailLogEntry(db: Db, studyId: number, id: number): Promise<EmailLogRow | undefined> {
  const { emailLog } = db.t;
  return first(
    await db.orm
      .select()
      .from(emailLog)
      .where(and(eq(emailLog.id, id), eq(emailLog.studyId, studyId))),
  );
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
  const rows = await db.orm.select({ status: emailLog.status, n: count() }).from(emailLog).where(eq(emailLog.studyId, studyId)).groupBy(emailLog.status);
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
export async function answerCountsForRound(db: Db, roundId: number, kind: 'rating' | 'ideas'): Promise<Map<number, number>> {
  const { ideas, responses } = db.t;
  const table = kind === 'rating' ? responses : ideas;
  const rows = await db.orm.select({ panelistId: table.panelistId, n: count() }).from(table).where(eq(table.roundId, roundId)).groupBy(table.panelistId);
  return new Map(rows.map((r) => [r.panelistId, r.n]));
}
