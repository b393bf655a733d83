import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { verifyPassword } from '../../api/services/passwords';
import { runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'delphi-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCli;

describe('npm run cli', () => {
  it('admin create makes a facilitator and prints a one-time password that works', async () => {
    const url = `file:${join(dir, 'admin.db')}`;
    const res = await cli(['admin', 'create', '--email', 'lead@example.org', '--admin'], { DATABASE_URL: url });
    expect(res.code).toBe(0);
    const password = /One-time password: (\S+)/.exec(res.stdout)![1];
    const db = await openDatabase({ url });
    const row = (await db.raw('select password_hash, is_admin from facilitators where email = ?', ['lead@example.org']))[0] as {
      password_hash: string;
      is_admin: number;
    };
    await db.close();
    expect(row.is_admin).toBe(1);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, password)).toBe(true);
    const again = await cli(['admin', 'create', '--email', 'lead@example.org'], { DATABASE_URL: url });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('stops with a clear message on a bad configuration value', async () => {
    const res = await cli(['migrate'], { PORT: 'abc', DATABASE_URL: `file:${join(dir, 'x.db')}` });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT: PORT must be a number');
  });

  it('explains its commands and rejects unknown ones', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/admin create --email E/);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});
