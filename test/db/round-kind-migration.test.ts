import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate';

describe('the round-kind migration', () => {
  it("renames an open-ended round's kind from open to ideas, in the rounds and in the live events kept for replay", () => {
    const files = readdirSync(migrationsFolder)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const own = files.findIndex((f) => f.endsWith('_round_kind_ideas.sql'));
    expect(own).toBeGreaterThan(0);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF');
    for (const f of files.slice(0, own)) db.exec(readFileSync(join(migrationsFolder, f), 'utf8'));
    db.exec(`insert into rounds (id, study_id, number, kind, status) values (1, 1, 1, 'open', 'closed'), (2, 1, 2, 'rating', 'open')`);
    db.exec(
      `insert into events (study_id, seq, audience, type, payload) values
        (1, 1, 'all', 'round_opened', '{"roundId":1,"number":1,"kind":"open"}'),
        (1, 2, 'all', 'round_closed', '{"roundId":1,"number":1,"kind":"open"}'),
        (1, 3, 'all', 'round_opened', '{"roundId":2,"number":2,"kind":"rating"}'),
        (1, 4, 'all', 'answer_count', '{"kind":"open"}')`,
    );
    for (const f of files.slice(own)) db.exec(readFileSync(join(migrationsFolder, f), 'utf8'));
    expect(db.prepare('select id, kind, status from rounds order by id').all()).toEqual([
      { id: 1, kind: 'ideas', status: 'closed' },
      { id: 2, kind: 'rating', status: 'open' },
    ]);
    const payloads = db.prepare('select payload from events order by seq').all() as { payload: string }[];
    expect(payloads.map((e) => JSON.parse(e.payload).kind)).toEqual(['ideas', 'ideas', 'rating', 'open']);
    db.close();
  });
});
