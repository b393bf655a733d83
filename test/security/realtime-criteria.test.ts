import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../api/stats/rng';
import { itemsCsv, panelistSession } from '../helpers/build';
import { twoCriteriaStudy } from '../helpers/criteria';
import { releaseNow } from '../helpers/realtime-round';
import { signedInAppPerTest } from '../helpers/signed-in-app';

/*
 * Issue 15: a real-time round in a study that rates each item on two criteria. An observer who
 * reads every released figure (a panelist's page, the strict-anonymity dashboard) at every moment
 * must not be able to isolate one other panelist's rating, neither by subtracting consecutive
 * releases of one criterion nor by setting one criterion's releases against the other's. k is 3.
 */
const K = 3;
const CRITERIA = ['resonance', 'importance'] as const;
type Criterion = (typeof CRITERIA)[number];
const ctx = signedInAppPerTest();
const { call } = ctx;

interface Panelist {
  id: number;
  cookie: string;
}
type Basis = Record<string, number | null>;
interface SnapshotRow {
  item_version_id: number;
  criterion: string;
  number: number;
  basis: string | Basis;
  result: string | { criteria: { criterion: string; stats: { freq: { value: number; count: number }[] } }[] };
}

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

async function openRealtime(n: number, items: number, over: Record<string, unknown> = {}) {
  const study = (await call('POST', '/api/studies', { ...twoCriteriaStudy(), minGroupSize: K, ...over })).body;
  await call('POST', `/api/studies/${study.id}/items/import`, { csv: itemsCsv(items), createCategories: true });
  const csv = [
    'code,email,language,sector,role_level',
    ...Array.from({ length: n }, (_, i) => `Ra${i}x,ra${i}@example.org,en,${['health', 'voluntary'][i % 2]},strategic`),
  ];
  const { invitations } = (await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: csv.join('\n') })).body;
  const round = (await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime', closesAt: inAWeek() })).body;
  expect((await call('POST', `/api/rounds/${round.id}/open`)).status).toBe(200);
  const panel: Panelist[] = [];
  for (const inv of invitations) panel.push({ id: inv.panelistId, cookie: await panelistSession(ctx.t, inv.link) });
  const view = (await call('GET', '/api/panelist/round', undefined, panel[0].cookie)).body;
  return { studyId: study.id as number, roundId: round.id as number, panel, versions: (view.items as { itemVersionId: number }[]).map((i) => i.itemVersionId) };
}

