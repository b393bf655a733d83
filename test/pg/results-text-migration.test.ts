import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { findRound } from '../../api/repositories/rounds';
import { migratedBefore } from './migrated-before';

describe('the migration that keeps large results as text on PostgreSQL', () => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => await drop?.());

  it('keeps every stored summary exactly as written, and the service reads it as before', async () => {
    const name = `results_text_test_${process.pid}`;
    const schema = await migratedBefore('_pg_results_text', name);
    drop = schema.drop;
    const { pool } = schema;
    // Key order, spacing and non-ASCII text as json keeps them: the text must survive the change of type.
    const written = '{"z": 1, "a": [2, 1], "label": "Vertrauen – trust", "nested": {"b": null}}';
    await pool.query(`insert into studies (id, slug, title, languages, attributes, scale, protocol) values (1, 's', 'S', '["en"]', '[]', '{}', '{}')`);
    await pool.query(
      `insert into rounds (id, study_id, number, kind, status, analysis) values (1, 1, 1, 'rating', 'closed', $1), (2, 1, 2, 'rating', 'open', null)`,
      [written],
    );
    await schema.migrateRest();

    const { rows: types } = await pool.query<{ col: string; type: string }>(
      "select table_name || '.' || column_name as col, data_type as type from information_schema.columns where table_schema = $1 " +
        "and (table_name, column_name) in (('round_results', 'result'), ('released_snapshots', 'result'), ('released_snapshots', 'basis'), " +
        "('block_results', 'result'), ('rounds', 'analysis')) order by 1",
      [name],
    );
    expect(types).toEqual(
      ['block_results.result', 'released_snapshots.basis', 'released_snapshots.result', 'round_results.result', 'rounds.analysis'].map((col) => ({
        col,
        type: 'text',
      })),
    );
    expect((await pool.query('select id, analysis from rounds order by id')).rows).toEqual([
      { id: 1, analysis: written },
      { id: 2, analysis: null },
    ]);
    const db = await openDatabase({ url: process.env.TEST_DATABASE_URL!, schema: name });
    try {
      expect((await findRound(db, 1))?.analysis).toEqual(JSON.parse(written));
      expect((await findRound(db, 2))?.analysis).toBeNull();
    } finally {
      await db.close();
    }
  });
});
