import type { Db } from '../../db/client';
import { errors, type Problem } from '../errors';
import type { UpdateSchedule } from '../schemas/schedule';
import { appendAudit } from '../repositories/audit';
import { listReminderLog } from '../repositories/email';
import { updateRoundSchedule } from '../repositories/schedules';
import { findRound, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { formatDateTime } from '../email/templates';

const DAY_MS = 86_400_000;

export interface PlannedReminder {
  daysBeforeClose: number;
  /** email_log key: one message per panelist per key and round. */
  key: string;
  dueAt: string | null;
}

/** The round's reminders with their due times, earliest first. */
export function reminderPlan(round: Pick<RoundRow, 'reminders' | 'closesAt'>): PlannedReminder[] {
  const close = round.closesAt === null ? null : Date.parse(round.closesAt);
  return [...round.reminders]
    .sort((a, b) => b.daysBeforeClose - a.daysBeforeClose)
    .map((r) => ({
      daysBeforeClose: r.daysBeforeClose,
      key: `${r.daysBeforeClose}d`,
      dueAt: close === null ? null : new Date(close - r.daysBeforeClose * DAY_MS).toISOString(),
    }));
}

/**
 * The reminder to send now, if any: the latest one that has come due while the round was open and
 * before it closes. After downtime only that one goes out, never a burst of the ones missed, and
 * none falls due before the round opened (its "round opened" notice says the same thing).
 */
export function dueReminder(round: RoundRow, now: Date): PlannedReminder | undefined {
  if (round.status !== 'open' || round.closesAt === null || round.openedAt === null) return undefined;
  const t = now.getTime();
  if (t >= Date.parse(round.closesAt)) return undefined;
  const due = reminderPlan(round).filter((r) => Date.parse(r.dueAt!) <= t && Date.parse(r.dueAt!) >= Date.parse(round.openedAt!));
  return due.at(-1);
}

export async function scheduleView(db: Db, study: StudyRow, round: RoundRow) {
  const local = (iso: string | null) => (iso === null ? null : formatDateTime(iso, study.languages[0], study.timeZone));
  const log = await listReminderLog(db, round.id);
  return {
    roundId: round.id,
    number: round.number,
    status: round.status,
    timeZone: study.timeZone,
    opensAt: round.opensAt,
    opensAtLocal: local(round.opensAt),
    closesAt: round.closesAt,
    closesAtLocal: local(round.closesAt),
    openedAt: round.openedAt,
    closedAt: round.closedAt,
    reminders: reminderPlan(round).map((r) => ({
      ...r,
      dueAtLocal: local(r.dueAt),
      sent: log.filter((l) => l.key === r.key && l.status === 'sent').length,
      failed: log.filter((l) => l.key === r.key && (l.status === 'failed' || l.status === 'bounced')).length,
    })),
  };
}

const normalise = (v: string | null | undefined) => (v === undefined || v === null ? v : new Date(v).toISOString());

/**
 * Sets when a round opens and closes and when reminders go. An opening time only for a draft, a
 * closing time until the round closes; times must lie ahead and the close after the opening.
 * Read and written in one immediate transaction, so a scheduled open or close cannot slip between:
 * the round is read again under the study's lock, not taken from the caller. Returns the new schedule.
 */
export async function setRoundSchedule(db: Db, study: StudyRow, roundId: number, patch: UpdateSchedule, facilitatorId: number, now: Date) {
  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const round = await findRound(tx, roundId);
    if (!round || round.studyId !== study.id) throw errors.notFound('Round');
    if (round.status === 'closed') throw errors.conflict('ROUND_CLOSED', `Round ${round.number} has closed; its schedule can no longer change.`);
    const opensAt = normalise(patch.opensAt);
    const closesAt = normalise(patch.closesAt);
    if (opensAt !== undefined && round.status !== 'draft' && opensAt !== round.opensAt) {
      throw errors.conflict('ROUND_NOT_DRAFT', `Round ${round.number} is already open; only its closing time and reminders can change.`);
    }
    const problems: Problem[] = [];
    const t = now.getTime();
    if (opensAt && opensAt !== round.opensAt && Date.parse(opensAt) <= t)
      problems.push({ path: 'body.opensAt', message: 'The opening time has passed; open the round now instead.' });
    if (closesAt && Date.parse(closesAt) <= t) problems.push({ path: 'body.closesAt', message: 'The closing time has passed; close the round now instead.' });
    const effectiveOpen = opensAt === undefined ? round.opensAt : opensAt;
    const effectiveClose = closesAt === undefined ? round.closesAt : closesAt;
    if (effectiveOpen && effectiveClose && Date.parse(effectiveClose) <= Date.parse(effectiveOpen)) {
      problems.push({ path: 'body.closesAt', message: 'The round must close after it opens.' });
    }
    const reminders = patch.reminders ?? round.reminders;
    if (new Set(reminders.map((r) => r.daysBeforeClose)).size !== reminders.length)
      problems.push({ path: 'body.reminders', message: 'Two reminders fall on the same day.' });
    // The final results of a real-time round come at its end time; without one it would never end.
    if (round.mode === 'realtime' && !effectiveClose) problems.push({ path: 'body.closesAt', message: 'A real-time round needs an end time.' });
    if (reminders.length > 0 && !effectiveClose)
      problems.push({ path: 'body.reminders', message: 'Reminders are counted back from the closing time; set closesAt first.' });
    if (problems.length > 0) throw errors.validation(problems[0].message, problems);

    const changes = {
      ...(opensAt !== undefined ? { opensAt } : {}),
      ...(closesAt !== undefined ? { closesAt } : {}),
      ...(patch.reminders !== undefined ? { reminders: [...patch.reminders].sort((a, b) => b.daysBeforeClose - a.daysBeforeClose) } : {}),
    };
    const updated = Object.keys(changes).length > 0 ? await updateRoundSchedule(tx, round.id, changes) : round;
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId,
      action: 'round.schedule',
      details: { roundId: round.id, number: round.number, opensAt: updated.opensAt, closesAt: updated.closesAt, reminders: updated.reminders },
    });
    return await scheduleView(tx, study, updated);
  });
}
