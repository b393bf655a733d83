import { describe, expect, it } from 'vitest';
import { errorsFromProblems, formFromSchedule, parseReminderDays, scheduleBody } from './schedule-form';
import type { Schedule } from '../console/console-api';

describe('parseReminderDays', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['7', [7]],
    ['2, 7', [7, 2]],
    ['7;2 1', [7, 2, 1]],
    ['7, 7, 2', [7, 2]],
  ])('%j -> %j', (text, days) => {
    expect(parseReminderDays(text)).toEqual({ days });
  });

  it.each(['0', '91', 'seven', '2.5', '-1'])('refuses %j', (text) => {
    expect(parseReminderDays(text)).toHaveProperty('error');
  });

  it('allows ten reminders, not eleven', () => {
    expect(parseReminderDays('1 2 3 4 5 6 7 8 9 10')).toHaveProperty('days');
    expect(parseReminderDays('1 2 3 4 5 6 7 8 9 10 11')).toEqual({ error: 'Ten reminders at most.' });
  });
});

describe('scheduleBody', () => {
  const zone = 'Europe/Paris';

  it('sends wall-clock times in the study zone as instants, with the reminders', () => {
    expect(scheduleBody({ opensAt: '2026-03-02T09:00', closesAt: '2026-03-16T17:00', reminderDays: '2, 7' }, 'draft', zone)).toEqual({
      body: { opensAt: '2026-03-02T08:00:00.000Z', closesAt: '2026-03-16T16:00:00.000Z', reminders: [{ daysBeforeClose: 7 }, { daysBeforeClose: 2 }] },
    });
  });

  it('leaves the opening time out once the round has opened', () => {
    expect(scheduleBody({ opensAt: 'ignored', closesAt: '2026-03-16T17:00', reminderDays: '' }, 'open', zone)).toEqual({
      body: { closesAt: '2026-03-16T16:00:00.000Z', reminders: [] },
    });
  });

  it('removes times left empty', () => {
    expect(scheduleBody({ opensAt: '', closesAt: '', reminderDays: '' }, 'draft', zone)).toEqual({ body: { opensAt: null, closesAt: null, reminders: [] } });
  });

  it('puts each problem at its field', () => {
    expect(scheduleBody({ opensAt: '2026-03-16T09:00', closesAt: '2026-03-02T17:00', reminderDays: 'x' }, 'draft', zone)).toEqual({
      errors: { closesAt: 'The round must close after it opens.', reminderDays: '“x” is not a number of days from 1 to 90.' },
    });
    expect(scheduleBody({ opensAt: '', closesAt: '', reminderDays: '3' }, 'open', zone)).toEqual({
      errors: { reminderDays: 'Reminders are counted back from the closing time: set one first.' },
    });
    expect(scheduleBody({ opensAt: '', closesAt: '2026-02-30T10:00', reminderDays: '' }, 'open', zone)).toEqual({
      errors: { closesAt: 'Enter a date and a time.' },
    });
  });
});

describe('formFromSchedule', () => {
  it('shows the times in the study zone and the reminders latest last', () => {
    const s = {
      roundId: 1,
      number: 1,
      status: 'draft',
      timeZone: 'Europe/London',
      opensAt: '2026-07-01T08:00:00.000Z',
      opensAtLocal: null,
      closesAt: null,
      closesAtLocal: null,
      openedAt: null,
      closedAt: null,
      reminders: [
        { daysBeforeClose: 2, key: '2d', dueAt: null, dueAtLocal: null, sent: 0, failed: 0 },
        { daysBeforeClose: 7, key: '7d', dueAt: null, dueAtLocal: null, sent: 0, failed: 0 },
      ],
    } satisfies Schedule;
    expect(formFromSchedule(s)).toEqual({ opensAt: '2026-07-01T09:00', closesAt: '', reminderDays: '7, 2' });
  });
});

describe('errorsFromProblems', () => {
  it('maps server paths to fields and keeps the first message per field', () => {
    expect(
      errorsFromProblems([
        { path: 'body.closesAt', message: 'too early' },
        { path: 'body.reminders.0.daysBeforeClose', message: 'too many days' },
        { path: 'body.closesAt', message: 'second' },
        { path: 'body.other', message: 'ignored' },
        { message: 'no path' },
      ]),
    ).toEqual({ closesAt: 'too early', reminderDays: 'too many days' });
  });
});
