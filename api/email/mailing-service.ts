import type { Db } from '../../db/client';
import type { EmailKind } from '../../db/schema';
import { errors } from '../errors';
import { appendAudit } from '../repositories/audit';
import {
  countEmailsByStatus,
  deleteEmailTemplate,
  findEmailLogEntry,
  listEmailLog,
  listEmailTemplates,
  listReminderLog,
  reclaimForResend,
  upsertEmailTemplate,
} from '../repositories/email';
import { listPanelists, updatePanelist, type PanelistRow } from '../repositories/panelists';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { claimEmails, leaseUntil, panelAudience, reminderAudience, renderLogged, type ClaimRequest, type EmailOutbox } from './email-service';
import { checkTemplate, templatesOfStudy } from './templates';
import { participation } from '../services/results-service';
import { hashToken } from '../services/tokens';

function requireEmail(email: EmailOutbox): void {
  if (!email.enabled) throw errors.conflict('EMAIL_DISABLED', email.reason ?? 'E-mail is off.');
}

export async function saveEmailTemplate(
  db: Db,
  study: StudyRow,
  input: { language: string; kind: EmailKind; subject: string; body: string },
  facilitatorId: number,
  nowIso: string,
) {
  if (!study.languages.includes(input.language)) {
    throw errors.validation(`"${input.language}" is not one of the study's languages (${study.languages.join(', ')}).`, [
      { path: 'body.language', message: 'not a study language' },
    ]);
  }
  const problems = checkTemplate(input.kind, input).map((p) => ({ ...p, path: `body.${p.path}` }));
  if (problems.length > 0) throw errors.validation(problems[0].message, problems);
  await db.transaction(async (tx) => {
    await upsertEmailTemplate(tx, {
      studyId: study.id,
      language: input.language,
      kind: input.kind,
      subject: input.subject,
      body: input.body,
      updatedBy: facilitatorId,
      updatedAt: nowIso,
    });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'email_template.update', details: { language: input.language, kind: input.kind } });
  });
  return templatesOfStudy(await listEmailTemplates(db, study.id), study.languages).find((t) => t.language === input.language && t.kind === input.kind)!;
}

/** Back to the shipped wording; saying so twice is not an error. */
export async function resetEmailTemplate(db: Db, study: StudyRow, language: string, kind: EmailKind, facilitatorId: number) {
  if (!study.languages.includes(language)) throw errors.notFound('Template');
  await db.transaction(async (tx) => {
    const existed = await deleteEmailTemplate(tx, study.id, language, kind);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'email_template.reset', details: { language, kind, existed } });
  });
  return templatesOfStudy(await listEmailTemplates(db, study.id), study.languages).find((t) => t.language === language && t.kind === kind)!;
}

/**
 * Invitations or thank-you messages to the panel (or to the panelists named). An invitation goes
 * once per issued link: after a re-issue the panelist can be invited again. Its key derives from
 * the link's hash, hashed once more, so the log says nothing about the token.
 */
export async function sendMailing(
  db: Db,
  email: EmailOutbox,
  study: StudyRow,
  input: { kind: 'invitation' | 'thank_you'; panelistIds?: number[] },
  ctx: { facilitatorId: number; baseUrl: string; now: Date },
) {
  requireEmail(email);
  let only: Set<number> | undefined;
  if (input.panelistIds) {
    only = new Set(input.panelistIds);
    const known = new Set((await listPanelists(db, study.id)).map((p) => p.id));
    const unknown = input.panelistIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw errors.validation(
        `Panelist ${unknown[0]} is not in this study.`,
        unknown.map((id) => ({ path: 'body.panelistIds', message: `${id} is not in this study` })),
      );
  }
  const claim: ClaimRequest = {
    study,
    round: null,
    kind: input.kind,
    key: input.kind === 'invitation' ? (p: PanelistRow) => `link-${hashToken(`invitation:${p.tokenHash}`).slice(0, 16)}` : 'study',
    recipients: (d) => panelAudience(d, study, only),
    baseUrl: ctx.baseUrl,
    now: ctx.now,
  };
  return queueAndRecord(db, email, claim, ctx.facilitatorId, 'email.send', { kind: input.kind });
}

/**
 * A facilitator sends one logged message again: a failed or bounced one, or one stuck because its
 * sender stopped. It is queued under a new lease first, so two clicks (or two facilitators) send it once.
 */
export async function resendEmail(db: Db, email: EmailOutbox, study: StudyRow, logId: number, ctx: { facilitatorId: number; baseUrl: string; now: Date }) {
  requireEmail(email);
  const nowIso = ctx.now.toISOString();
  const row = await db.transaction(async (tx) => {
    const before = await findEmailLogEntry(tx, study.id, logId);
    if (!before) throw errors.notFound('E-mail');
    const held = await reclaimForResend(tx, study.id, logId, nowIso, leaseUntil(ctx.now));
    if (!held) throw errors.conflict('EMAIL_NOT_RESENDABLE', before.status === 'sent' ? 'This e-mail was sent already.' : 'This e-mail is being sent now.');
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId: ctx.facilitatorId,
      action: 'email.resend',
      details: { logId, kind: before.kind, previousStatus: before.status },
    });
    return held;
  });
  const claimed = await renderLogged(db, row, ctx.baseUrl, ctx.now);
  if (claimed) email.deliverLater([claimed]);
  return { queued: claimed ? 1 : 0, skipped: claimed ? 0 : 1 };
}

