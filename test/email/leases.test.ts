import { type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { setRoundSchedule } from '../../api/services/schedule-service';
import { LEASE_MS } from '../../api/email/email-service';
import { findStudy } from '../../api/repositories/studies';
import { caller, itemsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';
import { address, buildEmailApp, databaseFileForTest, until, Clock, DAY, FROM, PANEL, seedScheduledStudy, spawnServer } from './email-app';
import { startMailServer } from './mail-server';

const children: ChildProcess[] = [];
const apps: TestApp[] = [];
afterEach(async () => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  for (const a of apps.splice(0)) await a.close();
});

/** The app, closed after the test, with the owner signed in and a study of two items. */
async function studyWithItems(t: TestApp) {
  apps.push(t);
  const fac = (await signedInFacilitator(t)).cookie;
  const call = caller(
    () => t,
    () => fac,
  );
  const s = (await call('POST', '/api/studies', studyBody)).body as { id: number };
  await call('POST', `/api/studies/${s.id}/items/import`, { csv: itemsCsv(2), createCategories: true });
  return { call, s };
}

/** Waits until the server on this port answers, then has the seeded round open a second from now. */
async function openRoundOnceServing(port: number, seeded: Awaited<ReturnType<typeof seedScheduledStudy>>): Promise<void> {
  await until('the server', () =>
    fetch(`http://127.0.0.1:${port}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    ),
  );
  const study = (await findStudy(seeded.db, seeded.study.id))!;
  await setRoundSchedule(seeded.db, study, seeded.round.id, { opensAt: new Date(Date.now() + 1_000).toISOString() }, seeded.facilitatorId, new Date());
}

/** An SMTP server that accepts connections and never says a word: a send hangs until it is killed. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('transient SMTP failures', () => {
  it('retries a 4xx reply with backoff until it goes through, gives up after the bounded tries, and never retries a 5xx', async () => {
    const smtp = await startMailServer({
      tempFail: (a, attempt) => (a === 'ann@example.org' && attempt <= 2) || a === 'bea@example.org',
      refuse: (a) => a.startsWith('nobody@'),
    });
    try {
      const t = await buildEmailApp({ smtp: { url: smtp.url, from: FROM, retryDelaysMs: [20, 40] }, clock: new Clock() });
      const { call, s } = await studyWithItems(t);
      const csv = [
        'code,email,language,sector,role_level',
        'A1,ann@example.org,en,health,strategic',
        'B2,bea@example.org,en,health,strategic',
        'D4,nobody@example.org,en,health,strategic',
      ].join('\n');
      await call('POST', `/api/studies/${s.id}/panelists/import`, { csv });
      expect((await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' })).body).toEqual({ queued: 3, skipped: 0 });
      await t.app.email.idle();

      expect([smtp.attempts('ann@example.org'), smtp.attempts('bea@example.org'), smtp.attempts('nobody@example.org')]).toEqual([3, 3, 1]);
      expect(smtp.messages.map((m) => m.envelopeTo)).toEqual([['ann@example.org']]);
      const log = (await call('GET', `/api/studies/${s.id}/email-log`)).body as { code: string; status: string; error: string | null; resendable: boolean }[];
      const byCode = Object.fromEntries(log.map((l) => [l.code, l]));
      expect(byCode.A1).toMatchObject({ status: 'sent', error: null, resendable: false });
      expect(byCode.B2).toMatchObject({ status: 'failed', resendable: true });
      expect(byCode.B2.error).toMatch(/451 Mailbox busy, try again later \(after 3 tries\)$/);
      expect(byCode.D4).toMatchObject({ status: 'bounced', resendable: true });
    } finally {
      await smtp.close();
    }
  });
});

describe('expired sessions', () => {
  it('are deleted by the scheduler; sessions still valid stay and keep working', async () => {
    const clock = new Clock();
    const t = await buildEmailApp({ smtp: null, clock });
    apps.push(t);
    await signedInFacilitator(t, 'old@example.org');
    clock.advance(30 * DAY);
    const fresh = (await signedInFacilitator(t, 'new@example.org')).cookie;
    expect((await t.db.raw<{ n: number }>('select count(*) as n from sessions'))[0].n).toBe(2);
    const report = await t.app.scheduler.tick();
    expect(report.sessionsDeleted).toBe(1);
    expect((await t.db.raw<{ n: number }>('select count(*) as n from sessions'))[0].n).toBe(1);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: fresh } })).statusCode).toBe(200);
    expect((await t.app.scheduler.tick()).sessionsDeleted).toBe(0);
  });
});

describe('a sender that dies between claim and send', () => {
  it('leaves its messages leased: no one sends them while the lease holds, then exactly one instance sends each once', async () => {
    const { dbFile } = databaseFileForTest('lease');
    const hole = await blackHole();
    const smtp = await startMailServer();
    try {
      const seeded = await seedScheduledStudy(dbFile, new Date(), (now) => ({
        opensAt: new Date(now + 3_600_000).toISOString(),
        closesAt: new Date(now + 10 * DAY).toISOString(),
        reminders: [],
      }));
      // The sender: a real server whose SMTP server never answers, so its sends hang after the claim.
      const { child, port } = await spawnServer({ dbFile, smtpUrl: hole.url, children });
      await openRoundOnceServing(port, seeded);
      const queued = async () => (await seeded.db.raw<{ n: number }>("select count(*) as n from email_log where status = 'queued'"))[0].n;
      await until('the round-opened notices to be claimed', async () => (await queued()) === PANEL);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      await seeded.db.close();

      // Two instances that could take over; their clocks start at the real time of the claim.
      const clock = new Clock(Date.now());
      const others = [
        await buildEmailApp({ smtp: { url: smtp.url, from: FROM }, clock, dbUrl: `file:${dbFile}` }),
        await buildEmailApp({ smtp: { url: smtp.url, from: FROM }, clock, dbUrl: `file:${dbFile}` }),
      ];
      apps.push(...others);
      const both = () => Promise.all(others.map((a) => a.app.scheduler.tick()));

      clock.advance(LEASE_MS - 60_000);
      expect((await both()).map((r) => r.takenOver)).toEqual([0, 0]);
      expect(smtp.messages).toHaveLength(0);

      clock.advance(2 * 60_000);
      const reports = await both();
      expect(reports[0].takenOver + reports[1].takenOver).toBe(PANEL);
      expect(smtp.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(Array.from({ length: PANEL }, (_, i) => address(i)).sort());
      expect(await others[0].db.raw('select status, attempts, lease_until as lease from email_log group by status, attempts, lease_until')).toEqual([
        { status: 'sent', attempts: 2, lease: null },
      ]);

      clock.advance(2 * LEASE_MS);
      expect((await both()).map((r) => r.takenOver)).toEqual([0, 0]);
      expect(smtp.messages).toHaveLength(PANEL);
    } finally {
      await hole.close();
      await smtp.close();
    }
  }, 90_000);

  it('stops a server within SHUTDOWN_TIMEOUT_SECONDS while a send hangs, leaving the message leased for the next instance', async () => {
    const { dbFile } = databaseFileForTest('shutdown');
    const hole = await blackHole();
    try {
      const seeded = await seedScheduledStudy(dbFile, new Date(), (now) => ({
        opensAt: new Date(now + 3_600_000).toISOString(),
        closesAt: new Date(now + 10 * DAY).toISOString(),
        reminders: [],
      }));
      const { child, port } = await spawnServer({
        dbFile,
        smtpUrl: hole.url,
        children,
        env: { SHUTDOWN_TIMEOUT_SECONDS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let logs = '';
      child.stdout!.on('data', (d) => (logs += String(d)));
      await openRoundOnceServing(port, seeded);
      await until(
        'the notices to be claimed',
        async () => (await seeded.db.raw<{ n: number }>("select count(*) as n from email_log where status = 'queued'"))[0].n === PANEL,
      );
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      const stopping = Date.now();
      child.kill('SIGTERM');
      // The hanging send alone would hold the close for the SMTP greeting timeout (20 s) and its retries.
      expect(await exited).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(10_000);
      expect(logs).toContain('shutdown time limit reached: unfinished work is left for the next instance');
      const rows = await seeded.db.raw<{ status: string; lease: string | null }>('select status, lease_until as lease from email_log');
      expect(rows.every((r) => r.status === 'queued' && r.lease !== null && r.lease > new Date().toISOString())).toBe(true);
      await seeded.db.close();
    } finally {
      await hole.close();
    }
  }, 90_000);

  it('shows a message whose second sender died too as stuck, takes it over no more, and lets the facilitator send it again once', async () => {
    const smtp = await startMailServer();
    try {
      const clock = new Clock();
      const t = await buildEmailApp({ smtp: { url: smtp.url, from: FROM }, clock });
      const { call, s } = await studyWithItems(t);
      await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: 'code,email,language,sector,role_level\nA1,ann@example.org,en,health,strategic' });
      await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
      await t.app.email.idle();
      expect(smtp.messages).toHaveLength(1);
      // As the database stands after the claim and one takeover both died before sending.
      await t.db.raw("update email_log set status = 'queued', attempts = 2, lease_until = ?, sent_at = null", [clock.now().toISOString()]);
      clock.advance(60_000);

      expect((await t.app.scheduler.tick()).takenOver).toBe(0);
      const [entry] = (await call('GET', `/api/studies/${s.id}/email-log`)).body;
      expect(entry).toMatchObject({ code: 'A1', status: 'queued', stuck: true, resendable: true });

      const [first, second] = await Promise.all([
        call('POST', `/api/studies/${s.id}/email-log/${entry.id}/resend`),
        call('POST', `/api/studies/${s.id}/email-log/${entry.id}/resend`),
      ]);
      expect([first.status, second.status].sort()).toEqual([202, 409]);
      expect([first, second].find((r) => r.status === 409)!.body).toMatchObject({
        code: 'DELPHI_EMAIL_NOT_RESENDABLE',
        message: 'This e-mail is being sent now.',
      });
      await t.app.email.idle();
      expect(smtp.messages).toHaveLength(2);
      const [after] = (await call('GET', `/api/studies/${s.id}/email-log`)).body;
      expect(after).toMatchObject({ status: 'sent', stuck: false, resendable: false });
      expect((await call('POST', `/api/studies/${s.id}/email-log/${entry.id}/resend`)).body).toMatchObject({
        statusCode: 409,
        message: 'This e-mail was sent already.',
      });
      expect((await call('POST', `/api/studies/${s.id}/email-log/999999/resend`)).status).toBe(404);
      const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body as { action: string }[];
      expect(audit.filter((a) => a.action === 'email.resend')).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});
