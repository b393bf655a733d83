import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../../api/services/tokens';
import { build, itemsCsv, panelistSession, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/**
 * The statements the hot paths send to PostgreSQL, counted at the driver: a save is one statement
 * however much it checks, its session included, saves that arrive together share their
 * statements, and the participation dashboard costs the same however many rounds came before.
 */
let t: TestApp;
let owner: string;
let studyId: number;
let links: string[];
let statements: string[];

beforeEach(async () => {
  t = await build();
  owner = (await signedInFacilitator(t)).cookie;
  studyId = (await post('/api/studies', studyBody)).id;
  await post(`/api/studies/${studyId}/items/import`, { createCategories: true, csv: itemsCsv(3) });
  links = (await post(`/api/studies/${studyId}/panelists/import`, { csv: panelistsCsv(24) })).invitations.map((i: { link: string }) => i.link);
  statements = [];
  // The driver's own method, called with each client as `this` (vi.spyOn replaces it on the prototype).
  const query = Object.getOwnPropertyDescriptor(pg.Client.prototype, 'query')!.value as (this: pg.Client, ...args: unknown[]) => unknown;
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const text = args[0] as string | { text: string };
    const sql = typeof text === 'string' ? text : text.text;
    // The signal to other instances' dashboards goes at most once per study every 500 ms, not per save.
    if (!sql.includes('pg_notify')) statements.push(sql);
    return query.apply(this, args);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
});

async function post(url: string, payload?: object) {
  const res = await t.app.inject({ method: 'POST', url, payload, headers: { cookie: owner } });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function openRound(): Promise<{ roundId: number; versions: number[] }> {
  const round = await post(`/api/studies/${studyId}/rounds`, {});
  await post(`/api/rounds/${round.id}/open`);
  const rows = await t.db.raw<{ item_version_id: number }>('select item_version_id from round_items where round_id = ? order by position', [round.id]);
  return { roundId: round.id, versions: rows.map((r) => r.item_version_id) };
}

const save = (cookie: string, version: number, value: number, key: string) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/panelist/answers/${version}`,
    payload: { value, cannotJudge: false, comment: null },
    headers: { cookie, 'idempotency-key': key },
  });

describe('round trips to PostgreSQL', () => {
  it('saves an answer in one statement, which also checks the session', async () => {
    const { roundId, versions } = await openRound();
    const cookie = await panelistSession(t, links[0]);
    statements = [];
    const res = await save(cookie, versions[0], 7, 'one-save');
    expect(res.statusCode, res.body).toBe(200);
    expect(statements, statements.join('\n')).toHaveLength(1);
    statements = [];
    const unknown = await save('delphi_panelist=no-such-session-token', versions[0], 7, 'unknown-session');
    expect(unknown.statusCode, unknown.body).toBe(401);
    expect(statements, statements.join('\n')).toHaveLength(1);
    const stored = await t.db.raw<{ value: number; revision: number }>('select value, revision from responses where round_id = ?', [roundId]);
    expect(stored).toEqual([{ value: 7, revision: 1 }]);
    // A whole number beyond PostgreSQL's integer is refused by the scale, not by the database.
    const huge = await save(cookie, versions[0], 10_000_000_000, 'huge-value');
    expect(huge.statusCode, huge.body).toBe(400);
  });

  it('lets saves that arrive together share statements, storing each acknowledged one once', async () => {
    const { roundId, versions } = await openRound();
    const cookies = await Promise.all(links.map((l) => panelistSession(t, l)));
    statements = [];
    const replies = await Promise.all(cookies.map((c, i) => save(c, versions[i % versions.length], 1 + (i % 9), `together-${i}`)));
    expect(replies.map((r) => r.statusCode)).toEqual(cookies.map(() => 200));
    // One statement each would be 24.
    expect(statements.length).toBeLessThanOrEqual(cookies.length / 2);
    const [{ n, panelists }] = await t.db.raw<{ n: number; panelists: number }>(
      'select count(*) as n, count(distinct panelist_id) as panelists from responses where round_id = ?',
      [roundId],
    );
    expect({ n, panelists }).toEqual({ n: 24, panelists: 24 });
  });

  it('answers a key sent twice at once with one stored answer and the same reply, and refuses its reuse for another answer', async () => {
    const { roundId, versions } = await openRound();
    const cookie = await panelistSession(t, links[0]);
    const [first, second, other] = await Promise.all([
      save(cookie, versions[0], 5, 'sent-twice'),
      save(cookie, versions[0], 5, 'sent-twice'),
      save(cookie, versions[0], 6, 'sent-twice'),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.body).toBe(first.body);
    expect(first.json()).toMatchObject({ value: 5, revision: 1 });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('DELPHI_IDEMPOTENCY_MISMATCH');
    const stored = await t.db.raw<{ value: number; revision: number }>('select value, revision from responses where round_id = ?', [roundId]);
    expect(stored).toEqual([{ value: 5, revision: 1 }]);
  });

  it('finds each save’s session by its key, never by reading every session', async () => {
    const { versions } = await openRound();
    const cookies = await Promise.all(links.slice(0, 3).map((l) => panelistSession(t, l)));
    // Many sessions, as a large panel has: the planner would rather hash them all than probe 3 keys.
    await t.db.raw(
      `insert into sessions (token_hash, kind, panelist_id, expires_at, created_at)
       select 'other-' || n, 'panelist', (select min(id) from panelists), '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
       from generate_series(1, 5000) as n`,
    );
    await t.db.raw('analyze sessions');
    const [{ schema }] = await t.db.raw<{ schema: string }>('select current_schema() as schema');
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await client.query('begin');
      const saves = cookies.map((cookie, i) => ({
        i,
        session: hashToken(cookie.split('=')[1]),
        key: `probe-${i}`,
        hash: 'h',
        version: versions[i],
        criterion: null,
        value: 5,
        cannot_judge: false,
        comment: null,
        now: new Date().toISOString(),
      }));
      const { rows } = await client.query<{ r: { outcome: string } }>('select delphi_save_answers($1) as r', [JSON.stringify(saves)]);
      expect(rows.map((r) => r.r.outcome)).toEqual(['saved', 'saved', 'saved']);
      // This transaction's own table statistics: how the function read the sessions.
      const { rows: scans } = await client.query<{ seq: string; idx: string }>(
        "select seq_scan as seq, idx_scan as idx from pg_stat_xact_user_tables where relname = 'sessions' and schemaname = $1",
        [schema],
      );
      expect(scans).toEqual([{ seq: '0', idx: '3' }]);
    } finally {
      await client.query('rollback');
      await client.end();
    }
  });

  it('reads participation in the same number of statements after one round as after three', async () => {
    const count = async (roundId: number) => {
      statements = [];
      const res = await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/participation`, headers: { cookie: owner } });
      expect(res.statusCode, res.body).toBe(200);
      return statements.length;
    };
    const first = await openRound();
    const afterOne = await count(first.roundId);
    await post(`/api/rounds/${first.roundId}/close`);
    const second = await openRound();
    await post(`/api/rounds/${second.roundId}/close`);
    const third = await openRound();
    expect(await count(third.roundId)).toBe(afterOne);
  });
});

describe('requests coalesced on PostgreSQL', () => {
  it('refuses only the request that makes a shared batch fail, and answers the others', async () => {
    let calls = 0;
    const run = async (requests: string[]) => {
      calls++;
      if (requests.includes('bad')) throw new Error('refused');
      return requests.map((r) => r.toUpperCase());
    };
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((r) => t.db.coalesce('test', run, r)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['A', 'refused', 'C']);
    // Together once, then each alone.
    expect(calls).toBe(4);
  });
});
