import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const migrationsFolder = resolve('db/migrations-pg');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('PostgreSQL migrations', () => {
  it('match db/schema.pg.ts (no drift)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'delphi-pg-drift-'));
    dirs.push(dir);
    cpSync(migrationsFolder, join(dir, 'migrations'), { recursive: true });
    // drizzle-kit resolves `out` relative to the working directory, so give it a relative path.
    const config = join(dir, 'drizzle.config.mjs');
    const out = relative(process.cwd(), join(dir, 'migrations'));
    writeFileSync(config, `export default ${JSON.stringify({ dialect: 'postgresql', schema: './db/schema.pg.ts', out, casing: 'snake_case' })};`);
    const before = readdirSync(join(dir, 'migrations')).length;
    const printed = execFileSync(resolve('node_modules/.bin/drizzle-kit'), ['generate', '--config', config], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    expect(printed).toMatch(/No schema changes/);
    expect(readdirSync(join(dir, 'migrations')).length).toBe(before);
  });

  it('name no schema, so that they apply to whichever schema search_path selects', () => {
    // drizzle-kit writes `REFERENCES "public"."t"` in foreign keys: remove the `"public".` by hand
    // after generating, or every schema but public would point its keys at public's tables.
    const qualified = readdirSync(migrationsFolder)
      .filter((f) => f.endsWith('.sql'))
      .flatMap((f) => (readFileSync(join(migrationsFolder, f), 'utf8').match(/.*"public"\..*/g) ?? []).map((line) => `${f}: ${line.trim()}`));
    expect(qualified).toEqual([]);
  });
});
