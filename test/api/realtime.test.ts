import { describe, expect, it } from 'vitest';
import { build, itemsCsv, panelistSession, signedInFacilitator, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';
import { importFile, studyFile } from '../helpers/study-file';
import { inAWeek, openPanelistSockets, openRealtimeStudy, type RealtimePanelist, releaseNow } from '../helpers/realtime-round';

/*
 * Issue 20: a real-time round releases each item's feedback as snapshots that advance only after
 * k changed answers, only to panelists who answered the item. k is 3 throughout.
 */
const K = 3;
const ctx = signedInAppPerTest();
const { call } = ctx;

type Panelist = RealtimePanelist;

/** A study with `items` items, `n` panelists in two sectors and a real-time round open. */
async function openRealtime(n: number, items = 2, over: Record<string, unknown> = {}) {
  return openRealtimeStudy(ctx, { ...studyBody, minGroupSize: K, ...over }, { n, items, prefix: 'Rt' });
}

let keys = 0;
async function save(p: Panelist, version: number, value: number | null) {
  const res = await call('PUT', `/api/panelist/answers/${version}`, { value, cannotJudge: value === null }, p.cookie, {
    'idempotency-key': `realtime-${keys++}`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

interface ShownFeedback {
  nValid: number;
  distribution: Record<string, number>;
  live: { snapshot: number; updated: boolean };
}
const feedbackOf = async (p: Panelist) =>
  new Map(
    ((await call('GET', '/api/panelist/round', undefined, p.cookie)).body.items as { itemVersionId: number; feedback: ShownFeedback | null }[]).map((i) => [
      i.itemVersionId,
      i.feedback,
    ]),
  );

/** Every released snapshot of a round, straight from the table, by item version and number. */
async function snapshots(roundId: number) {
  const rows = await ctx.t.db.raw<{ item_version_id: number; number: number; basis: string | Record<string, number | null> }>(
    'select item_version_id, number, basis from released_snapshots where round_id = ' + Number(roundId),
  );
  const out = new Map<number, Map<number, Record<string, number | null>>>();
  for (const r of rows) {
    if (!out.has(r.item_version_id)) out.set(r.item_version_id, new Map());
    out.get(r.item_version_id)!.set(r.number, typeof r.basis === 'string' ? JSON.parse(r.basis) : r.basis);
  }
  return out;
}

const changedBetween = (a: Record<string, number | null>, b: Record<string, number | null>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => !(p in a) || !(p in b) || a[p] !== b[p]);

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('real-time round: feedback released in batches of k (issue 20)', () => {
  it('refuses a real-time round that is not a rating round or has no end time, and a schedule that drops the end', async () => {
    const study = (await call('POST', '/api/studies', { ...studyBody, minGroupSize: K })).body;
    await call('POST', `/api/studies/${study.id}/items/import`, { csv: itemsCsv(2), createCategories: true });
    const open = await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime', kind: 'ideas', closesAt: inAWeek() });
    expect(open.status).toBe(400);
    expect(open.body.details.problems).toEqual([{ path: 'mode', message: 'Only a rating round can run in real time.' }]);
    const endless = await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime' });
    expect(endless.status).toBe(400);
    expect(endless.body.details.problems).toEqual([{ path: 'closesAt', message: 'A real-time round needs an end time (closesAt).' }]);
    expect((await call('GET', `/api/studies/${study.id}/rounds`)).body).toEqual([]);
    const round = (await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime', closesAt: inAWeek() })).body;
    const unscheduled = await call('PATCH', `/api/rounds/${round.id}/schedule`, { closesAt: null });
    expect(unscheduled.status).toBe(400);
    expect((await call('GET', `/api/studies/${study.id}/rounds`)).body[0].closesAt).toBe(round.closesAt);
  });

  it('differencing: over every order of the saves, consecutive snapshots differ in k or more panelists and none reaches a non-answerer', async () => {
    // One item per order of the events, so that all orders run side by side in one round.
    const events: [number, number][] = [
      [0, 7], // the recording panelist answers
      [1, 2],
      [2, 9],
      [3, 4],
      [4, 4],
      [1, 6], // panelist 1 revises (a first answer when it comes before [1, 2])
    ];
    // Every order of the others' saves with the recorder answering first (it then sees every
    // snapshot: the strongest observer), and the recorder answering at every position.
    const others = permutations([1, 2, 3, 4, 5]);
    const orders = [...others.map((o) => [0, ...o]), ...[1, 2, 3, 4, 5].map((at) => [...others[0].slice(0, at), 0, ...others[0].slice(at)])];
    const { study, roundId, panel, versions } = await openRealtime(6, orders.length);
    const recorder = panel[0];
    const seen = new Map<number, { snapshot: number; distribution: Record<string, number> }[]>();
    for (let step = 0; step < events.length; step++) {
      for (let o = 0; o < orders.length; o++) {
        const [who, value] = events[orders[o][step]];
        await save(panel[who], versions[o], value);
      }
      await releaseNow(ctx.t, study.id, roundId);
      const shown = await feedbackOf(recorder);
      for (let o = 0; o < orders.length; o++) {
        const answered = orders[o].slice(0, step + 1).some((e) => events[e][0] === 0);
        const f = shown.get(versions[o]) ?? null;
        if (!answered) expect(f, `order ${orders[o].join(',')} step ${step}`).toBeNull();
        if (!f) continue;
        expect(f).not.toHaveProperty('groups');
        const log = seen.get(versions[o]) ?? [];
        if (log.at(-1)?.snapshot !== f.live.snapshot) log.push({ snapshot: f.live.snapshot, distribution: f.distribution });
        seen.set(versions[o], log);
      }
    }
    const released = await snapshots(roundId);
    let compared = 0;
    for (const [version, bySnapshot] of released) {
      const numbers = [...bySnapshot.keys()].sort((a, b) => a - b);
      for (let i = 1; i < numbers.length; i++) {
        expect(changedBetween(bySnapshot.get(numbers[i - 1])!, bySnapshot.get(numbers[i])!).length).toBeGreaterThanOrEqual(K);
        compared++;
      }
      // What the recorder was shown is exactly a guarded snapshot, and what it can subtract between two of
      // them always mixes at least two other panelists' answers: never one it could isolate.
      const log = seen.get(version) ?? [];
      for (const entry of log) {
        const basis = bySnapshot.get(entry.snapshot)!;
        const counts: Record<string, number> = {};
        for (const v of Object.values(basis)) if (v !== null) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
        expect(Object.fromEntries(Object.entries(entry.distribution).filter(([, n]) => n > 0))).toEqual(counts);
      }
      for (let i = 1; i < log.length; i++) {
        const others = changedBetween(bySnapshot.get(log[i - 1].snapshot)!, bySnapshot.get(log[i].snapshot)!).filter((p) => p !== String(recorder.id));
        expect(others.length).toBeGreaterThanOrEqual(K - 1);
      }
    }
    expect(compared).toBeGreaterThan(0);
    expect([...seen.values()].some((log) => log.length > 1)).toBe(true);
  }, 120_000);

  it('shows an item’s snapshot only after the panelist answered it, and marks it updated when a newer one arrives', async () => {
    const { study, roundId, panel, versions } = await openRealtime(8);
    const [a, b] = versions;
    for (const i of [0, 1, 2]) await save(panel[i], a, 3 + i);
    await save(panel[3], b, 5);
    await releaseNow(ctx.t, study.id, roundId);
    expect((await feedbackOf(panel[3])).get(a)).toBeNull();
    const first = (await feedbackOf(panel[0])).get(a)!;
    expect(first).toMatchObject({ nValid: 3, median: 4, live: { snapshot: 1, updated: false }, comments: [] });
    await save(panel[3], a, 9);
    // Panelist 3 answered: they now see the snapshot, which does not yet include them.
    expect((await feedbackOf(panel[3])).get(a)).toMatchObject({ nValid: 3, live: { snapshot: 1 } });
    for (const i of [4, 5]) await save(panel[i], a, 9);
    await releaseNow(ctx.t, study.id, roundId);
    expect((await feedbackOf(panel[0])).get(a)).toMatchObject({ nValid: 6, live: { snapshot: 2, updated: true } });
    // Seen once, it is no longer new.
    expect((await feedbackOf(panel[0])).get(a)).toMatchObject({ live: { snapshot: 2, updated: false } });
    const log = await ctx.t.db.raw<{ panelist_id: number; snapshot: number; own_value: number }>(
      `select panelist_id, snapshot, own_value from feedback_views where round_id = ${Number(roundId)} order by panelist_id, snapshot`,
    );
    expect(log.map((r) => [r.panelist_id, r.snapshot, r.own_value])).toEqual([
      [panel[0].id, 1, 3],
      [panel[0].id, 2, 3],
      [panel[3].id, 1, 9],
    ]);
    expect(log.every((r) => r.panelist_id !== panel[3].id || r.snapshot === 1)).toBe(true);
  });

  it('takes a withdrawn panelist’s answers out of the next snapshot, not the current one', async () => {
    const { study, roundId, panel, versions } = await openRealtime(8);
    const [a] = versions;
    for (const i of [0, 1, 2, 3]) await save(panel[i], a, 5);
    await releaseNow(ctx.t, study.id, roundId);
    expect((await feedbackOf(panel[0])).get(a)).toMatchObject({ nValid: 4, live: { snapshot: 1 } });
    expect((await call('POST', '/api/panelist/withdraw', undefined, panel[3].cookie)).status).toBe(200);
    await releaseNow(ctx.t, study.id, roundId);
    expect((await feedbackOf(panel[0])).get(a)).toMatchObject({ nValid: 4, live: { snapshot: 1 } });
    for (const i of [4, 5, 6]) await save(panel[i], a, 8);
    await releaseNow(ctx.t, study.id, roundId);
    expect((await feedbackOf(panel[0])).get(a)).toMatchObject({ nValid: 6, distribution: { '5': 3, '8': 3 }, live: { snapshot: 2 } });
    const basis = (await snapshots(roundId)).get(a)!.get(2)!;
    expect(Object.keys(basis)).not.toContain(String(panel[3].id));
  });

  it('pushes feedback_released over the websocket only to pages of panelists who answered the item', async () => {
    const { roundId, panel, versions } = await openRealtime(6);
    const [a, b] = versions;
    const sockets = await openPanelistSockets(
      ctx.t,
      panel.map((p) => p.cookie),
    );
    await save(panel[4], b, 5);
    for (const i of [0, 1, 2]) await save(panel[i], a, 5);
    await ctx.t.app.releases.settled();
    const deadline = Date.now() + 2000;
    while (sockets.slice(0, 3).some((s) => !s.messages.some((m) => m.type === 'feedback_released')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const i of [0, 1, 2])
      expect(sockets[i].messages).toContainEqual({ type: 'feedback_released', payload: { roundId, items: [{ itemVersionId: a, snapshot: 1 }] } });
    for (const i of [3, 4, 5]) expect(sockets[i].messages.filter((m) => m.type === 'feedback_released')).toEqual([]);
    for (const s of sockets) s.ws.close();
  });

  it('tells the pages even when a strict-anonymity dashboard reads the figures before the release pass runs', async () => {
    const { roundId, panel, versions } = await openRealtime(4, 1, { anonymity: 'strict' });
    const [{ ws, messages }] = await openPanelistSockets(ctx.t, [panel[0].cookie]);
    for (const i of [0, 1, 2]) await save(panel[i], versions[0], 4);
    // Read at once, inside the release pass's gathering time.
    expect((await call('GET', `/api/rounds/${roundId}/results`)).status).toBe(200);
    await ctx.t.app.releases.settled();
    const deadline = Date.now() + 2000;
    while (!messages.some((m) => m.type === 'feedback_released') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(messages.filter((m) => m.type === 'feedback_released')).toHaveLength(1);
    ws.close();
  });

  it('leaves a classic round as it was: feedback of the previous round only, no live figures', async () => {
    const study = (await call('POST', '/api/studies', { ...studyBody, minGroupSize: K })).body;
    await call('POST', `/api/studies/${study.id}/items/import`, { csv: itemsCsv(1), createCategories: true });
    const csv = ['code,email,language,sector,role_level', ...Array.from({ length: 4 }, (_, i) => `Cl${i}x,cl${i}@example.org,en,health,strategic`)];
    const { invitations } = (await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: csv.join('\n') })).body;
    const round = (await call('POST', `/api/studies/${study.id}/rounds`, {})).body;
    expect(round.mode).toBe('classic');
    await call('POST', `/api/rounds/${round.id}/open`);
    const panel: Panelist[] = [];
    for (const inv of invitations) panel.push({ id: inv.panelistId, cookie: await panelistSession(ctx.t, inv.link) });
    const version = (await feedbackOf(panel[0])).keys().next().value!;
    for (const p of panel) await save(p, version, 6);
    await ctx.t.app.releases.settled();
    expect((await feedbackOf(panel[0])).get(version)).toBeNull();
    expect(await snapshots(round.id)).toEqual(new Map());
  });

  it('reports the mode, batch size, snapshots per item and the feedback effect, and the JSON study file round-trips them', async () => {
    const { study, roundId, panel, versions } = await openRealtime(8);
    const [a] = versions;
    for (const i of [0, 1, 2]) await save(panel[i], a, 3);
    await releaseNow(ctx.t, study.id, roundId);
    await feedbackOf(panel[0]);
    for (const i of [3, 4, 5]) await save(panel[i], a, 7);
    await releaseNow(ctx.t, study.id, roundId);
    await feedbackOf(panel[1]);
    // Panelists 0 and 1 move after seeing the panel's figures: by +4 and +2.
    await save(panel[0], a, 7);
    await save(panel[1], a, 5);
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);

    const rowOf = (html: string) => {
      const table = html.slice(html.indexOf('snapshots, feedback effect and first-to-final stability per item'));
      const row = table.slice(table.indexOf('<tr', table.indexOf('<tbody')), table.indexOf('</tr>', table.indexOf('<tbody')));
      return [...row.matchAll(/<t[dh][^>]*>([^<]*)</g)].map((m) => m[1]);
    };
    const html = (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/report.html`, headers: { cookie: ctx.fac } })).body;
    expect(html).toContain('Batch size (k)');
    // Item, snapshots, shown, revised, mean change, mean |change|, first→final change, pairs.
    expect(rowOf(html).slice(1, 8)).toEqual(['2', '2', '2', '3.00', '3.00', '33.3 %', '6']);

    const raw = (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/export.json`, headers: { cookie: ctx.fac } })).body;
    const exported = JSON.parse(raw);
    expect(exported.rounds[0]).toMatchObject({
      mode: 'realtime',
      realtime: {
        snapshots: [
          { number: 1, answers: 3 },
          { number: 2, answers: 6 },
        ],
      },
    });
    expect(exported.rounds[0].realtime.feedbackLog.map((v: { snapshot: number; value: number }) => [v.snapshot, v.value])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    // A study that names no criteria keeps the file's shape and stores its snapshots on the unnamed criterion.
    for (const entry of [...exported.rounds[0].realtime.snapshots, ...exported.rounds[0].realtime.feedbackLog]) expect(entry).not.toHaveProperty('criterion');
    const stored = await ctx.t.db.raw<{ criterion: string }>(`select criterion from released_snapshots where round_id = ${Number(roundId)}`);
    expect(stored.map((r) => r.criterion)).toEqual(['', '']);
    const other = await build();
    try {
      const cookie = (await signedInFacilitator(other, 'importer@example.org')).cookie;
      const { studyId: id } = await importFile(other, cookie, JSON.parse(raw));
      const again = (await other.app.inject({ method: 'GET', url: `/api/studies/${id}/report.html`, headers: { cookie } })).body;
      expect(rowOf(again)).toEqual(rowOf(html));
      const reexported = await studyFile(other, cookie, id);
      expect(reexported.rounds[0].mode).toBe('realtime');
      expect(reexported.rounds[0].realtime.snapshots).toEqual(exported.rounds[0].realtime.snapshots);
    } finally {
      await other.close();
    }
  });
});
