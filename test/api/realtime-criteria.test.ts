import { describe, expect, it } from 'vitest';
import { build, signedInFacilitator, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';
import { importFile, studyFile } from '../helpers/study-file';
import { openPanelistSockets, openRealtimeStudy, type RealtimePanelist, releaseNow } from '../helpers/realtime-round';

/*
 * Issue 15: a real-time round in a study that rates each item on two criteria. Each criterion is
 * released on its own, after k changed answers on it, and shown beside the panelist's own answer
 * on it. k is 3 throughout.
 */
const K = 3;
const ctx = signedInAppPerTest();
const { call } = ctx;

const relevance = {
  code: 'relevance',
  labels: { en: 'This element is relevant' },
  scale: { min: 1, max: 4, cannotJudge: false, labels: {} },
  relevance: true,
};
const importance = { code: 'importance', labels: { en: 'Reducing it matters' }, scale: { min: 1, max: 9, cannotJudge: true, labels: {} } };
const twoCriteria = {
  ...studyBody,
  minGroupSize: K,
  criteria: [relevance, importance],
  protocol: {
    bands: { agree: [3, 4], disagree: [1, 2] },
    rules: [{ outcome: 'consensus_in', when: 'relevance.icvi >= 0.78 AND importance.median >= 7' }],
    stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
  },
};

type Panelist = RealtimePanelist;
type Criterion = 'relevance' | 'importance';

/** A two-criteria study with `n` panelists and a real-time round open. */
async function openRealtime(n: number, items = 2, over: Record<string, unknown> = {}) {
  return openRealtimeStudy(ctx, { ...twoCriteria, ...over }, { n, items, prefix: 'Rc' });
}

let keys = 0;
async function save(p: Panelist, version: number, criterion: Criterion, value: number | null) {
  const res = await call('PUT', `/api/panelist/answers/${version}`, { value, cannotJudge: value === null, criterion }, p.cookie, {
    'idempotency-key': `rt-criteria-${keys++}`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

interface Shown {
  nValid: number;
  median: number;
  distribution: Record<string, number>;
  yourAnswer: { value: number | null } | null;
  live: { snapshot: number; updated: boolean };
}
/** Per item version, per criterion: the feedback the panelist's page shows. */
async function feedbackOf(p: Panelist) {
  const items = (await call('GET', '/api/panelist/round', undefined, p.cookie)).body.items as {
    itemVersionId: number;
    feedback: Shown | null;
    criteria: { criterion: Criterion; feedback: Shown | null }[];
  }[];
  const on = (i: (typeof items)[number], c: Criterion) => i.criteria.find((x) => x.criterion === c)?.feedback ?? null;
  return new Map(items.map((i) => [i.itemVersionId, { first: i.feedback, relevance: on(i, 'relevance'), importance: on(i, 'importance') }]));
}

describe('real-time round with two criteria (issue 15)', () => {
  it('releases each criterion after k answers on it, and shows it only beside the panelist’s own answer on it', async () => {
    const { study, roundId, panel, versions } = await openRealtime(8);
    const [a] = versions;
    for (const i of [0, 1, 2]) await save(panel[i], a, 'relevance', 2 + i);
    await save(panel[3], a, 'importance', 8);
    expect(await releaseNow(ctx.t, study.id, roundId)).toEqual([{ itemVersionId: a, criterion: 'relevance', number: 1 }]);
    const first = (await feedbackOf(panel[0])).get(a)!;
    expect(first.relevance).toMatchObject({ nValid: 3, median: 3, yourAnswer: { value: 2 }, live: { snapshot: 1, updated: false } });
    // The item's own feedback is its first criterion's, as in classic rounds.
    expect(first.first).toEqual(first.relevance);
    expect(first.importance).toBeNull();
    // Panelist 3 answered importance only: no relevance figures before they have formed a view on it.
    expect((await feedbackOf(panel[3])).get(a)).toMatchObject({ relevance: null, importance: null });

    for (const i of [0, 1]) await save(panel[i], a, 'importance', 7 + i);
    expect(await releaseNow(ctx.t, study.id, roundId)).toEqual([{ itemVersionId: a, criterion: 'importance', number: 1 }]);
    const both = (await feedbackOf(panel[0])).get(a)!;
    expect(both.importance).toMatchObject({ nValid: 3, median: 8, yourAnswer: { value: 7 }, live: { snapshot: 1 } });
    expect(both.relevance).toMatchObject({ nValid: 3, live: { snapshot: 1 } });
    expect((await feedbackOf(panel[3])).get(a)).toMatchObject({ relevance: null, importance: { nValid: 3, yourAnswer: { value: 8 } } });

    for (const i of [3, 4, 5]) await save(panel[i], a, 'relevance', 4);
    expect(await releaseNow(ctx.t, study.id, roundId)).toEqual([{ itemVersionId: a, criterion: 'relevance', number: 2 }]);
    expect((await feedbackOf(panel[0])).get(a)).toMatchObject({ relevance: { nValid: 6, live: { snapshot: 2, updated: true } }, importance: { nValid: 3 } });

    const log = await ctx.t.db.raw<{ panelist_id: number; criterion: string; snapshot: number; own_value: number }>(
      `select panelist_id, criterion, snapshot, own_value from feedback_views where round_id = ${Number(roundId)} order by panelist_id, criterion, snapshot`,
    );
    expect(log.filter((r) => r.panelist_id === panel[0].id).map((r) => [r.criterion, r.snapshot, r.own_value])).toEqual([
      ['importance', 1, 7],
      ['relevance', 1, 2],
      ['relevance', 2, 2],
    ]);
    expect(log.filter((r) => r.panelist_id === panel[3].id).map((r) => [r.criterion, r.snapshot])).toEqual([['importance', 1]]);
  });

  it('shows the facilitator of a strict-anonymity study each criterion’s released figures, and nothing released later than its batch', async () => {
    const { roundId, panel, versions } = await openRealtime(8, 2, { anonymity: 'strict' });
    const [a] = versions;
    for (const i of [0, 1, 2]) await save(panel[i], a, 'relevance', 4);
    for (const i of [0, 1, 2]) await save(panel[i], a, 'importance', 8);
    await ctx.t.app.releases.settled();
    const results = async () => {
      await ctx.t.app.releases.settled();
      const body = (await call('GET', `/api/rounds/${roundId}/results`)).body;
      return body.items.find((i: { itemVersionId: number }) => i.itemVersionId === a);
    };
    const shown = await results();
    expect(shown.result.criteria.map((c: { criterion: string; stats: { nValid: number } }) => [c.criterion, c.stats.nValid])).toEqual([
      ['relevance', 3],
      ['importance', 3],
    ]);
    expect(shown.basedOn).toBe(3);
    // Two more importance answers: fewer than k, so the figures stay as they were, on both criteria.
    for (const i of [3, 4]) await save(panel[i], a, 'importance', 1);
    expect(await results()).toEqual(shown);
    await save(panel[5], a, 'importance', 1);
    const after = await results();
    expect(after.result.criteria.map((c: { criterion: string; stats: { nValid: number } }) => [c.criterion, c.stats.nValid])).toEqual([
      ['relevance', 3],
      ['importance', 6],
    ]);
  });

  it('tells over the websocket only the pages of panelists who answered the released criterion', async () => {
    const { roundId, panel, versions } = await openRealtime(5);
    const [a] = versions;
    const sockets = await openPanelistSockets(
      ctx.t,
      panel.map((p) => p.cookie),
    );
    await save(panel[3], a, 'importance', 5);
    for (const i of [0, 1, 2]) await save(panel[i], a, 'relevance', 3);
    await ctx.t.app.releases.settled();
    const deadline = Date.now() + 2000;
    while (sockets.slice(0, 3).some((s) => !s.messages.some((m) => m.type === 'feedback_released')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const released = { type: 'feedback_released', payload: { roundId, items: [{ itemVersionId: a, criterion: 'relevance', snapshot: 1 }] } };
    for (const i of [0, 1, 2]) expect(sockets[i].messages).toContainEqual(released);
    for (const i of [3, 4]) expect(sockets[i].messages.filter((m) => m.type === 'feedback_released')).toEqual([]);
    for (const s of sockets) s.ws.close();
  });

  it('reports each criterion’s snapshots and feedback effect, and the JSON study file round-trips them', async () => {
    const { study, roundId, panel, versions } = await openRealtime(8, 1);
    const [a] = versions;
    for (const i of [0, 1, 2]) await save(panel[i], a, 'relevance', 2);
    for (const i of [0, 1, 2]) await save(panel[i], a, 'importance', 5);
    await releaseNow(ctx.t, study.id, roundId);
    await feedbackOf(panel[0]);
    for (const i of [3, 4, 5]) await save(panel[i], a, 'importance', 9);
    await releaseNow(ctx.t, study.id, roundId);
    await feedbackOf(panel[0]);
    // Panelist 0 moves after seeing the figures: relevance 2 → 4, importance 5 → 9.
    await save(panel[0], a, 'relevance', 4);
    await save(panel[0], a, 'importance', 9);
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);

    const rowsOf = (html: string) => {
      const table = html.slice(html.indexOf('first-to-final stability per item and criterion'));
      const body = table.slice(table.indexOf('<tbody'), table.indexOf('</tbody>'));
      return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[dh][^>]*>([^<]*)</g)].map((m) => m[1]));
    };
    const html = (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/report.html`, headers: { cookie: ctx.fac } })).body;
    // Criterion, snapshots, shown, revised, mean change.
    expect(rowsOf(html).map((r) => r.slice(1, 6))).toEqual([
      ['This element is relevant', '1', '1', '1', '2.00'],
      ['Reducing it matters', '2', '1', '1', '4.00'],
    ]);

    const raw = (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/export.json`, headers: { cookie: ctx.fac } })).body;
    const exported = JSON.parse(raw);
    expect(
      exported.rounds[0].realtime.snapshots.map((s: { criterion: string; number: number; answers: number }) => [s.criterion, s.number, s.answers]),
    ).toEqual([
      ['importance', 1, 3],
      ['importance', 2, 6],
      ['relevance', 1, 3],
    ]);
    expect(
      exported.rounds[0].realtime.feedbackLog.map((v: { criterion: string; snapshot: number; value: number }) => [v.criterion, v.snapshot, v.value]),
    ).toEqual([
      ['importance', 1, 5],
      ['importance', 2, 5],
      ['relevance', 1, 2],
    ]);
    const other = await build();
    try {
      const cookie = (await signedInFacilitator(other, 'importer@example.org')).cookie;
      const { studyId: id } = await importFile(other, cookie, JSON.parse(raw));
      const again = (await other.app.inject({ method: 'GET', url: `/api/studies/${id}/report.html`, headers: { cookie } })).body;
      expect(rowsOf(again)).toEqual(rowsOf(html));
      expect((await studyFile(other, cookie, id)).rounds[0].realtime).toEqual(exported.rounds[0].realtime);

      // A criterion the study does not have is refused with a 400 naming the field, and nothing is stored.
      const bad = structuredClone(exported);
      bad.rounds[0].realtime.snapshots[0].criterion = 'clarity';
      const refused = await other.app.inject({
        method: 'POST',
        url: '/api/studies/import',
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify(bad),
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details.problems.map((p: { path: string }) => p.path)).toContain('rounds.0.realtime.snapshots.0.criterion');
      expect((await other.app.inject({ method: 'GET', url: '/api/studies', headers: { cookie } })).json()).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('keeps a study that names one criterion on it, and imports a file whose snapshots do not name it onto it', async () => {
    const one = {
      criteria: [importance],
      protocol: {
        bands: { agree: [7, 9], disagree: [1, 3] },
        rules: [{ outcome: 'consensus_in', when: 'median >= 7' }],
        stability: { when: 'round >= 2 AND change_pct < 15' },
      },
    };
    const { study, roundId, panel, versions } = await openRealtime(4, 1, one);
    const [a] = versions;
    for (const i of [0, 1, 2]) await save(panel[i], a, 'importance', 8);
    expect(await releaseNow(ctx.t, study.id, roundId)).toEqual([{ itemVersionId: a, criterion: 'importance', number: 1 }]);
    expect((await feedbackOf(panel[0])).get(a)!.importance).toMatchObject({ nValid: 3, live: { snapshot: 1 } });
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
    const exported = JSON.parse((await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/export.json`, headers: { cookie: ctx.fac } })).body);
    expect(exported.rounds[0].realtime.snapshots).toMatchObject([{ criterion: 'importance', number: 1 }]);
    // As a file written before snapshots named their criterion.
    for (const entry of [...exported.rounds[0].realtime.snapshots, ...exported.rounds[0].realtime.feedbackLog]) delete entry.criterion;
    const other = await build();
    try {
      const cookie = (await signedInFacilitator(other, 'importer@example.org')).cookie;
      const payload = JSON.stringify(exported);
      const imported = await other.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie, 'content-type': 'application/json' }, payload });
      expect(imported.statusCode, imported.body).toBe(201);
      const url = `/api/studies/${imported.json().studyId}/export.json`;
      const again = JSON.parse((await other.app.inject({ method: 'GET', url, headers: { cookie } })).body);
      expect(again.rounds[0].realtime.snapshots).toMatchObject([{ criterion: 'importance', number: 1 }]);
      expect(again.rounds[0].realtime.feedbackLog).toMatchObject([{ criterion: 'importance', snapshot: 1 }]);
    } finally {
      await other.close();
    }
  });
});
