import type { Db } from '../../db/client';
import type { EmailKind } from '../../db/schema';
import { DelphiError } from '../errors';
import type { EventRow } from '../repositories/events';
import { listRecentlyChangedRounds, listScheduledRounds } from '../repositories/schedules';
import { findRound, type RoundRow } from '../repositories/rounds';
import { deleteExpiredSessions, hasExpiredSessions } from '../repositories/sessions';
import { findStudy, type StudyRow } from '../repositories/studies';
import { claimEmails, panelAudience, reminderAudience, takeOverLapsedEmails, type ClaimedEmail, type EmailOutbox } from '../email/email-service';
import { closeRound, openRound } from './round-service';
import { dueReminder } from './schedule-service';

/**
 * Round notices go out within this long of the open or close, so a restart catches up, but a
 * round that changed long before e-mail was configured does not suddenly mail the whole panel.
 */
export const NOTICE_WINDOW_MS = 24 * 3600_000;

export interface SchedulerContext {
  db: Db;
  now: () => Date;
  baseUrl: string;
  publish: (event: EventRow) => void;
  email: EmailOutbox;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface TickReport {
  opened: number[];
  closed: number[];
  /** Messages this tick claimed, per kind (each to a different panelist or for a different reminder). */
  claimed: Partial<Record<EmailKind, number>>;
  /** Messages whose sender died, taken over by this instance after their lease lapsed. */
  takenOver: number;
  /** Expired sessions deleted. */
  sessionsDeleted: number;
}

/** Another request or instance got there first: the round is already where the schedule wanted it. */
const alreadyDone = (e: unknown, codes: string[]) => e instanceof DelphiError && e.statusCode === 409 && codes.includes(e.code);

/**
 * One pass over everything that is due, driven by what is stored (rounds' opens_at, closes_at and
 * reminders, email_log), never by timers held in memory, so it picks up after a restart, and any
 * number of instances may run it: opening and closing are conditional transitions and every
 * message is claimed before it is sent.
 *   1. Close open rounds whose closing time has come (before opening, so a next round can follow).
 *   2. Open draft rounds whose opening time has come.
 *   3. With e-mail on: "round opened" and "round closed" notices, then the reminder that is due,
 *      and messages whose sender died (lease lapsed) are taken over.
 *   4. Expired sessions are deleted.
 */
export async function runDueWork(ctx: SchedulerContext, warned: Set<string> = new Set()): Promise<TickReport> {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const report: TickReport = { opened: [], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: 0 };
  const studies = new Map<number, StudyRow | undefined>();
  const studyOf = async (id: number) => {
    if (!studies.has(id)) studies.set(id, await findStudy(ctx.db, id));
    return studies.get(id);
  };
  const warnOnce = (key: string, obj: object, msg: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    ctx.log.warn(obj, msg);
  };

  const scheduled = await listScheduledRounds(ctx.db);
  for (const round of scheduled) {
    if (round.status !== 'open' || round.closesAt === null || Date.parse(round.closesAt) > now.getTime()) continue;
    const study = await studyOf(round.studyId);
    if (!study) continue;
    try {
      ctx.publish((await closeRound(ctx.db, study, round, null, nowIso)).event);
      report.closed.push(round.id);
      ctx.log.info({ roundId: round.id, studyId: study.id }, 'round closed on schedule');
    } catch (e) {
      if (!alreadyDone(e, ['DELPHI_ROUND_NOT_OPEN'])) ctx.log.error({ err: e, roundId: round.id }, 'scheduled close failed');
    }
  }
  for (const round of scheduled) {
    if (round.status !== 'draft' || round.opensAt === null || Date.parse(round.opensAt) > now.getTime()) continue;
    const study = await studyOf(round.studyId);
    if (!study) continue;
    if (round.closesAt !== null && Date.parse(round.closesAt) <= now.getTime()) {
      warnOnce(`late-${round.id}`, { roundId: round.id }, 'not opening a scheduled round whose closing time has already passed');
      continue;
    }
    try {
      ctx.publish((await openRound(ctx.db, study, round, null, nowIso)).event);
      report.opened.push(round.id);
      ctx.log.info({ roundId: round.id, studyId: study.id }, 'round opened on schedule');
    } catch (e) {
      // Another instance opened it between our read and our write (its stale row may then look
      // like "another round is open"): the round is where the schedule wanted it.
      if (alreadyDone(e, ['DELPHI_ROUND_NOT_DRAFT', 'DELPHI_ROUND_IN_PROGRESS']) && (await findRound(ctx.db, round.id))?.status !== 'draft') continue;
      // e.g. a rating round without items: try again next tick, say so once.
      warnOnce(`open-${round.id}`, { roundId: round.id, err: e }, 'scheduled opening failed; will retry');
    }
  }
  try {
    // Read first: most passes find nothing to delete and need no write lock.
    if (await hasExpiredSessions(ctx.db, nowIso)) report.sessionsDeleted = await ctx.db.transaction((tx) => deleteExpiredSessions(tx, nowIso));
  } catch (e) {
    ctx.log.error({ err: e }, 'could not delete expired sessions');
  }
  if (!ctx.email.enabled) return report;

  const sends: Promise<unknown>[] = [];
  const send = (kind: EmailKind, claimed: ClaimedEmail[]) => {
    if (claimed.length === 0) return;
    report.claimed[kind] = (report.claimed[kind] ?? 0) + claimed.length;
    sends.push(ctx.email.deliver(claimed));
  };
  const since = new Date(now.getTime() - NOTICE_WINDOW_MS).toISOString();
  const recent = await listRecentlyChangedRounds(ctx.db, since);
  for (const round of recent) {
    const study = await studyOf(round.studyId);
    if (!study) continue;
    const notices: { kind: EmailKind; key: string; at: string | null }[] = [
      { kind: 'round_opened', key: 'open', at: round.status === 'open' ? round.openedAt : null },
      { kind: 'round_closed', key: 'closed', at: round.status === 'closed' ? round.closedAt : null },
    ];
    for (const n of notices) {
      if (n.at === null || n.at < since) continue;
      send(n.kind, await claimOrLog(ctx, { study, round, kind: n.kind, key: n.key, recipients: (d) => panelAudience(d, study), baseUrl: ctx.baseUrl, now }));
    }
  }
  for (const round of await listScheduledRounds(ctx.db)) {
    const reminder = dueReminder(round, now);
    const study = reminder && (await studyOf(round.studyId));
    if (!reminder || !study) continue;
    send(
      'reminder',
      await claimOrLog(ctx, {
        study,
        round,
        kind: 'reminder',
        key: reminder.key,
        recipients: (d) => reminderAudience(d, study, round),
        baseUrl: ctx.baseUrl,
        now,
      }),
    );
  }
  try {
    const lapsed = await takeOverLapsedEmails(ctx.db, ctx.baseUrl, now);
    report.takenOver = lapsed.length;
    if (lapsed.length > 0) {
      ctx.log.warn({ messages: lapsed.length }, 'sending e-mails whose sender stopped before sending them');
      sends.push(ctx.email.deliver(lapsed));
    }
  } catch (e) {
    ctx.log.error({ err: e }, 'could not take over unsent e-mails');
  }
  await Promise.all(sends);
  return report;
}

async function claimOrLog(ctx: SchedulerContext, req: Parameters<typeof claimEmails>[1] & { round: RoundRow }): Promise<ClaimedEmail[]> {
  try {
    return (await claimEmails(ctx.db, req)).claimed;
  } catch (e) {
    ctx.log.error({ err: e, roundId: req.round.id, kind: req.kind }, 'could not queue e-mails');
    return [];
  }
}
