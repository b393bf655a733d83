import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { expect } from 'vitest';

const migrationsFolder = resolve('db/migrations-pg');

/**
 * A fresh schema of TEST_DATABASE_URL migrated up to, not including, the migration whose tag ends
 * with `tag`: the same folder with the journal cut before it. Fill it with rows as they were, then
 * `migrateRest()` applies that migration and those after it; `drop()` removes the schema.
 */
export async function migratedBefore(tag: string, schemaName: string) {
  const before = mkdtempSync(join(tmpdir(), 'migrated-before-'));
  cpSync(migrationsFolder, before, { recursive: true });
  const journalFile = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const own = journal.entries.findIndex((e) => e.tag.endsWith(tag));
  expect(own).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, own) }));

  const url = process.env.TEST_DATABASE_URL!;
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`drop schema if exists ${schemaName} cascade; create schema ${schemaName}`);
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schemaName}` });
  const db = drizzle({ client: pool, casing: 'snake_case' });
  await migrate(db, { migrationsFolder: before, migrationsSchema: schemaName });
  return {
    pool,
    migrateRest: () => migrate(db, { migrationsFolder, migrationsSchema: schemaName }),
    drop: async () => {
      await pool.query(`drop schema if exists ${schemaName} cascade`);
      await pool.end();
      rmSync(before, { recursive: true, force: true });
    },
  };
}
