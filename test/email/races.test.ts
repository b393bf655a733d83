import { type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { setRoundSchedule } from '../../api/services/schedule-service';
import { findStudy } from '../../api/repositories/studies';
import { type TestApp } from '../helpers/build';
import { address, buildEmailApp, databaseFileForTest, until, Clock, DAY, FROM, PANEL, seedScheduledStudy, spawnServer } from './email-app';
import { startMailServer, type MailServer } from './mail-server';

const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

function perAddress(smtp: MailServer) {
  return Object.fromEntries(Array.from({ length: PANEL }, (_, i) => [address(i), smtp.to(address(i)).map((m) => m.subject.split(' ')[0])]));
}

describe('two instances on one database', () => {
  let apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps) await a.close();
    apps = [];
  });

  it('send each notice and reminder once when both schedulers run the same pass, and close the round once', async () => {
    const { dbFile } = databaseFileForTest('race');
    const smtp = await startMailServer();
    try {
      const clock = new Clock();
      const start = clock.now().getTime();
      const seeded = await seedScheduledStudy(dbFile, clock.now(), () => ({
        opensAt: new Date(start + DAY).toISOString(),
        closesAt: new Date(start + 10 * DAY).toISOString(),
        reminders: [{ daysBeforeClose: 3 }],
      }));
      await seeded.db.close();
      apps = [
        await buildEmailApp({ smtp: { url: smtp.url, from: FROM }, clock, dbUrl: `file:${dbFile}` }),
        await buildEmailApp({ smtp: { url: smtp.url, from: FROM }, clock, dbUrl: `file:${dbFile}` }),
      ];
      const both = () => Promise.all(apps.map((a) => a.app.scheduler.tick()));

      for (const at of [DAY, 7 * DAY, 7 * DAY + 60_000, 10 * DAY, 10 * DAY + 60_000]) {
        clock.set(new Date(start + at).toISOString());
        const reports = await both();
        // Whatever each instance did, together they did it once.
        expect(reports.flatMap((r) => r.opened)).toHaveLength(at === DAY ? 1 : 0);
        expect(reports.flatMap((r) => r.closed)).toHaveLength(at === 10 * DAY ? 1 : 0);
      }
      expect(perAddress(smtp)).toEqual(Object.fromEntries(Array.from({ length: PANEL }, (_, i) => [address(i), ['Round', 'Reminder:', 'Round']])));
      const db = apps[0].db;
      expect(await db.raw("select type, count(*) as n from events where type like 'round_%' group by type order by type")).toEqual([
        { type: 'round_closed', n: 1 },
        { type: 'round_opened', n: 1 },
      ]);
      expect(await db.raw('select status, count(*) as n from email_log group by status')).toEqual([{ status: 'sent', n: 3 * PANEL }]);
    } finally {
      await smtp.close();
    }
  });
});

describe('two server processes on one database file', () => {
  it('race through a round’s schedule on the real clock: one open, one close, every message once, no errors', async () => {
    const { dbFile } = databaseFileForTest('race');
    const smtp = await startMailServer();
    try {
      // Scheduled far ahead at first; the real times are set once both servers answer, so a slow
      // start on a loaded machine cannot push the opening past the reminder's due time.
      const { db, study, round, facilitatorId } = await seedScheduledStudy(dbFile, new Date(), (now) => ({
        opensAt: new Date(now + 3_600_000).toISOString(),
        closesAt: new Date(now + 3_600_000 + DAY + 5_000).toISOString(),
        reminders: [{ daysBeforeClose: 1 }],
      }));
      const logs: string[] = [];
      const servers = await Promise.all(
        [0, 1].map(async () => {
          const { child, port } = await spawnServer({ dbFile, smtpUrl: smtp.url, children, stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout!.on('data', (d) => logs.push(String(d)));
          child.stderr!.on('data', (d) => logs.push(String(d)));
          const exited = new Promise((r) => child.once('exit', r));
          let up = false;
          for (let i = 0; i < 600 && !up; i++) {
            up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
              (r) => r.ok,
              () => false,
            );
            if (!up) await new Promise((r) => setTimeout(r, 100));
          }
          if (!up) throw new Error('a server did not start');
          return { child, exited };
        }),
      );
      // Opens in 2 s; the one reminder ("1 day before the close") falls due 5 s after the opening.
      const opensAt = Date.now() + 2_000;
      await setRoundSchedule(
        db,
        (await findStudy(db, study.id))!,
        round.id,
        { opensAt: new Date(opensAt).toISOString(), closesAt: new Date(opensAt + DAY + 5_000).toISOString(), reminders: [{ daysBeforeClose: 1 }] },
        facilitatorId,
        new Date(),
      );

      await until('the round-opened notices', () => smtp.messages.length >= PANEL);
      await until('the reminders', () => smtp.messages.length >= 2 * PANEL);
      await setRoundSchedule(
        db,
        (await findStudy(db, study.id))!,
        round.id,
        { closesAt: new Date(Date.now() + 2_000).toISOString() },
        facilitatorId,
        new Date(),
      );
      await until('the round-closed notices', () => smtp.messages.length >= 3 * PANEL);
      await new Promise((r) => setTimeout(r, 2_500)); // two more passes of each scheduler
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => s.exited));

      expect(perAddress(smtp)).toEqual(Object.fromEntries(Array.from({ length: PANEL }, (_, i) => [address(i), ['Round', 'Reminder:', 'Round']])));
      expect(await db.raw("select type, count(*) as n from events where type like 'round_%' group by type order by type")).toEqual([
        { type: 'round_closed', n: 1 },
        { type: 'round_opened', n: 1 },
      ]);
      expect(await db.raw("select action, count(*) as n from audit_log where action in ('round.open', 'round.close') group by action order by action")).toEqual(
        [
          { action: 'round.close', n: 1 },
          { action: 'round.open', n: 1 },
        ],
      );
      expect(await db.raw('select status, count(*) as n from email_log group by status')).toEqual([{ status: 'sent', n: 3 * PANEL }]);
      // A close or open that lost the race is not an error, and nothing else went wrong.
      const problems = logs
        .join('')
        .split('\n')
        .filter((l) => /"level":(50|60)/.test(l) || /scheduled|e-mail/.test(l));
      expect(problems).toEqual([]);
      await db.close();
    } finally {
      await smtp.close();
    }
  }, 90_000);
});
