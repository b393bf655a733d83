import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFacilitator } from '../../api/services/facilitator-service';
import { caller, cookieFrom, itemsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';
import { buildEmailApp, Clock, DAY, FROM, HOUR } from './email-app';
import { linkToken, optOutToken, startMailServer, type MailServer, type ReceivedMail } from './mail-server';

let t: TestApp;
let smtp: MailServer;
let fac: string;
let clock: Clock;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

beforeEach(async () => {
  smtp = await startMailServer();
  clock = new Clock();
  t = await buildEmailApp({ smtp: { url: smtp.url, from: FROM }, clock });
  const { oneTimePassword } = await createFacilitator(t.db, { email: 'owner@example.org', mustChangePassword: false }, null);
  password = oneTimePassword;
  await signIn();
});

let password: string;
/** Facilitator sessions last 12 hours; after moving the clock on, sign in again. */
async function signIn() {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'owner@example.org', password } });
  fac = cookieFrom(res, 'delphi_facilitator');
}
async function travel(to: string | number) {
  if (typeof to === 'string') clock.set(to);
  else clock.advance(to);
  await signIn();
}
afterEach(async () => {
  await t.close();
  await smtp.close();
});

const call = caller(
  () => t,
  () => fac,
);

const SECTORS = ['health', 'social_care', 'voluntary'];
const address = (i: number) => `p${i}@example.org`;

/** Eight panelists: P2 reads French, P8 has no e-mail address. */
async function study() {
  // k = 4: the role levels (4 and 4) are shown, the sectors (3, 3, 2) are hidden by the disclosure rule.
  const s = (await call('POST', '/api/studies', { ...studyBody, timeZone: 'Europe/Paris', minGroupSize: 4 })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const rows = Array.from({ length: 8 }, (_, k) => {
    const i = k + 1;
    return `P${i},${i === 8 ? '' : address(i)},${i === 2 ? 'fr' : 'en'},${SECTORS[k % 3]},${k % 2 ? 'strategic' : 'operational'}`;
  });
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: ['code,email,language,sector,role_level', ...rows].join('\n') }))
    .body;
  const ids = Object.fromEntries(invitations.map((i: { code: string; panelistId: number }) => [i.code, i.panelistId])) as Record<string, number>;
  return { id: s.id as number, ids };
}

const latest = (to: string) => smtp.to(to).at(-1)!;
const kinds = (mails: ReceivedMail[]) => mails.map((m) => m.subject);
const recipients = (from: number) =>
  smtp.messages
    .slice(from)
    .flatMap((m) => m.envelopeTo)
    .sort();

async function sessionFromMail(mail: ReceivedMail): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: linkToken(mail) } });
  return cookieFrom(res, 'delphi_panelist');
}

async function answer(cookie: string, howMany: number) {
  const { items } = (await call('GET', '/api/panelist/round', undefined, cookie)).body;
  for (const item of items.slice(0, howMany)) {
    const saved = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: 7 }, cookie, {
      'idempotency-key': `answer-${item.itemVersionId}-${cookie.slice(-12)}`,
    });
    expect(saved.status).toBe(200);
  }
}

