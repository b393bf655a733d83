import { afterAll, describe, expect, it } from 'vitest';
import { migratedBefore } from './migrated-before';

describe('the round-kind migration on PostgreSQL', () => {
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => await drop?.());

  it("renames an open-ended round's kind from open to ideas, in the rounds and in the live events kept for replay", async () => {
    const schema = await migratedBefore('_round_kind_ideas', `round_kind_test_${process.pid}`);
    drop = schema.drop;
    const { pool } = schema;
    await pool.query(`insert into studies (id, slug, title, languages, attributes, scale, protocol) values (1, 's', 'S', '["en"]', '[]', '{}', '{}')`);
    await pool.query(`insert into rounds (id, study_id, number, kind, status) values (1, 1, 1, 'open', 'closed'), (2, 1, 2, 'rating', 'open')`);
    await pool.query(
      `insert into events (study_id, seq, audience, type, payload) values
        (1, 1, 'all', 'round_opened', '{"roundId":1,"number":1,"kind":"open"}'),
        (1, 2, 'all', 'round_closed', '{"roundId":1,"number":1,"kind":"open"}'),
        (1, 3, 'all', 'round_opened', '{"roundId":2,"number":2,"kind":"rating"}'),
        (1, 4, 'all', 'answer_count', '{"kind":"open"}')`,
    );
    await schema.migrateRest();

    expect((await pool.query('select id, kind, status from rounds order by id')).rows).toEqual([
      { id: 1, kind: 'ideas', status: 'closed' },
      { id: 2, kind: 'rating', status: 'open' },
    ]);
    const { rows } = await pool.query<{ payload: { kind: string } }>('select payload from events order by seq');
    expect(rows.map((e) => e.payload.kind)).toEqual(['ideas', 'ideas', 'rating', 'open']);
  });
});