let keys = 0;
async function save(p: Panelist, version: number, criterion: Criterion, value: number | null) {
  const res = await call('PUT', `/api/panelist/answers/${version}`, { value, cannotJudge: value === null, criterion }, p.cookie, {
    'idempotency-key': `rt-adversary-${keys++}`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const json = <T>(v: string | T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

async function snapshotRows(roundId: number) {
  const rows = await ctx.t.db.raw<SnapshotRow>(
    `select item_version_id, criterion, number, basis, result from released_snapshots where round_id = ${Number(roundId)} order by number`,
  );
  return rows.map((r) => ({ ...r, basis: json<Basis>(r.basis), result: json<Exclude<SnapshotRow['result'], string>>(r.result) }));
}

/** Rating → count of the valid answers in a basis, as a distribution shows it. */
function countsOf(basis: Basis): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of Object.values(basis)) if (v !== null) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
const nonZero = (d: Record<string, number>) => Object.fromEntries(Object.entries(d).filter(([, n]) => n > 0));
const changedBetween = (a: Basis, b: Basis) => [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => !(p in a) || !(p in b) || a[p] !== b[p]);

/** The observer's page: per item version and criterion, the snapshot number and distribution shown. */
async function shownTo(p: Panelist) {
  const items = (await call('GET', '/api/panelist/round', undefined, p.cookie)).body.items as {
    itemVersionId: number;
    criteria: { criterion: Criterion; feedback: { distribution: Record<string, number>; live: { snapshot: number } } | null }[];
  }[];
  const out = new Map<string, { snapshot: number; distribution: Record<string, number> }>();
  for (const i of items) {
    for (const c of i.criteria) {
      if (c.feedback) out.set(`${i.itemVersionId}|${c.criterion}`, { snapshot: c.feedback.live.snapshot, distribution: nonZero(c.feedback.distribution) });
    }
  }
  return out;
}

describe('real-time round with two criteria: an observer cannot isolate one rating', () => {
  it('does not release a criterion that one panelist changed, however many changed the other criterion at the same time', async () => {
    const { studyId, roundId, panel, versions } = await openRealtime(8, 1, { anonymity: 'strict' });
    const [a] = versions;
    for (const i of [0, 1, 2]) for (const c of CRITERIA) await save(panel[i], a, c, 5);
    expect((await releaseNow(ctx.t, studyId, roundId)).map((r) => r.criterion).sort()).toEqual(['importance', 'resonance']);
    const dashboard = async () => {
      const body = (await call('GET', `/api/rounds/${roundId}/results`)).body;
      return body.items.find((i: { itemVersionId: number }) => i.itemVersionId === a);
    };
    const observed = await shownTo(panel[0]);
    const before = await dashboard();

    // Panelist 3 rates resonance 9 while three others rate importance: only importance may move.
    await save(panel[3], a, 'resonance', 9);
    for (const i of [3, 4, 5]) await save(panel[i], a, 'importance', 1);
    expect(await releaseNow(ctx.t, studyId, roundId)).toEqual([{ itemVersionId: a, criterion: 'importance', number: 2 }]);

    const after = await shownTo(panel[0]);
    expect(after.get(`${a}|resonance`)).toEqual(observed.get(`${a}|resonance`));
    expect(after.get(`${a}|importance`)).toMatchObject({ snapshot: 2, distribution: { '5': 3, '1': 3 } });
    // The dashboard's item, outcome and metrics included, reads resonance as released: without panelist 3's 9.
    const now = await dashboard();
    const resonanceOf = (item: { result: { criteria: { criterion: string }[] } }) => item.result.criteria.find((c) => c.criterion === 'resonance');
    expect(resonanceOf(now)).toEqual(resonanceOf(before));
    expect(Object.entries(now.result.metricsUsed).filter(([m]) => m.startsWith('resonance.'))).toEqual(
      Object.entries(before.result.metricsUsed).filter(([m]) => m.startsWith('resonance.')),
    );
    // So is every stored figure: the importance snapshot rests on resonance's released answers only.
    const stored = (await snapshotRows(roundId)).find((r) => r.criterion === 'importance' && r.number === 2)!;
    const shownResonance = stored.result.criteria.find((c) => c.criterion === 'resonance')!.stats.freq.filter((f) => f.count > 0);
    expect(shownResonance).toEqual([{ value: 5, count: 3, pct: 100 }]);

    // Two more on resonance make three changed panelists: now it moves, by three at once.
    for (const i of [4, 5]) await save(panel[i], a, 'resonance', 9);
    expect(await releaseNow(ctx.t, studyId, roundId)).toEqual([{ itemVersionId: a, criterion: 'resonance', number: 2 }]);
    expect((await shownTo(panel[0])).get(`${a}|resonance`)).toEqual({ snapshot: 2, distribution: { '5': 3, '9': 3 } });
  });

  it('over random interleavings of saves on both criteria, every figure shown is a released basis, and releases of a criterion differ in k', async () => {
    const rng = mulberry32(20261206);
    const N = 8;
    const ITEMS = 10;
    const STEPS = 14;
    const { studyId, roundId, panel, versions } = await openRealtime(N, ITEMS);
    const observer = panel[0];
    // The observer answers both criteria of every item first: it then sees every release.
    for (const v of versions) for (const c of CRITERIA) await save(observer, v, c, 5);
    const seen = new Map<string, { snapshot: number; distribution: Record<string, number> }[]>();
    for (let step = 0; step < STEPS; step++) {
      for (const v of versions) {
        // Mostly saves of one criterion by one panelist, sometimes a burst on the other: the mixes an adversary would provoke.
        const criterion = CRITERIA[randomInt(rng, 2)];
        const burst = randomInt(rng, 4) === 0 ? 3 : 1;
        for (let b = 0; b < burst; b++) {
          const who = 1 + randomInt(rng, N - 1);
          await save(panel[who], v, b === 0 ? criterion : CRITERIA[1 - CRITERIA.indexOf(criterion)], 1 + randomInt(rng, 9));
        }
      }
      await releaseNow(ctx.t, studyId, roundId);
      for (const [key, f] of await shownTo(observer)) {
        const log = seen.get(key) ?? [];
        if (log.at(-1)?.snapshot !== f.snapshot) log.push(f);
        seen.set(key, log);
      }
    }
    const rows = await snapshotRows(roundId);
    const byKey = new Map<string, Map<number, Basis>>();
    for (const r of rows) {
      const key = `${r.item_version_id}|${r.criterion}`;
      if (!byKey.has(key)) byKey.set(key, new Map());
      byKey.get(key)!.set(r.number, r.basis);
    }
    let compared = 0;
    for (const [key, bySnapshot] of byKey) {
      const numbers = [...bySnapshot.keys()].sort((x, y) => x - y);
      for (let i = 1; i < numbers.length; i++) {
        expect(changedBetween(bySnapshot.get(numbers[i - 1])!, bySnapshot.get(numbers[i])!).length, key).toBeGreaterThanOrEqual(K);
        compared++;
      }
      // What the observer was shown on a criterion is exactly that criterion's released basis.
      for (const entry of seen.get(key) ?? []) expect(entry.distribution, key).toEqual(countsOf(bySnapshot.get(entry.snapshot)!));
    }
    // Across criteria: every criterion's figures inside any stored result (what the dashboard shows)
    // are one of that criterion's released bases, never answers that had not been released.
    for (const r of rows) {
      for (const c of r.result.criteria) {
        const shown = Object.fromEntries(c.stats.freq.filter((f) => f.count > 0).map((f) => [String(f.value), f.count]));
        const released = [...(byKey.get(`${r.item_version_id}|${c.criterion}`)?.values() ?? [])].map(countsOf);
        if (Object.keys(shown).length === 0) continue;
        expect(released, `${r.item_version_id} ${r.criterion}#${r.number} on ${c.criterion}`).toContainEqual(shown);
      }
    }
    expect(compared).toBeGreaterThan(ITEMS);
    expect([...seen.values()].filter((log) => log.length > 1).length).toBeGreaterThan(ITEMS);
  }, 120_000);
});