describe('a round run by its schedule', () => {
  it('opens, reminds only those who have not completed and did not opt out, closes, and sends the feedback notice, as time moves', async () => {
    const s = await study();
    const round = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    const schedule = await call('PATCH', `/api/rounds/${round.id}/schedule`, {
      opensAt: '2026-03-03T09:00:00Z',
      closesAt: '2026-03-17T10:00:00+01:00',
      reminders: [{ daysBeforeClose: 2 }, { daysBeforeClose: 7 }],
    });
    expect(schedule.status).toBe(200);
    expect(schedule.body).toMatchObject({
      status: 'draft',
      timeZone: 'Europe/Paris',
      opensAt: '2026-03-03T09:00:00.000Z',
      opensAtLocal: 'Tuesday, March 3, 2026 at 10:00 AM (Europe/Paris)',
      closesAt: '2026-03-17T09:00:00.000Z',
      reminders: [
        { daysBeforeClose: 7, key: '7d', dueAt: '2026-03-10T09:00:00.000Z', sent: 0, failed: 0 },
        { daysBeforeClose: 2, key: '2d', dueAt: '2026-03-15T09:00:00.000Z', sent: 0, failed: 0 },
      ],
    });

    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });
    expect(smtp.messages).toHaveLength(0);

    // Day 1: the round opens on time and everyone with an address hears of it, in their language.
    await travel('2026-03-03T09:00:30Z');
    expect(await t.app.scheduler.tick()).toEqual({
      opened: [round.id],
      closed: [],
      claimed: { round_opened: 7 },
      takenOver: 0,
      sessionsDeleted: expect.any(Number),
    });
    expect((await call('GET', `/api/rounds/${round.id}`)).body).toMatchObject({ status: 'open', openedAt: '2026-03-03T09:00:30.000Z' });
    expect(recipients(0)).toEqual([1, 2, 3, 4, 5, 6, 7].map(address).sort());
    expect(latest(address(1)).subject).toBe('Round 1 of "Trust between partners" is open');
    expect(latest(address(1)).text).toContain('Closing date: Tuesday, March 17, 2026 at 10:00 AM (Europe/Paris)');
    expect(latest(address(2)).subject).toBe('Le tour 1 de « Trust between partners » est ouvert');
    expect(latest(address(2)).text).toContain('Date de clôture : mardi 17 mars 2026 à 10:00 (Europe/Paris)');

    // P1 completes the round, P3 answers one of two items; P4 turns reminders off in the app,
    // P5 with the opt-out link of the e-mail.
    await answer(await sessionFromMail(latest(address(1))), 2);
    await answer(await sessionFromMail(latest(address(3))), 1);
    const p4 = await sessionFromMail(latest(address(4)));
    expect((await call('PATCH', '/api/panelist/me', { reminders: false }, p4)).body.panelist.reminders).toBe(false);
    const unsubscribe = await t.app.inject({ method: 'POST', url: '/api/panelist/unsubscribe', payload: { token: optOutToken(latest(address(5))) } });
    expect(unsubscribe.statusCode).toBe(200);

    // Day 8 (7 days before the close): the first reminder, to P2, P3, P6 and P7 only.
    await travel('2026-03-10T09:00:10Z');
    let before = smtp.messages.length;
    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: { reminder: 4 }, takenOver: 0, sessionsDeleted: expect.any(Number) });
    expect(recipients(before)).toEqual([2, 3, 6, 7].map(address).sort());
    const reminder = latest(address(3));
    expect(reminder.subject).toBe('Reminder: round 1 of "Trust between partners" closes soon');
    expect(reminder.headers['list-unsubscribe']).toBe(`<http://127.0.0.1:3000/join?reminders=off#${optOutToken(reminder)}>`);
    expect(reminder.text).toContain('To receive no more reminders for this study: http://127.0.0.1:3000/join?reminders=off#');
    expect(latest(address(2)).subject).toBe('Rappel : le tour 1 de « Trust between partners » se termine bientôt');
    // The same pass again, an hour later: nobody gets the reminder twice.
    await travel(HOUR);
    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });
    expect(smtp.messages).toHaveLength(before + 4);

    // P6 completes before the second reminder.
    await answer(await sessionFromMail(latest(address(6))), 2);
    await travel('2026-03-15T09:01:00Z');
    before = smtp.messages.length;
    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: { reminder: 3 }, takenOver: 0, sessionsDeleted: expect.any(Number) });
    expect(recipients(before)).toEqual([2, 3, 7].map(address).sort());

    // The close: results frozen, and everyone with an address is told the feedback is there
    // (opting out of reminders does not stop round notices).
    await travel('2026-03-17T09:00:05Z');
    before = smtp.messages.length;
    expect(await t.app.scheduler.tick()).toEqual({
      opened: [],
      closed: [round.id],
      claimed: { round_closed: 7 },
      takenOver: 0,
      sessionsDeleted: expect.any(Number),
    });
    expect((await call('GET', `/api/rounds/${round.id}`)).body).toMatchObject({ status: 'closed', closedAt: '2026-03-17T09:00:05.000Z' });
    expect((await call('GET', `/api/rounds/${round.id}/results`)).body.status).toBe('final');
    expect(recipients(before)).toEqual([1, 2, 3, 4, 5, 6, 7].map(address).sort());
    const closed = latest(address(1));
    expect(closed.subject).toBe('Round 1 of "Trust between partners" has closed: see how the panel answered');
    const feedback = await call('GET', `/api/panelist/rounds/${round.id}/feedback`, undefined, await sessionFromMail(closed));
    expect(feedback.status).toBe(200);
    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });

    // What each panelist was sent, and the dashboard's view of it.
    expect(kinds(smtp.to(address(3)))).toEqual([
      'Round 1 of "Trust between partners" is open',
      'Reminder: round 1 of "Trust between partners" closes soon',
      'Reminder: round 1 of "Trust between partners" closes soon',
      'Round 1 of "Trust between partners" has closed: see how the panel answered',
    ]);
    expect(kinds(smtp.to(address(1)))).toHaveLength(2);
    const log = (await call('GET', `/api/studies/${s.id}/email-log?panelistId=${s.ids.P3}&roundId=${round.id}`)).body;
    expect(log.map((l: { kind: string; key: string; status: string }) => `${l.kind}:${l.key}:${l.status}`)).toEqual([
      'round_closed:closed:sent',
      'reminder:2d:sent',
      'reminder:7d:sent',
      'round_opened:open:sent',
    ]);
    expect(log[2]).toMatchObject({ code: 'P3', roundNumber: 1, createdAt: '2026-03-10T09:00:10.000Z', sentAt: '2026-03-10T09:00:10.000Z', error: null });

    const summary = (await call('GET', `/api/rounds/${round.id}/reminders-summary`)).body;
    expect(summary.overall).toEqual({ invited: 8, responded: 3, completed: 2, responseRate: 3 / 8, remindersSent: 7, panelistsReminded: 4, optedOut: 2 });
    // Role levels: operational P1 P3 P5 P7, strategic P2 P4 P6 P8. Sectors of 3, 3 and 2 are below k = 4.
    expect(summary.byGroup.role_level).toEqual({
      operational: { invited: 4, responded: 2, completed: 1, responseRate: 0.5, remindersSent: 4, panelistsReminded: 2, optedOut: 1, suppressed: false },
      strategic: { invited: 4, responded: 1, completed: 1, responseRate: 0.25, remindersSent: 3, panelistsReminded: 2, optedOut: 1, suppressed: false },
    });
    const hidden = { invited: null, responded: null, completed: null, responseRate: null, remindersSent: null, panelistsReminded: null, optedOut: null };
    expect(summary.byGroup.sector).toEqual(Object.fromEntries(SECTORS.map((g) => [g, { ...hidden, suppressed: true }])));
    expect(summary.reminders).toEqual([
      { key: '7d', sent: 4, failed: 0, bounced: 0, queued: 0 },
      { key: '2d', sent: 3, failed: 0, bounced: 0, queued: 0 },
    ]);
    const sched = (await call('GET', `/api/rounds/${round.id}/schedule`)).body;
    expect(sched.reminders.map((r: { key: string; sent: number }) => [r.key, r.sent])).toEqual([
      ['7d', 4],
      ['2d', 3],
    ]);
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body.map(
      (a: { action: string; facilitatorId: number | null }) => `${a.action}:${a.facilitatorId === null ? 'schedule' : 'facilitator'}`,
    );
    expect(audit).toEqual(expect.arrayContaining(['round.schedule:facilitator', 'round.open:schedule', 'round.close:schedule']));
  });

  it('treats a close the facilitator made early as done, and still sends the notice once', async () => {
    const s = await study();
    const round = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${round.id}/open`);
    await call('PATCH', `/api/rounds/${round.id}/schedule`, { closesAt: '2026-03-09T09:00:00Z' });
    expect((await t.app.scheduler.tick()).claimed).toEqual({ round_opened: 7 });

    await travel(DAY);
    expect((await call('POST', `/api/rounds/${round.id}/close`)).status).toBe(200);
    expect((await call('POST', `/api/rounds/${round.id}/close`)).status).toBe(409);
    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: { round_closed: 7 }, takenOver: 0, sessionsDeleted: expect.any(Number) });
    await travel('2026-03-09T09:00:01Z');
    expect(await t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });
    const events = await t.db.raw("select type from events where study_id = ? and type like 'round_%' order by seq", [s.id]);
    expect(events).toEqual([{ type: 'round_opened' }, { type: 'round_closed' }]);
    expect(smtp.messages).toHaveLength(14);
    expect((await call('PATCH', `/api/rounds/${round.id}/schedule`, { closesAt: '2026-04-01T09:00:00Z' })).body.code).toBe('DELPHI_ROUND_CLOSED');
  });

  it('reminds those who have not answered when the facilitator asks, once a day at most, sparing those who opted out', async () => {
    const s = await study();
    const round = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    expect((await call('POST', `/api/rounds/${round.id}/remind`)).body.code).toBe('DELPHI_ROUND_NOT_OPEN');
    await call('POST', `/api/rounds/${round.id}/open`);
    await t.app.scheduler.tick();
    await answer(await sessionFromMail(latest(address(1))), 2);
    await answer(await sessionFromMail(latest(address(2))), 1);
    await t.app.inject({ method: 'POST', url: '/api/panelist/unsubscribe', payload: { token: optOutToken(latest(address(7))) } });

    let before = smtp.messages.length;
    const onlyNone = await call('POST', `/api/rounds/${round.id}/remind?audience=not_answered`);
    expect([onlyNone.status, onlyNone.body]).toEqual([202, { queued: 4, skipped: 0 }]);
    await t.app.email.idle();
    expect(recipients(before)).toEqual([3, 4, 5, 6].map(address).sort());
    expect((await call('POST', `/api/rounds/${round.id}/remind`)).body).toEqual({ queued: 1, skipped: 4 });
    await t.app.email.idle();
    expect(recipients(before + 4)).toEqual([address(2)]);

    await travel(DAY);
    before = smtp.messages.length;
    expect((await call('POST', `/api/rounds/${round.id}/remind`)).body).toEqual({ queued: 5, skipped: 0 });
    await t.app.email.idle();
    expect(recipients(before)).toEqual([2, 3, 4, 5, 6].map(address).sort());
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body[0];
    expect(audit).toMatchObject({
      action: 'round.remind',
      details: { roundId: round.id, audience: 'not_completed', key: 'manual-2026-03-03', queued: 5, skipped: 0 },
    });
  });
});

describe('PATCH /api/rounds/:roundId/schedule', () => {
  it('refuses times in the past, a close before the opening, reminders without a close, and a new opening time once open', async () => {
    const s = await study();
    const round = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    const patch = (body: unknown) => call('PATCH', `/api/rounds/${round.id}/schedule`, body);
    expect((await patch({ opensAt: '2026-03-01T09:00:00Z' })).body.message).toBe('The opening time has passed; open the round now instead.');
    expect((await patch({ opensAt: '2026-03-05T09:00:00Z', closesAt: '2026-03-04T09:00:00Z' })).body.message).toBe('The round must close after it opens.');
    expect((await patch({ reminders: [{ daysBeforeClose: 3 }] })).body.message).toBe('Reminders are counted back from the closing time; set closesAt first.');
    expect((await patch({ closesAt: '2026-03-20T09:00:00Z', reminders: [{ daysBeforeClose: 3 }, { daysBeforeClose: 3 }] })).status).toBe(400);
    expect((await patch({ closesAt: 'next friday' })).status).toBe(400);
    expect((await patch({ reminders: [{ daysBeforeClose: 0 }] })).status).toBe(400);
    await call('POST', `/api/rounds/${round.id}/open`);
    const late = await patch({ opensAt: '2026-03-05T09:00:00Z' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DELPHI_ROUND_NOT_DRAFT');
    expect((await patch({ closesAt: '2026-03-20T09:00:00Z', reminders: [{ daysBeforeClose: 3 }] })).body).toMatchObject({
      status: 'open',
      closesAtLocal: 'Friday, March 20, 2026 at 10:00 AM (Europe/Paris)',
    });
  });
});

describe('schedules across a restart', () => {
  it('opens and closes a round on time after the server restarts, from what is stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delphi-schedule-'));
    dirs.push(dir);
    const dbUrl = `file:${join(dir, 'delphi.db')}`;
    const first = await buildEmailApp({ smtp: null, clock, dbUrl });
    const owner = (await signedInFacilitator(first)).cookie;
    const post = (url: string, payload?: unknown) =>
      first.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: owner } }).then((r) => r.json());
    const s = await post('/api/studies', studyBody);
    await post(`/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    const round = await post(`/api/studies/${s.id}/rounds`, {});
    await first.app.inject({
      method: 'PATCH',
      url: `/api/rounds/${round.id}/schedule`,
      headers: { cookie: owner },
      payload: { opensAt: '2026-03-04T09:00:00Z', closesAt: '2026-03-06T09:00:00Z' },
    });
    await first.close();

    clock.set('2026-03-04T12:00:00Z');
    const second = await buildEmailApp({ smtp: null, clock, dbUrl });
    expect((await second.app.scheduler.tick()).opened).toEqual([round.id]);
    await second.close();

    clock.set('2026-03-06T09:00:00Z');
    const third = await buildEmailApp({ smtp: null, clock, dbUrl });
    expect((await third.app.scheduler.tick()).closed).toEqual([round.id]);
    const row = (await third.db.raw('select status, opened_at, closed_at from rounds where id = ?', [round.id]))[0];
    expect(row).toEqual({ status: 'closed', opened_at: '2026-03-04T12:00:00.000Z', closed_at: '2026-03-06T09:00:00.000Z' });
    await third.close();
  });
});
