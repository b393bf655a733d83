import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const migrationsFolder = resolve('db/migrations-pg');
const url = process.env.TEST_DATABASE_URL!;

describe('the round-kind migration on PostgreSQL', () => {
  const schemaName = `round_kind_test_${process.pid}`;
  const before = mkdtempSync(join(tmpdir(), 'round-kind-'));
  let pool: pg.Pool;

  afterAll(async () => {
    await pool?.query(`drop schema if exists ${schemaName} cascade`);
    await pool?.end();
    rmSync(before, { recursive: true, force: true });
  });

  it("renames an open-ended round's kind from open to ideas, in the rounds and in the live events kept for replay", async () => {
    // The migrations as they were before this one: the same folder with the journal cut before it.
    cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const own = journal.entries.findIndex((e) => e.tag.endsWith('_round_kind_ideas'));
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
    await pool.query(`insert into rounds (id, study_id, number, kind, status) values (1, 1, 1, 'open', 'closed'), (2, 1, 2, 'rating', 'open')`);
    await pool.query(
      `insert into events (study_id, seq, audience, type, payload) values
        (1, 1, 'all', 'round_opened', '{"roundId":1,"number":1,"kind":"open"}'),
        (1, 2, 'all', 'round_closed', '{"roundId":1,"number":1,"kind":"open"}'),
        (1, 3, 'all', 'round_opened', '{"roundId":2,"number":2,"kind":"rating"}'),
        (1, 4, 'all', 'answer_count', '{"kind":"open"}')`,
    );
    await migrate(db, { migrationsFolder, migrationsSchema: schemaName });

    expect((await pool.query('select id, kind, status from rounds order by id')).rows).toEqual([
      { id: 1, kind: 'ideas', status: 'closed' },
      { id: 2, kind: 'rating', status: 'open' },
    ]);
    const { rows } = await pool.query<{ payload: { kind: string } }>('select payload from events order by seq');
    expect(rows.map((e) => e.payload.kind)).toEqual(['ideas', 'ideas', 'rating', 'open']);
  });
});
