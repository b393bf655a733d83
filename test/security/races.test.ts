import { describe, expect, it } from 'vitest';
import { cookieFrom, itemsCsv, panelistsCsv, studyBody } from '../helpers/build';
import { listeningAppPerTest } from '../helpers/signed-in-app';

/** Concurrency over real HTTP connections to a listening server. */
const ctx = listeningAppPerTest();

async function http(method: string, path: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`http://${ctx.host}${path}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function openStudy(panel: number, items = 3) {
  const post = (url: string, payload?: unknown) =>
    ctx.t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: ctx.fac } }).then((r) => r.json());
  const study = await post('/api/studies', studyBody);
  await post(`/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  const { invitations } = await post(`/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(panel) });
  const round = await post(`/api/studies/${study.id}/rounds`, {});
  await post(`/api/rounds/${round.id}/open`);
  const cookies: string[] = [];
  for (const inv of invitations) {
    const res = await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: inv.link.split('#')[1] } });
    cookies.push(cookieFrom(res, 'delphi_panelist'));
  }
  const versions = (await ctx.t.app.inject({ method: 'GET', url: '/api/panelist/round', headers: { cookie: cookies[0] } }))
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
    const rows = await ctx.t.db.raw('select revision from responses');
    expect(rows).toEqual([{ revision: 1 }]);
  });

  it('counts every rating acknowledged before a close in the frozen results and refuses the rest with 409', async () => {
    const { roundId, cookies, versions } = await openStudy(30, 2);
    const saves = cookies.flatMap((cookie, p) =>
      versions.map((v) =>
        http('PUT', `/api/panelist/answers/${v}`, cookie, { value: 1 + (p % 9) }, { 'idempotency-key': `race-${p}-${v}` }).then((r) => ({ ...r, v })),
      ),
    );
    const close = new Promise((r) => setTimeout(r, 5)).then(() => http('POST', `/api/rounds/${roundId}/close`, ctx.fac));
    const [results, closed] = await Promise.all([Promise.all(saves), close]);
    expect(closed.status).toBe(200);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const frozen = ctx.t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/results`, headers: { cookie: ctx.fac } });
    const items = (await frozen).json().items;
    for (const v of versions) {
      const acknowledged = results.filter((r) => r.v === v && r.status === 200).length;
      const inResults = items.find((i: { itemVersionId: number }) => i.itemVersionId === v).result.stats.nValid;
      expect(inResults).toBe(acknowledged);
    }
    const stored = ((await ctx.t.db.raw('select count(*) as n from responses'))[0] as { n: number }).n;
    expect(stored).toBe(results.filter((r) => r.status === 200).length);
  });

  it('lets one of two concurrent closes win; the other gets 409', async () => {
    const { roundId } = await openStudy(3);
    const [a, b] = await Promise.all([http('POST', `/api/rounds/${roundId}/close`, ctx.fac), http('POST', `/api/rounds/${roundId}/close`, ctx.fac)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await ctx.t.db.raw("select count(*) as n from events where type = 'round_closed'"))[0]).toEqual({ n: 1 });
  });
});
