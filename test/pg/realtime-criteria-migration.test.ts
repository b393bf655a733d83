import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const migrationsFolder = resolve('db/migrations-pg');
const url = process.env.TEST_DATABASE_URL!;

describe('the per-criterion snapshot migration on PostgreSQL', () => {
  const schemaName = `rtcrit_test_${process.pid}`;
  const before = mkdtempSync(join(tmpdir(), 'rtcrit-'));
  let pool: pg.Pool;

  afterAll(async () => {
    await pool?.query(`drop schema if exists ${schemaName} cascade`);
    await pool?.end();
    rmSync(before, { recursive: true, force: true });
  });

  it("keeps every released snapshot and feedback view, on the unnamed criterion '', and numbers snapshots per criterion after it", async () => {
    // The migrations as they were before this one: the same folder with the journal cut before it.
    cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const own = journal.entries.findIndex((e) => e.tag.endsWith('_rtcrit'));
    expect(own).toBeGreaterThan(0);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, own) }));

    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(`drop schema if exists ${schemaName} cascade; create schema ${schemaName}`);
    await setup.end();
    pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schemaName}` });
    const db = drizzle({ client: pool, casing: 'snake_case' });
    await migrate(db, { migrationsFolder: before, migrationsSchema: schemaName });

    await pool.query(`insert into studies (id, slug, title, languages, attributes, scale, protocol) values (1, 's', 'S', '["en"]', '[]', '{}', '{}')`);
    await pool.query(`insert into rounds (id, study_id, number, kind, status) values (1, 1, 1, 'rating', 'open')`);
    await pool.query(`insert into items (id, study_id, code) values (1, 1, 'I1')`);
    await pool.query(`insert into item_versions (id, item_id, version, texts) values (10, 1, 1, '{}')`);
    await pool.query(`insert into panelists (id, study_id, code, language, attributes) values (1, 1, 'P1', 'en', '{}')`);
    await pool.query(
      `insert into released_snapshots (round_id, item_version_id, number, saves, answers, result, basis, released_at) values
        (1, 10, 1, 3, 3, '{"stats":{"nValid":3}}', '{"1":5,"2":6,"3":7}', '2026-12-01T10:00:00.000Z')`,
    );
    await pool.query(
      `insert into feedback_views (round_id, panelist_id, item_version_id, snapshot, own_value, seen_at) values (1, 1, 10, 1, 5, '2026-12-01T10:05:00.000Z')`,
    );
    await migrate(db, { migrationsFolder, migrationsSchema: schemaName });

    const snapshots = await pool.query('select item_version_id, criterion, number, saves, answers, result, basis from released_snapshots');
    expect(snapshots.rows).toEqual([
      { item_version_id: 10, criterion: '', number: 1, saves: 3, answers: 3, result: { stats: { nValid: 3 } }, basis: { '1': 5, '2': 6, '3': 7 } },
    ]);
    const views = await pool.query('select panelist_id, item_version_id, criterion, snapshot, own_value from feedback_views');
    expect(views.rows).toEqual([{ panelist_id: 1, item_version_id: 10, criterion: '', snapshot: 1, own_value: 5 }]);
    await pool.query(
      `insert into released_snapshots (round_id, item_version_id, criterion, number, saves, answers, result, released_at) values (1, 10, 'importance', 1, 3, 3, '{}', 'x')`,
    );
    await expect(
      pool.query(`insert into released_snapshots (round_id, item_version_id, number, saves, answers, result, released_at) values (1, 10, 1, 3, 3, '{}', 'x')`),
    ).rejects.toThrow(/duplicate key/);
  });
});
