import type { Schedule, UpdateSchedule } from '../console/console-api';
import { fromZonedInput, toZonedInput } from './zoned-time';
import { t } from '../../i18n/console.svelte';

/** The schedule form as typed: wall-clock times in the study's zone, reminder days as text. */
export interface ScheduleForm {
  opensAt: string;
  closesAt: string;
  reminderDays: string;
}

export type FieldErrors = Partial<Record<keyof ScheduleForm, string>>;

export function formFromSchedule(s: Schedule): ScheduleForm {
  return {
    opensAt: toZonedInput(s.opensAt, s.timeZone),
    closesAt: toZonedInput(s.closesAt, s.timeZone),
    reminderDays: formatReminderDays(s.reminders.map((r) => r.daysBeforeClose)),
  };
}

export function formatReminderDays(days: number[]): string {
  return [...days].sort((a, b) => b - a).join(', ');
}

/** "7, 2" -> [7, 2]: whole days from 1 to 90, each once, latest reminder last. */
export function parseReminderDays(text: string): { days: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const days: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p) || +p < 1 || +p > 90) return { error: t('sched.badDays', { value: p }) };
    if (!days.includes(+p)) days.push(+p);
  }
  if (days.length > 10) return { error: t('sched.tenMost') };
  return { days: days.sort((a, b) => b - a) };
}

/**
 * The PATCH body for the form, or the problems at their fields. The opening time is sent only
 * for a draft round (the server refuses it later); empty times remove them.
 */
export function scheduleBody(form: ScheduleForm, status: Schedule['status'], timeZone: string): { body: UpdateSchedule } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const when = (field: 'opensAt' | 'closesAt'): string | null => {
    if (!form[field].trim()) return null;
    const iso = fromZonedInput(form[field], timeZone);
    if (iso === null) errors[field] = t('sched.enterDate');
    return iso;
  };
  const opensAt = status === 'draft' ? when('opensAt') : undefined;
  const closesAt = when('closesAt');
  const reminders = parseReminderDays(form.reminderDays);
  if ('error' in reminders) errors.reminderDays = reminders.error;
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) errors.closesAt = t('sched.closeAfterOpen');
  if (!('error' in reminders) && reminders.days.length > 0 && !closesAt && !errors.closesAt) {
    errors.reminderDays = t('sched.needClose');
  }
  if (Object.keys(errors).length > 0 || 'error' in reminders) return { errors };
  const body: UpdateSchedule = { closesAt, reminders: reminders.days.map((daysBeforeClose) => ({ daysBeforeClose })) };
  if (status === 'draft') body.opensAt = opensAt;
  return { body };
}

/** Puts a 400's problems (paths such as "body.closesAt" or "body.reminders.0") at the form's fields. */
export function errorsFromProblems(problems: { path?: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) {
    const field = /^(?:body\.)?(opensAt|closesAt|reminders)/.exec(p.path ?? '')?.[1];
    const key = field === 'reminders' ? 'reminderDays' : (field as keyof ScheduleForm | undefined);
    if (key && !errors[key]) errors[key] = p.message;
  }
  return errors;
}
