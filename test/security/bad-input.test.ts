import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, cookieFrom, freshDatabase, itemsCsv, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/**
 * Property-based fuzzing of every route's body, query and path parameters, as the most privileged
 * facilitator and as a panelist: always a 4xx in the one error shape, never a 500, and a refused
 * request changes nothing.
 */
let t: TestApp;
let fac: string;
let pan: string;
let ids: { study: number; round: number; item: number; version: number; panelist: number };
let spareToken: string;

beforeAll(async () => {
  // The scheduler timer is on, as in the server, so /api/health/ready answers 200.
  t = await build({ maxFailedAttempts: 1_000_000, schedulerIntervalMs: 3_600_000 });
  fac = (await signedInFacilitator(t, 'admin@example.org', true)).cookie;
  const post = (url: string, payload?: unknown) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: fac } }).then((r) => r.json());
  const study = await post('/api/studies', studyBody);
  await post(`/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const { invitations } = await post(`/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(3) });
  const round = await post(`/api/studies/${study.id}/rounds`, {});
  await post(`/api/rounds/${round.id}/open`);
  pan = cookieFrom(
    await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: invitations[0].link.split('#')[1] } }),
    'delphi_panelist',
  );
  const items = (await t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/items`, headers: { cookie: fac } })).json();
  spareToken = invitations[2].link.split('#')[1];
  ids = { study: study.id, round: round.id, item: items[0].id, version: items[0].versionId, panelist: invitations[1].panelistId };
});
afterAll(() => t.close());

const TABLES = [
  'studies',
  'items',
  'item_versions',
  'categories',
  'panelists',
  'rounds',
  'round_items',
  'responses',
  'ideas',
  'round_results',
  'item_decisions',
  'study_members',
  'facilitators',
  'email_templates',
  'email_log',
  'panelist_links',
];
const snapshot = async () => (await Promise.all(TABLES.map((name) => t.db.raw(`select * from ${name}`)))).map((rows) => JSON.stringify(rows)).join('\n');

function expectOneErrorShape(status: number, body: string, what: string) {
  expect(status, `${what} -> ${status} ${body.slice(0, 300)}`).toBeLessThan(500);
  if (status >= 400) {
    const json = JSON.parse(body);
    expect(typeof json.code, what).toBe('string');
    expect(json.statusCode).toBe(status);
    expect(typeof json.message).toBe('string');
  }
}

const NASTY = ['__proto__', 'constructor', '../../etc/passwd', '-1', '0', '1e309', 'NaN', '9007199254740993', '%00', ' ', 'demo', '💥', '', 'x'.repeat(300)];
const nasty = fc.oneof(fc.constantFrom(...NASTY), fc.string(), fc.string({ unit: 'binary', maxLength: 50 }), fc.integer().map(String));
const jsonish = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'value', 'csv', 'title', 'token', 'text'), fc.jsonValue()),
  fc.record(
    { value: fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.string()), cannotJudge: fc.anything(), comment: fc.anything() },
    { requiredKeys: [] },
  ),
);

describe('fuzzing every route', () => {
  it('answers random bodies, queries and parameters with a 4xx in the one shape, never a 500, and stores nothing on refusal', async () => {
    // Routes that end a session go last, so the sessions stay valid for every other route.
    const ending = (url: string) => /sign-out|withdraw$/.test(url);
    const routes = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !r.url.startsWith('/api/live'))
      .sort((a, b) => Number(ending(a.url)) - Number(ending(b.url)));
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(nasty, nasty, jsonish, fc.boolean(), async (p1, p2, body, realIds) => {
          const asPanelist = route.url.startsWith('/api/panelist');
          const params: Record<string, string> = realIds
            ? {
                studyId: String(ids.study),
                roundId: String(ids.round),
                itemId: String(ids.item),
                itemVersionId: String(ids.version),
                panelistId: String(ids.panelist),
                facilitatorId: '1',
              }
            : { studyId: p1, roundId: p2, itemId: p1, itemVersionId: p2, panelistId: p1, facilitatorId: p2 };
          const url = route.url.replace(/:(\w+)/g, (_, k) => encodeURIComponent(params[k] ?? p1)).replace('*', encodeURIComponent(p1));
          const query = `?${encodeURIComponent(p2)}=${encodeURIComponent(p1)}&format=${encodeURIComponent(p2)}&limit=${encodeURIComponent(p1)}`;
          const before = await snapshot();
          const res = await t.app.inject({
            method: route.method as 'POST',
            url: url + query,
            headers: { cookie: asPanelist ? pan : fac, 'content-type': 'application/json', 'idempotency-key': `fuzz-${p1}`.slice(0, 60) },
            payload: ['GET', 'DELETE'].includes(route.method) ? undefined : JSON.stringify(body),
          });
          expectOneErrorShape(res.statusCode, res.body, `${route.method} ${url}${query} ${JSON.stringify(body).slice(0, 200)}`);
          if (res.statusCode >= 400) expect(await snapshot(), `${route.method} ${url} changed data yet answered ${res.statusCode}`).toBe(before);
        }),
        // Every nasty value is tried in every parameter at least once, then random ones.
        { numRuns: 40, seed: 20261123, examples: NASTY.map((v) => [v, v, {}, false] as [string, string, unknown, boolean]) },
      );
    }
  }, 240_000);
});

describe('malformed requests', () => {
  // The fuzzing above may have withdrawn or signed out the first panelist: use a fresh one.
  beforeAll(async () => {
    pan = cookieFrom(await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: spareToken } }), 'delphi_panelist');
  });
  const put = (payload: string | Buffer, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/panelist/answers/${ids.version}`,
      headers: { cookie: pan, 'content-type': 'application/json', 'idempotency-key': 'malformed-1', ...headers },
      payload,
    });

  it('refuses invalid JSON, invalid UTF-8, the wrong content type and oversized bodies with a 4xx', async () => {
    const before = await snapshot();
    for (const [payload, headers, status] of [
      ['{"value": 5', {}, 400],
      [Buffer.from([0x7b, 0x22, 0x76, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), {}, 400],
      ['value=5', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
      [JSON.stringify({ value: 5, comment: 'x'.repeat(3_000_000) }), {}, 413],
      ['{"value": 5, "__proto__": {"isAdmin": true}}', {}, 400],
      ['{"value": 5, "constructor": {"prototype": {"x": 1}}}', {}, 400],
    ] as const) {
      const res = await put(payload, headers);
      expectOneErrorShape(res.statusCode, res.body, String(payload).slice(0, 40));
      expect(res.statusCode, String(payload).slice(0, 60)).toBe(status);
    }
    expect(await snapshot()).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('closes a websocket that sends an oversized or malformed frame, and keeps serving others', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live/panel`, { headers: { cookie: pan } });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const closeCode = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));
    const big = await open();
    const bigClosed = closeCode(big);
    big.send('x'.repeat(10_000));
    expect(await bigClosed).toBe(1009);
    const bad = await open();
    const badClosed = closeCode(bad);
    bad.send('{not json');
    expect(await badClosed).toBe(1003);
    const good = await open();
    const pong = new Promise((r) => good.on('message', (d) => JSON.parse(String(d)).type === 'pong' && r(true)));
    good.send(JSON.stringify({ type: 'ping' }));
    expect(await pong).toBe(true);
    good.close();
  });
});

describe('unexpected errors', () => {
  it('answer 500 in the one shape and leak nothing of the failure', async () => {
    const { buildApp } = await import('../../api/app');
    const db = await freshDatabase();
    const app = await buildApp({ db, publicUrl: 'http://127.0.0.1:3000' });
    app.get('/api/explode', async () => {
      throw new Error('SELECT secret FROM panelists WHERE token = abc123');
    });
    const res = await app.inject({ method: 'GET', url: '/api/explode' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchInlineSnapshot(`
      {
        "code": "DELPHI_INTERNAL",
        "error": "Internal Server Error",
        "message": "Something went wrong on our side. The problem has been logged.",
        "statusCode": 500,
      }
    `);
  });
});
