import { afterAll, describe, expect, it } from 'vitest';
import { migratedBefore } from './migrated-before';

describe('the per-criterion snapshot migration on PostgreSQL', () => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => await drop?.());

  it("keeps every released snapshot and view on the study's one criterion ('' when unnamed), then numbers snapshots per criterion", async () => {
    const schema = await migratedBefore('_rtcrit', `rtcrit_test_${process.pid}`);
    drop = schema.drop;
    const { pool } = schema;
    // Study 2 names one criterion, with which a real-time round could run before criteria were released apart.
    await pool.query(`insert into studies (id, slug, title, languages, attributes, scale, protocol, criteria) values
      (1, 's', 'S', '["en"]', '[]', '{}', '{}', '[]'), (2, 't', 'T', '["en"]', '[]', '{}', '{}', '[{"code":"importance"}]')`);
    await pool.query(`insert into rounds (id, study_id, number, kind, status) values (1, 1, 1, 'rating', 'open'), (2, 2, 1, 'rating', 'open')`);
    await pool.query(`insert into items (id, study_id, code) values (1, 1, 'I1')`);
    await pool.query(`insert into item_versions (id, item_id, version, texts) values (10, 1, 1, '{}')`);
    await pool.query(`insert into panelists (id, study_id, code, language, attributes) values (1, 1, 'P1', 'en', '{}')`);
    await pool.query(
      `insert into released_snapshots (round_id, item_version_id, number, saves, answers, result, basis, released_at) values
        (1, 10, 1, 3, 3, '{"stats":{"nValid":3}}', '{"1":5,"2":6,"3":7}', '2026-12-01T10:00:00.000Z'), (2, 10, 1, 3, 3, '{}', null, 'x')`,
    );
    await pool.query(
      `insert into feedback_views (round_id, panelist_id, item_version_id, snapshot, own_value, seen_at) values
        (1, 1, 10, 1, 5, '2026-12-01T10:05:00.000Z'), (2, 1, 10, 1, 6, 'x')`,
    );
    await schema.migrateRest();

    const snapshots = await pool.query(
      'select item_version_id, criterion, number, saves, answers, result::json as result, basis::json as basis from released_snapshots where round_id = 1',
    );
    expect(snapshots.rows).toEqual([
      { item_version_id: 10, criterion: '', number: 1, saves: 3, answers: 3, result: { stats: { nValid: 3 } }, basis: { '1': 5, '2': 6, '3': 7 } },
    ]);
    const views = await pool.query('select panelist_id, item_version_id, criterion, snapshot, own_value from feedback_views where round_id = 1');
    expect(views.rows).toEqual([{ panelist_id: 1, item_version_id: 10, criterion: '', snapshot: 1, own_value: 5 }]);
    const moved = await pool.query(
      'select criterion from released_snapshots where round_id = 2 union all select criterion from feedback_views where round_id = 2',
    );
    expect(moved.rows).toEqual([{ criterion: 'importance' }, { criterion: 'importance' }]);
    await pool.query(
      `insert into released_snapshots (round_id, item_version_id, criterion, number, saves, answers, result, released_at)
        values (1, 10, 'importance', 1, 3, 3, '{}', 'x')`,
    );
    await expect(
      pool.query(`insert into released_snapshots (round_id, item_version_id, number, saves, answers, result, released_at) values (1, 10, 1, 3, 3, '{}', 'x')`),
    ).rejects.toThrow(/duplicate key/);
  });
});
