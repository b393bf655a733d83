import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, itemsCsv, panelistSession, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/**
 * The save checks the panelist's session itself, in the statement that stores the answer (one round
 * trip on PostgreSQL), so its body is read before the session is known. These are the promises the
 * session check in front of every other route keeps, held here too: a caller without a valid
 * session gets the one 401 whatever it sends, learns nothing about what a valid body looks like,
 * cannot make the server read a large body, and stores nothing.
 */
let t: TestApp;
let clock: Date;
let cookie: string;
let version: number;
let roundId: number;

beforeEach(async () => {
  clock = new Date('2026-12-01T09:00:00Z');
  t = await build({ now: () => clock });
  const owner = (await signedInFacilitator(t)).cookie;
  const post = async (url: string, payload?: object) => {
    const res = await t.app.inject({ method: 'POST', url, payload, headers: { cookie: owner } });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const studyId = (await post('/api/studies', studyBody)).id;
  await post(`/api/studies/${studyId}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const links = (await post(`/api/studies/${studyId}/panelists/import`, { csv: panelistsCsv(3) })).invitations.map((i: { link: string }) => i.link);
  roundId = (await post(`/api/studies/${studyId}/rounds`, {})).id;
  await post(`/api/rounds/${roundId}/open`);
  cookie = await panelistSession(t, links[0]);
  version = (await t.db.raw<{ v: number }>('select item_version_id as v from round_items where round_id = ? order by position', [roundId]))[0].v;
});
afterEach(() => t.close());

const save = (headers: Record<string, string>, payload: string | object, contentType = 'application/json') =>
  t.app.inject({
    method: 'PUT',
    url: `/api/panelist/answers/${version}`,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': contentType, ...headers },
  });
const good = { value: 7, cannotJudge: false, comment: null };
const stored = async () => (await t.db.raw<{ n: number }>('select count(*) as n from responses where round_id = ?', [roundId]))[0].n;
const UNKNOWN = 'delphi_panelist=not-a-session-token-at-all';

describe('a save that checks its own session', () => {
  it('gives a caller without a valid session the same 401 whatever the body, and stores nothing', async () => {
    const bodies: [Record<string, string>, string | object, string?][] = [
      [{ 'idempotency-key': 'save-key-k1' }, good],
      [{ 'idempotency-key': 'save-key-k2' }, { value: 'seven' }],
      [{}, good],
      [{ 'idempotency-key': 'save-key-k3' }, '{"value": 7,'],
      [{ 'idempotency-key': 'save-key-k4' }, 'value=7', 'application/x-www-form-urlencoded'],
      [{ 'idempotency-key': 'save-key-k5' }, { ...good, comment: 'x'.repeat(100_000) }],
    ];
    const noCookie = await save({ 'idempotency-key': 'save-key-k0' }, good);
    expect(noCookie.statusCode).toBe(401);
    for (const [headers, body, type] of bodies) {
      const res = await save({ cookie: UNKNOWN, ...headers }, body, type);
      expect(res.statusCode, `${JSON.stringify(body).slice(0, 40)}: ${res.body}`).toBe(401);
      expect(res.body).toBe(noCookie.body);
    }
    expect(await stored()).toBe(0);
  });

  it('tells a signed-in panelist what is wrong with the body, and refuses one larger than an answer can be', async () => {
    const bad = await save({ cookie, 'idempotency-key': 'save-key-b1' }, { value: 'seven' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('DELPHI_VALIDATION');
    const large = await save({ cookie, 'idempotency-key': 'save-key-b2' }, { ...good, comment: 'x'.repeat(100_000) });
    expect(large.statusCode).toBe(413);
    expect(await stored()).toBe(0);
  });

  it('accepts the longest comment in any script', async () => {
    // 4,000 characters of four bytes each as UTF-8, and of twelve as JSON escapes.
    const comment = '😀'.repeat(2000);
    const plain = await save({ cookie, 'idempotency-key': 'save-key-c1' }, { ...good, comment });
    expect(plain.statusCode, plain.body).toBe(200);
    const escaped = JSON.stringify({ ...good, comment: 'é'.repeat(4000) }).replace(/é/g, '\\u00e9');
    const res = await save({ cookie, 'idempotency-key': 'save-key-c2' }, escaped);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().comment).toBe('é'.repeat(4000));
  });

  it('refuses an expired session and a withdrawn panelist’s session, storing nothing', async () => {
    clock = new Date(clock.getTime() + 31 * 24 * 3600_000);
    const expired = await save({ cookie, 'idempotency-key': 'save-key-e1' }, good);
    expect(expired.statusCode).toBe(401);
    const expiredBadBody = await save({ cookie, 'idempotency-key': 'save-key-e2' }, { value: 'seven' });
    expect(expiredBadBody.statusCode).toBe(401);
    clock = new Date('2026-12-01T10:00:00Z');
    await t.db.raw("update panelists set status = 'withdrawn' where id = (select panelist_id from sessions where kind = 'panelist')");
    const withdrawn = await save({ cookie, 'idempotency-key': 'save-key-w1' }, good);
    expect(withdrawn.statusCode).toBe(401);
    expect(withdrawn.json().code).toBe('DELPHI_UNAUTHENTICATED');
    const withdrawnBadBody = await save({ cookie, 'idempotency-key': 'save-key-w2' }, { value: 'seven' });
    expect(withdrawnBadBody.statusCode).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('saves for the session’s own panelist, whatever else the request names', async () => {
    const res = await save({ cookie, 'idempotency-key': 'save-key-own' }, good);
    expect(res.statusCode, res.body).toBe(200);
    const rows = await t.db.raw<{ panelist: number }>('select panelist_id as panelist from responses where round_id = ?', [roundId]);
    const [{ owner }] = await t.db.raw<{ owner: number }>("select panelist_id as owner from sessions where kind = 'panelist'");
    expect(rows).toEqual([{ panelist: owner }]);
  });
});
