import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { openSqlite } from '../../db/sqlite';
import { migrationsFolder, runMigrations } from '../../db/migrate';
import { TABLES } from '../helpers/tables';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'delphi-db-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('database', () => {
  it('applies the committed migrations cleanly to an empty file database with durable settings', async () => {
    const db = openSqlite({ url: `file:${join(tempDir(), 'nested', 'delphi.db')}` });
    await runMigrations(db);
    await runMigrations(db); // idempotent on restart
    const c = db.client;
    expect(c.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.pragma('synchronous', { simple: true })).toBe(2);
    expect(c.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(c.pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(1000);
    expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = (
      c.prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%'").all() as { name: string }[]
    )
      .map((r) => r.name)
      .sort();
    expect(tables).toEqual(TABLES);
    c.close();
  });

  it('refuses to open a database whose durability settings are weaker than required', async () => {
    await expect(openDatabase({ url: ':memory:' })).rejects.toThrow(/journal_mode is memory, not wal/);
  });

  it('keeps the audit log append-only in the database itself', async () => {
    const db = openSqlite({ url: ':memory:', allowWeakDurability: true });
    await runMigrations(db);
    const c = db.client;
    c.prepare("insert into audit_log (action, details) values ('x', '{}')").run();
    expect(() => c.prepare("update audit_log set action = 'y'").run()).toThrow(/append-only/);
    expect(() => c.prepare('delete from audit_log').run()).toThrow(/append-only/);
    expect(c.prepare('select action from audit_log').get()).toEqual({ action: 'x' });
  });

  it('has committed migrations that match db/schema.ts (no drift)', () => {
    const dir = tempDir();
    cpSync(migrationsFolder, join(dir, 'migrations'), { recursive: true });
    // drizzle-kit resolves `out` relative to the working directory, so give it a relative path.
    const config = join(dir, 'drizzle.config.mjs');
    const out = relative(process.cwd(), join(dir, 'migrations'));
    writeFileSync(config, `export default ${JSON.stringify({ dialect: 'sqlite', schema: './db/schema.ts', out, casing: 'snake_case' })};`);
    const before = readdirSync(join(dir, 'migrations')).length;
    const printed = execFileSync(resolve('node_modules/.bin/drizzle-kit'), ['generate', '--config', config], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(printed).toMatch(/No schema changes/);
    expect(readdirSync(join(dir, 'migrations')).length).toBe(before);
  });
});
