import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { BASE_URL, freshDatabase } from '../helpers/build';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; license: string; repository: { url: string } };

const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

/** The server's app: scheduler on a timer (long enough not to run during the test unless asked). */
async function serverApp(opts: { schedulerIntervalMs?: number; sourceUrl?: string } = { schedulerIntervalMs: 3_600_000 }) {
  const db = await freshDatabase();
  const app = await buildApp({ db, publicUrl: BASE_URL, ...opts });
  await app.ready();
  apps.push(app);
  return { app, db };
}

describe('GET /api/health', () => {
  it('gives the version, licence and source address from package.json, or SOURCE_URL when set', async () => {
    const { app } = await serverApp();
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({
      status: 'ok',
      database: 'ok',
      version: pkg.version,
      license: 'AGPL-3.0-or-later',
      sourceUrl: pkg.repository.url,
    });
    const own = await serverApp({ schedulerIntervalMs: 3_600_000, sourceUrl: 'https://git.example.org/our-delphi' });
    expect((await own.app.inject({ url: '/api/health' })).json().sourceUrl).toBe('https://git.example.org/our-delphi');
  });
});

describe('GET /api/health/live and /api/health/ready', () => {
  it('reports a migrated server with its scheduler running as live and ready', async () => {
    const { app } = await serverApp();
    const live = await app.inject({ url: '/api/health/live' });
    expect([live.statusCode, live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', version: pkg.version, checks: { database: 'ok', migrations: 'ok', scheduler: 'ok' } });
  });

  it('is not ready (503 in the error shape) while a migration is missing', async () => {
    const { app, db } = await serverApp();
    const table = db.dialect === 'postgres' ? `"${(db as unknown as { schemaName: string }).schemaName}".__drizzle_migrations` : '__drizzle_migrations';
    await db.raw(`delete from ${table} where created_at = (select max(created_at) from ${table})`);
    const ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({
      statusCode: 503,
      code: 'DELPHI_NOT_READY',
      error: 'Service Unavailable',
      message: 'Not ready to serve requests: database migrations are not applied.',
      details: { problems: [{ message: 'database migrations are not applied' }], checks: { database: 'ok', migrations: 'failing', scheduler: 'ok' } },
    });
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
  });

  it('is not ready without a running scheduler, nor once the app is closing', async () => {
    const { app } = await serverApp({});
    const ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().details.checks).toEqual({ database: 'ok', migrations: 'ok', scheduler: 'failing' });

    const running = await serverApp();
    const closing = running.app.close();
    // preClose has run by the time close() yields; a proxy must stop sending requests here.
    await new Promise((r) => setImmediate(r));
    expect(running.app.scheduler.running()).toBe(false);
    await closing;
  });

  it('is not ready when the database does not answer', async () => {
    const db = await freshDatabase();
    const app = await buildApp({ db, publicUrl: BASE_URL, schedulerIntervalMs: 3_600_000, closeDb: false });
    await app.ready();
    await db.close();
    const ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().details.checks.database).toBe('failing');
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
    await app.close();
  });
});
