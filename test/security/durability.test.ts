import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { httpFacilitator, openRoundForPanel } from '../helpers/http-facilitator';
import { freePort } from '../helpers/ports';
import { serveDatabaseFile } from '../helpers/server-process';

/**
 * Kills the real server with SIGKILL at random moments while panelists submit answers, restarts
 * it, lets the clients retry what was not acknowledged (same Idempotency-Key), and checks that
 * every acknowledged answer is stored exactly once and the database is intact.
 */
const dir = mkdtempSync(join(tmpdir(), 'delphi-crash-'));
const dbFile = join(dir, 'delphi.db');
const tsx = resolve('node_modules/.bin/tsx');
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

let exited: Promise<unknown> = Promise.resolve();

async function start(port: number): Promise<ChildProcess> {
  const started = await serveDatabaseFile(dbFile, port);
  exited = started.exited;
  return started.child;
}

const rng = (() => {
  let s = 42;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
})();

describe('durability under SIGKILL', () => {
  it('keeps every acknowledged answer exactly once across four kills and restarts', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const out = execFileSync(tsx, ['api/cli.ts', 'admin', 'create', '--email', 'crash@example.org'], {
      env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
      encoding: 'utf8',
    });
    const password = /One-time password: (\S+)/.exec(out)![1];
    server = await start(port);
    const api = await httpFacilitator(base, 'crash@example.org', password, 'crash test passphrase');
    const study = (await api('POST', '/api/studies', { title: 'Crash', languages: ['en'], scale: { min: 1, max: 9 } })).json;
    const items = Array.from({ length: 40 }, (_, i) => `Q${i},Item ${i}`).join('\n');
    await api('POST', `/api/studies/${study.id}/items/import`, { csv: `code,text_en\n${items}` });
    const imported = await api('POST', `/api/studies/${study.id}/panelists/import`, {
      csv: `code\n${Array.from({ length: 20 }, (_, i) => `C${i}`).join('\n')}`,
    });
    const { invitations } = imported.json;
    expect(imported.status, JSON.stringify(imported.json)).toBe(201);
    const { cookies, versions } = await openRoundForPanel(api, study.id, invitations);

    // Each panelist answers each item once; value and key are fixed per answer, so a retry is identical.
    const todo = cookies.map((_, p) => versions.map((v, i) => ({ p, v, value: 1 + ((p + i) % 9), key: `crash-${p}-${v}` })));
    const acked = new Map<string, number>();
    let kills = 0;
    while (todo.some((q) => q.length > 0)) {
      let alive = true;
      const killer =
        kills < 4
          ? setTimeout(
              () => {
                alive = false;
                server!.kill('SIGKILL');
                kills++;
              },
              40 + rng() * 160,
            )
          : undefined;
      await Promise.all(
        todo.map(async (queue) => {
          while (alive && queue.length > 0) {
            const a = queue[0];
            try {
              const r = await fetch(`${base}/api/panelist/answers/${a.v}`, {
                method: 'PUT',
                headers: { cookie: cookies[a.p], 'content-type': 'application/json', 'idempotency-key': a.key },
                body: JSON.stringify({ value: a.value }),
              });
              if (r.status !== 200) throw new Error(`unexpected ${r.status}: ${await r.text()}`);
              const body = await r.json();
              expect(body.value).toBe(a.value);
              acked.set(`${a.p}:${a.v}`, a.value);
              queue.shift();
            } catch (e) {
              if (alive) throw e;
              return; // connection cut by the kill: retry after the restart with the same key
            }
          }
        }),
      );
      clearTimeout(killer);
      if (!alive) {
        await exited;
        server = await start(port);
      }
    }
    expect(kills).toBe(4);
    server.kill('SIGTERM');
    await exited;

    const db = new Database(dbFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('select p.code, r.item_version_id, r.value, r.revision from responses r join panelists p on p.id = r.panelist_id').all() as {
      code: string;
      item_version_id: number;
      value: number;
      revision: number;
    }[];
    db.close();
    expect(rows).toHaveLength(cookies.length * versions.length);
    expect(acked.size).toBe(rows.length);
    for (const row of rows) {
      const p = Number(row.code.slice(1));
      expect(row.value).toBe(acked.get(`${p}:${row.item_version_id}`));
      expect(row.revision).toBe(1); // a retried request never counts twice
    }
  }, 240_000);
});
