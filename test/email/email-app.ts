import { openDatabase, type Db } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { buildApp } from '../../api/app';
import type { SmtpSettings } from '../../api/services/mailer';
import { BASE_URL, freshDatabase, type TestApp } from '../helpers/build';

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
