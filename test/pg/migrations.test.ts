import { resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.pg';
import { TABLES } from '../helpers/tables';

const migrationsFolder = resolve('db/migrations-pg');
const url = process.env.TEST_DATABASE_URL!;

describe('PostgreSQL migrations on a real server', () => {
  const schemaName = `migrations_test_${process.pid}`;
  let pool: pg.Pool;
  let db: ReturnType<typeof drizzle<typeof schema>>;

  afterAll(async () => {
    await pool?.query(`drop schema if exists ${schemaName} cascade`);
    await pool?.end();
  });

  it('apply to an empty schema, twice without harm, and create every table there', async () => {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(`drop schema if exists ${schemaName} cascade; create schema ${schemaName}`);
    await setup.end();
    pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schemaName}` });
    db = drizzle({ client: pool, schema, casing: 'snake_case' });
    await migrate(db, { migrationsFolder, migrationsSchema: schemaName });
    await migrate(db, { migrationsFolder, migrationsSchema: schemaName });

    const { rows } = await pool.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = $1 and table_name not like '\\_\\_drizzle%' order by 1",
      [schemaName],
    );
    expect(rows.map((r) => r.table_name)).toEqual(TABLES);
    const { rows: foreign } = await pool.query<{ target: string }>(
      'select distinct confrelid::regclass::text as target from pg_constraint c join pg_namespace n on n.oid = c.connamespace ' +
        "where contype = 'f' and nspname = $1",
      [schemaName],
    );
    // With search_path set to the schema, its own tables print unqualified.
    expect(foreign.every((r) => !r.target.includes('.'))).toBe(true);
  });

  it('keep the audit log append-only in the database itself', async () => {
    await pool.query("insert into audit_log (action, details) values ('x', '{}')");
    await expect(pool.query("update audit_log set action = 'y'")).rejects.toThrow(/append-only/);
    await expect(pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(pool.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect((await pool.query('select action from audit_log')).rows).toEqual([{ action: 'x' }]);
  });

  it('store timestamps and JSON as the SQLite database does', async () => {
    const [study] = await db
      .insert(schema.studies)
      .values({ slug: 'parity', title: 'T', languages: ['en'], attributes: { z: 1, a: [2, 1] } as never, scale: {} as never, protocol: {} as never })
      .returning();
    expect(study.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(study.createdAt) - Date.now())).toBeLessThan(60_000);
    const { rows } = await pool.query('select attributes::text as text from studies where id = $1', [study.id]);
    expect(rows[0].text).toBe('{"z":1,"a":[2,1]}');
    const [round] = await db.insert(schema.rounds).values({ studyId: study.id, number: 1, kind: 'rating' }).returning();
    expect(round).toMatchObject({ instructions: {}, reminders: [], status: 'draft' });
  });
  it('compress the large results with lz4 where the server has it, and read them back unchanged', async () => {
    const { rows: settings } = await pool.query<{ lz4: boolean }>(
      "select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'",
    );
    const { rows } = await pool.query<{ col: string; method: string }>(
      "select attrelid::regclass::text || '.' || attname as col, attcompression::text as method from pg_attribute " +
        "where attrelid::regclass::text in ('round_results', 'released_snapshots', 'block_results', 'rounds') " +
        "and attname in ('result', 'basis', 'analysis') order by 1",
    );
    const method = settings[0].lz4 ? 'l' : '';
    expect(rows).toEqual(
      ['block_results.result', 'released_snapshots.basis', 'released_snapshots.result', 'round_results.result', 'rounds.analysis'].map((col) => ({
        col,
        method,
      })),
    );
    // A summary large enough to be compressed comes back as it went in.
    const [study] = await db
      .insert(schema.studies)
      .values({ slug: 'lz4', title: 'T', languages: ['en'], attributes: [], scale: {} as never, protocol: {} as never })
      .returning();
    const analysis = { items: Array.from({ length: 400 }, (_, i) => ({ code: `A${i}`, median: i % 9, note: 'the same words again and again' })) };
    const [round] = await db
      .insert(schema.rounds)
      .values({ studyId: study.id, number: 1, kind: 'rating', analysis: analysis as never })
      .returning();
    const { rows: stored } = await pool.query<{ method: string | null; analysis: string }>(
      'select pg_column_compression(analysis) as method, analysis from rounds where id = $1',
      [round.id],
    );
    expect(stored.map((r) => ({ method: r.method, analysis: JSON.parse(r.analysis) as unknown }))).toEqual([
      { method: settings[0].lz4 ? 'lz4' : 'pglz', analysis },
    ]);
  });
});
