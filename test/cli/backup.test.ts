import { execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { httpFacilitator, openRoundForPanel } from '../helpers/http-facilitator';
import { freePort } from '../helpers/ports';
import { serveDatabaseFile } from '../helpers/server-process';
import { runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'delphi-backup-'));
const dbFile = join(dir, 'delphi.db');
const run = promisify(execFile);
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], databaseUrl: string) => runCli(args, { DATABASE_URL: databaseUrl });

describe('npm run cli -- backup / restore', () => {
  it('backs up a running server under load, and the restore holds every answer acknowledged before the backup began', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const password = /One-time password: (\S+)/.exec((await cli(['admin', 'create', '--email', 'backup@example.org'], `file:${dbFile}`)).stdout)![1];
    const started = await serveDatabaseFile(dbFile, port);
    server = started.child;
    const api = await httpFacilitator(base, 'backup@example.org', password, 'backup test passphrase');
    const study = (await api('POST', '/api/studies', { title: 'Backup', languages: ['en'], scale: { min: 1, max: 9 } })).json;
    await api('POST', `/api/studies/${study.id}/items/import`, { csv: `code,text_en\n${Array.from({ length: 150 }, (_, i) => `Q${i},Item ${i}`).join('\n')}` });
    const { invitations } = (
      await api('POST', `/api/studies/${study.id}/panelists/import`, { csv: `code\n${Array.from({ length: 16 }, (_, i) => `C${i}`).join('\n')}` })
    ).json;
    const { cookies, versions } = await openRoundForPanel(api, study.id, invitations);

    // Every panelist saves every item while the backup runs; each acknowledgement is timed.
    const acked = new Map<string, { value: number; at: number }>();
    let backedUp = false;
    const saving = Promise.all(
      cookies.map(async (cookie, p) => {
        for (const [i, v] of versions.entries()) {
          if (backedUp) return;
          const value = 1 + ((p + i) % 9);
          const r = await fetch(`${base}/api/panelist/answers/${v}`, {
            method: 'PUT',
            headers: { cookie, 'content-type': 'application/json', 'idempotency-key': `backup-test-${p}-${v}` },
            body: JSON.stringify({ value }),
          });
          if (r.status !== 200) throw new Error(`save refused with ${r.status}: ${await r.text()}`);
          acked.set(`C${p}:${v}`, { value, at: Date.now() });
        }
      }),
    );
    let failed: unknown;
    saving.catch((e) => (failed = e));
    while (acked.size < 60 && !failed) await new Promise((r) => setTimeout(r, 10));
    expect(failed).toBeUndefined();
    const backupFile = join(dir, 'backup.db');
    const began = Date.now();
    const backup = await cli(['backup', backupFile], `file:${dbFile}`);
    backedUp = true;
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/backed up to .*backup\.db \(\d+ bytes, integrity ok\)/);
    const inFlightAtEnd = acked.size < cookies.length * versions.length;
    await saving;
    server.kill('SIGTERM');
    await started.exited;
    expect(inFlightAtEnd, 'the backup should run while answers are still arriving').toBe(true);

    // A backup never overwrites, and a restore never goes into a database with data in it.
    expect((await cli(['backup', backupFile], `file:${dbFile}`)).stderr).toMatch(/exists already/);
    const refused = await cli(['restore', backupFile], `file:${dbFile}`);
    expect([refused.code, refused.stderr]).toEqual([1, `${dbFile} is not empty (it has facilitators or studies); restore only into an empty database.\n`]);

    const restoredFile = join(dir, 'restored.db');
    const restored = await cli(['restore', backupFile], `file:${restoredFile}`);
    expect(restored.code).toBe(0);
    const db = new Database(restoredFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('select p.code, r.item_version_id as v, r.value from responses r join panelists p on p.id = r.panelist_id').all() as {
      code: string;
      v: number;
      value: number;
    }[];
    db.close();
    const stored = new Map(rows.map((r) => [`${r.code}:${r.v}`, r.value]));
    const before = [...acked].filter(([, a]) => a.at <= began);
    expect(before.length).toBeGreaterThanOrEqual(60);
    for (const [key, a] of before) expect(stored.get(key), key).toBe(a.value);
    // Nothing in the copy that was not sent, and nothing half-written.
    for (const [key, value] of stored) expect(acked.get(key)?.value, key).toBe(value);
    expect((await cli(['migrate'], `file:${restoredFile}`)).stdout).toBe('Migrations applied.\n');
  }, 120_000);

  it('says what it needs for PostgreSQL when pg_dump is missing, and refuses a file that is not a backup', async () => {
    const env = { ...process.env, PATH: '/nonexistent', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' };
    const noTools = await run(process.execPath, ['--import', 'tsx', 'api/cli.ts', 'backup', join(dir, 'x.dump')], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((noTools as { stderr: string }).stderr).toMatch(/^pg_dump is not installed\. Install PostgreSQL's client tools/);
    const bogus = join(dir, 'not-a-backup.db');
    (await import('node:fs')).writeFileSync(bogus, 'hello');
    const r = await cli(['restore', bogus], `file:${join(dir, 'empty.db')}`);
    expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(/not-a-backup\.db is not a usable SQLite backup/)]);
  });
});
