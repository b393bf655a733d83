import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate';

describe('the per-criterion snapshot migration', () => {
  it("keeps every released snapshot and feedback view, on the study's one criterion ('' when unnamed), and numbers snapshots per criterion after it", () => {
    const files = readdirSync(migrationsFolder)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const own = files.findIndex((f) => f.endsWith('_rtcrit.sql'));
    expect(own).toBeGreaterThan(0);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF');
    for (const f of files.slice(0, own)) db.exec(readFileSync(join(migrationsFolder, f), 'utf8'));
    // The rows they hang on: the migration copies the tables with foreign keys checked. Study 2
    // names one criterion, with which a real-time round could run before criteria were released apart.
    db.exec(`insert into studies (id, slug, title, languages, attributes, scale, protocol, criteria) values
      (1, 'a', 'A', '["en"]', '[]', '{}', '{}', '[]'), (2, 'b', 'B', '["en"]', '[]', '{}', '{}', '[{"code":"importance"}]')`);
    db.exec(`insert into rounds (id, study_id, number, kind) values (1, 1, 1, 'rating'), (2, 2, 1, 'rating')`);
    db.exec(`insert into item_versions (id, item_id, version, texts) values (10, 1, 1, '{}')`);
    db.exec(`insert into panelists (id, study_id, code, language, attributes) values (1, 1, 'P1', 'en', '{}')`);
    db.exec(
      `insert into released_snapshots (round_id, item_version_id, number, saves, answers, result, basis, released_at) values
        (1, 10, 1, 3, 3, '{"stats":{"nValid":3}}', '{"1":5,"2":6,"3":7}', '2026-12-01T10:00:00.000Z'),
        (1, 10, 2, 6, 6, '{"stats":{"nValid":6}}', null, '2026-12-01T11:00:00.000Z'),
        (2, 10, 1, 3, 3, '{}', null, '2026-12-01T12:00:00.000Z')`,
    );
    db.exec(
      `insert into feedback_views (round_id, panelist_id, item_version_id, snapshot, own_value, seen_at) values
        (1, 1, 10, 1, 5, '2026-12-01T10:05:00.000Z'), (2, 1, 10, 1, 6, '2026-12-01T12:05:00.000Z')`,
    );
    for (const f of files.slice(own)) db.exec(readFileSync(join(migrationsFolder, f), 'utf8'));
    expect(
      db
        .prepare(
          'select round_id, item_version_id, criterion, number, saves, answers, result, basis, released_at ' +
            'from released_snapshots where round_id = 1 order by number',
        )
        .all(),
    ).toEqual([
      {
        round_id: 1,
        item_version_id: 10,
        criterion: '',
        number: 1,
        saves: 3,
        answers: 3,
        result: '{"stats":{"nValid":3}}',
        basis: '{"1":5,"2":6,"3":7}',
        released_at: '2026-12-01T10:00:00.000Z',
      },
      {
        round_id: 1,
        item_version_id: 10,
        criterion: '',
        number: 2,
        saves: 6,
        answers: 6,
        result: '{"stats":{"nValid":6}}',
        basis: null,
        released_at: '2026-12-01T11:00:00.000Z',
      },
    ]);
    expect(db.prepare('select * from feedback_views where round_id = 1').all()).toEqual([
      { round_id: 1, panelist_id: 1, item_version_id: 10, criterion: '', snapshot: 1, own_value: 5, seen_at: '2026-12-01T10:05:00.000Z' },
    ]);
    expect(
      db.prepare('select criterion from released_snapshots where round_id = 2 union all select criterion from feedback_views where round_id = 2').all(),
    ).toEqual([{ criterion: 'importance' }, { criterion: 'importance' }]);
    // Snapshot 1 of a named criterion sits beside the unnamed one's: the number counts per criterion.
    db.exec(
      `insert into released_snapshots (round_id, item_version_id, criterion, number, saves, answers, result, released_at)
        values (1, 10, 'importance', 1, 3, 3, '{}', 'x')`,
    );
    expect(() =>
      db.exec(`insert into released_snapshots (round_id, item_version_id, number, saves, answers, result, released_at) values (1, 10, 1, 3, 3, '{}', 'x')`),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
