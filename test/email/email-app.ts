import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, onTestFinished } from 'vitest';
import { openDatabase, type Db } from '../../db/client';
import { createFacilitator } from '../../api/services/facilitator-service';
import { importPanelists } from '../../api/services/panel-service';
import { createRound } from '../../api/services/round-service';
import { setRoundSchedule } from '../../api/services/schedule-service';
import { createStudy, importItems } from '../../api/services/study-service';
import { findStudy } from '../../api/repositories/studies';
import { runMigrations } from '../../db/migrate';
import { buildApp } from '../../api/app';
import type { SmtpSettings } from '../../api/email/mailer';
import { BASE_URL, freshDatabase, type TestApp } from '../helpers/build';
import { signedInAppPerTest, type SignedInApp } from '../helpers/signed-in-app';
import { freePort } from '../helpers/ports';
import { startMailServer, type MailServer } from './mail-server';

export const FROM = 'Delphi study <delphi@example.org>';

/** A clock the test moves by hand: the app and its scheduler see only this. */
export class Clock {
  constructor(private t = Date.parse('2026-03-02T09:00:00Z')) {}
  now = () => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** Like test/helpers build(), with SMTP settings and an optional database file shared between instances. */
export async function buildEmailApp(opts: { smtp: SmtpSettings | null; clock: Clock; dbUrl?: string; closeDb?: boolean }): Promise<TestApp & { db: Db }> {
  const db = opts.dbUrl ? await openDatabase({ url: opts.dbUrl }) : await freshDatabase();
  if (opts.dbUrl) await runMigrations(db);
  const app = await buildApp({ db, publicUrl: BASE_URL, now: opts.clock.now, smtp: opts.smtp, attemptLimits: { maxFailures: 1000 }, closeDb: opts.closeDb });
  await app.ready();
  return { app, db, close: () => app.close() };
}

export const PANEL = 6;
export const address = (i: number) => `r${i}@example.org`;

/** A study with a draft round 1 and PANEL panelists with addresses, written straight into a database file. */
export async function seedScheduledStudy(
  dbFile: string,
  now: Date,
  schedule: (now: number) => { opensAt: string; closesAt: string; reminders: { daysBeforeClose: number }[] },
) {
  const db = await openDatabase({ url: `file:${dbFile}` });
  await runMigrations(db);
  const { facilitator } = await createFacilitator(db, { email: 'race@example.org', mustChangePassword: false }, null);
  const study = await createStudy(
    db,
    {
      title: 'Race',
      aim: '',
      languages: ['en'],
      attributes: [],
      scale: { min: 1, max: 9, cannotJudge: true, labels: {} },
      anonymity: 'quasi',
      minGroupSize: 5,
      withdrawalPolicy: 'keep',
      timeNeededMinutes: 15,
    },
    facilitator.id,
  );
  await importItems(db, study, 'code,text_en\nQ1,One\nQ2,Two', facilitator.id);
  const nowIso = now.toISOString();
  await importPanelists(
    db,
    study,
    ['code,email', ...Array.from({ length: PANEL }, (_, i) => `R${i},${address(i)}`)].join('\n'),
    facilitator.id,
    BASE_URL,
    nowIso,
  );
  const { row: round } = await createRound(db, study, { kind: 'rating', instructions: {}, decisions: [], newItems: [] }, facilitator.id);
  await setRoundSchedule(db, (await findStudy(db, study.id))!, round.id, schedule(now.getTime()), facilitator.id, now);
  return { db, study, round, facilitatorId: facilitator.id };
}

export interface EmailAppPerTest extends SignedInApp {
  readonly smtp: MailServer;
  readonly clock: Clock;
}

/** signedInAppPerTest() with a fresh SMTP server and a hand-moved clock for every test. */
export function emailAppPerTest(mail: Parameters<typeof startMailServer>[0] = {}): EmailAppPerTest {
  let smtp: MailServer | undefined;
  let clock = new Clock();
  beforeEach(async () => {
    smtp = await startMailServer(mail);
    clock = new Clock();
  });
  // Registered before the app's hooks, so it runs after the app has closed.
  afterEach(() => smtp?.close());
  const ctx = signedInAppPerTest(() => buildEmailApp({ smtp: { url: smtp!.url, from: FROM }, clock }));
  return Object.defineProperties(ctx, { smtp: { get: () => smtp }, clock: { get: () => clock } }) as EmailAppPerTest;
}

/**
 * Starts `api/cli.ts serve` in a child process on a free port, over a database file and an SMTP
 * server, its scheduler ticking every second; `children` collects it for the test's clean-up.
 */
export async function spawnServer(opts: {
  dbFile: string;
  smtpUrl: string;
  children: ChildProcess[];
  env?: Record<string, string>;
  stdio?: StdioOptions;
}): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/cli.ts', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${opts.dbFile}`,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SMTP_URL: opts.smtpUrl,
      SMTP_FROM: FROM,
      SCHEDULER_INTERVAL_SECONDS: '1',
      ...opts.env,
    },
    stdio: opts.stdio ?? 'ignore',
  });
  opts.children.push(child);
  return { child, port };
}

/** Waits until `check` holds, asking every 100 ms, and fails naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A database file in a folder of its own, removed when the current test has finished. */
export function databaseFileForTest(prefix: string): { dir: string; dbFile: string } {
  const dir = mkdtempSync(join(tmpdir(), `delphi-${prefix}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, dbFile: join(dir, 'delphi.db') };
}