/** "Remind those who have not answered", now. At most one such reminder per panelist per day. */
export async function remindNow(
  db: Db,
  email: EmailOutbox,
  study: StudyRow,
  round: RoundRow,
  audience: 'not_completed' | 'not_answered',
  ctx: { facilitatorId: number; baseUrl: string; now: Date },
) {
  if (round.status !== 'open') throw errors.roundNotOpen();
  requireEmail(email);
  const key = `manual-${ctx.now.toISOString().slice(0, 10)}`;
  const claim: ClaimRequest = {
    study,
    round,
    kind: 'reminder',
    key,
    recipients: (d) => reminderAudience(d, study, round, audience),
    baseUrl: ctx.baseUrl,
    now: ctx.now,
  };
  return queueAndRecord(db, email, claim, ctx.facilitatorId, 'round.remind', { roundId: round.id, audience, key });
}

/** Claims the messages, records the facilitator's action with what it queued, then hands them to the sender. */
async function queueAndRecord(db: Db, email: EmailOutbox, claim: ClaimRequest, facilitatorId: number, action: string, details: Record<string, unknown>) {
  const { claimed, skipped } = await claimEmails(db, claim);
  await db.transaction((tx) => appendAudit(tx, { studyId: claim.study.id, facilitatorId, action, details: { ...details, queued: claimed.length, skipped } }));
  email.deliverLater(claimed);
  return { queued: claimed.length, skipped };
}

/** A panelist's own choice about reminders, from the app or an e-mail's opt-out link; on the record. */
export async function setReminderPreference(db: Db, panelist: PanelistRow, on: boolean): Promise<PanelistRow> {
  return db.transaction(async (tx) => {
    const row = await updatePanelist(tx, panelist.id, { remindersOptOut: !on });
    if (panelist.remindersOptOut === on) {
      await appendAudit(tx, {
        studyId: panelist.studyId,
        facilitatorId: null,
        action: on ? 'panelist.reminders_on' : 'panelist.reminders_off',
        details: { panelistId: panelist.id },
      });
    }
    return row;
  });
}

/**
 * Response rates per round and subgroup beside the reminders sent to each group, so differential
 * attrition shows: a group that answers less despite the reminders, or one that was never reminded.
 */
export async function remindersSummary(db: Db, email: EmailOutbox, study: StudyRow, round: RoundRow) {
  const figures = await participation(db, study, round);
  const panel = await listPanelists(db, study.id);
  const log = await listReminderLog(db, round.id);
  const sentTo = new Map<number, number>();
  for (const l of log) if (l.status === 'sent') sentTo.set(l.panelistId, (sentTo.get(l.panelistId) ?? 0) + 1);
  const reminderFigures = (members: PanelistRow[]) => ({
    remindersSent: members.reduce((n, p) => n + (sentTo.get(p.id) ?? 0), 0),
    panelistsReminded: members.filter((p) => sentTo.has(p.id)).length,
    optedOut: members.filter((p) => p.status !== 'withdrawn' && p.remindersOptOut).length,
  });
  const hiddenRates = { invited: null, responded: null, completed: null, responseRate: null, remindersSent: null, panelistsReminded: null, optedOut: null };
  const pick = (f: (typeof figures)['overall']) => ({ invited: f.invited, responded: f.responded, completed: f.completed, responseRate: f.responseRate });
  const byGroup = Object.fromEntries(
    study.attributes.map((a) => [
      a.name,
      Object.fromEntries(
        a.values.map((v) => {
          const shown = figures.byGroup[a.name][v];
          // Hidden in the participation figures, so hidden here too: who was reminded or opted out is as telling.
          if (shown.suppressed) return [v, { ...hiddenRates, suppressed: true }];
          return [v, { ...pick(shown), ...reminderFigures(panel.filter((p) => p.attributes[a.name] === v)), suppressed: false }];
        }),
      ),
    ]),
  );
  const keys = new Map<string, { key: string; sent: number; failed: number; bounced: number; queued: number }>();
  for (const l of log) {
    let k = keys.get(l.key);
    if (!k) keys.set(l.key, (k = { key: l.key, sent: 0, failed: 0, bounced: 0, queued: 0 }));
    k[l.status]++;
  }
  return {
    roundId: round.id,
    status: round.status,
    emailEnabled: email.enabled,
    overall: { ...pick(figures.overall), ...reminderFigures(panel) },
    byGroup,
    reminders: [...keys.values()],
  };
}

/** How many of the study's messages were sent, failed or bounced. */
export async function emailCounts(db: Db, study: StudyRow) {
  return await countEmailsByStatus(db, study.id);
}

/** Every template of the study, per language and kind: its own wording or the shipped default. */
export async function studyEmailTemplates(db: Db, study: StudyRow) {
  return templatesOfStudy(await listEmailTemplates(db, study.id), study.languages);
}

/** The study's e-mail log for the facilitator, newest first, with what can be resent. */
export async function emailLogFor(db: Db, study: StudyRow, filter: Parameters<typeof listEmailLog>[2], now: Date) {
  // Reminders go to those who have not answered: listed per panelist they would name them.
  const strict = study.anonymity === 'strict';
  if (strict && filter.kind === 'reminder') return [];
  const query = strict ? { ...filter, withoutKind: 'reminder' as const } : filter;
  const nowIso = now.toISOString();
  return (await listEmailLog(db, study.id, query)).map(({ log, code, roundNumber }) => {
    const stuck = log.status === 'queued' && (log.leaseUntil === null || log.leaseUntil < nowIso);
    return {
      id: log.id,
      panelistId: log.panelistId,
      code,
      roundId: log.roundId,
      roundNumber,
      kind: log.kind,
      key: log.key,
      status: log.status,
      error: log.error,
      createdAt: log.createdAt,
      sentAt: log.sentAt,
      stuck,
      resendable: stuck || log.status === 'failed' || log.status === 'bounced',
    };
  });
}
