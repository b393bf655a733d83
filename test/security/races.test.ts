import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, cookieFrom, itemsCsv, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/** Concurrency over real HTTP connections to a listening server. */
let t: TestApp;
let base: string;
let fac: string;

beforeEach(async () => {
  t = await build();
  fac = (await signedInFacilitator(t)).cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterEach(() => t.close());

async function http(method: string, path: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function openStudy(panel: number, items = 3) {
  const post = (url: string, payload?: unknown) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: fac } }).then((r) => r.json());
  const study = await post('/api/studies', studyBody);
  await post(`/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  const { invitations } = await post(`/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(panel) });
  const round = await post(`/api/studies/${study.id}/rounds`, {});
  await post(`/api/rounds/${round.id}/open`);
  const cookies: string[] = [];
  for (const inv of invitations) {
    const res = await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: inv.link.split('#')[1] } });
    cookies.push(cookieFrom(res, 'delphi_panelist'));
  }
  const versions = (await t.app.inject({ method: 'GET', url: '/api/panelist/round', headers: { cookie: cookies[0] } }))
    .json()
    .items.map((i: { itemVersionId: number }) => i.itemVersionId);
  return { roundId: round.id as number, cookies, versions: versions as number[] };
}

describe('idempotency and races', () => {
  it('stores one answer and returns the same reply when one key is retried ten times at once', async () => {
    const { cookies, versions } = await openStudy(3);
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        http('PUT', `/api/panelist/answers/${versions[0]}`, cookies[0], { value: 4, comment: 'same' }, { 'idempotency-key': 'retry-storm-1' }),
      ),
    );
    expect(new Set(replies.map((r) => `${r.status} ${r.text}`))).toEqual(new Set([`${replies[0].status} ${replies[0].text}`]));
    expect(replies[0].status).toBe(200);
    const rows = await t.db.raw('select revision from responses');
    expect(rows).toEqual([{ revision: 1 }]);
  });

  it('counts every rating acknowledged before a close in the frozen results and refuses the rest with 409', async () => {
    const { roundId, cookies, versions } = await openStudy(30, 2);
    const saves = cookies.flatMap((cookie, p) =>
      versions.map((v) =>
        http('PUT', `/api/panelist/answers/${v}`, cookie, { value: 1 + (p % 9) }, { 'idempotency-key': `race-${p}-${v}` }).then((r) => ({ ...r, v })),
      ),
    );
    const close = new Promise((r) => setTimeout(r, 5)).then(() => http('POST', `/api/rounds/${roundId}/close`, fac));
    const [results, closed] = await Promise.all([Promise.all(saves), close]);
    expect(closed.status).toBe(200);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const frozen = t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/results`, headers: { cookie: fac } });
    const items = (await frozen).json().items;
    for (const v of versions) {
      const acknowledged = results.filter((r) => r.v === v && r.status === 200).length;
      const inResults = items.find((i: { itemVersionId: number }) => i.itemVersionId === v).result.stats.nValid;
      expect(inResults).toBe(acknowledged);
    }
    const stored = ((await t.db.raw('select count(*) as n from responses'))[0] as { n: number }).n;
    expect(stored).toBe(results.filter((r) => r.status === 200).length);
  });

  it('lets one of two concurrent closes win; the other gets 409', async () => {
    const { roundId } = await openStudy(3);
    const [a, b] = await Promise.all([http('POST', `/api/rounds/${roundId}/close`, fac), http('POST', `/api/rounds/${roundId}/close`, fac)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await t.db.raw("select count(*) as n from events where type = 'round_closed'"))[0]).toEqual({ n: 1 });
  });
});
