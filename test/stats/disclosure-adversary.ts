/**
 * The disclosure adversary (quality.md "Insiders are attackers too"), shared by the seeded run in
 * `npm test` (disclosure.test.ts) and the long run (test/bench/disclosure-adversary.ts). It sees
 * what a facilitator sees: every panelist's attributes (so which groups nest or overlap) and the
 * published result of an item, never the answers. It subtracts published distributions and
 * reports any non-empty multiset of fewer than k answers it recovers.
 */
import fc from 'fast-check';
import { analyseRound, defaultProtocol, suppressSmallGroups, type Answer, type ItemRoundResult } from '../../api/stats';

export interface Panel {
  k: number;
  dimensions: string[];
  answers: Answer[];
  /** Top of the 1–max rating scale; 5 unless given. */
  scaleMax?: number;
}

/** 3–25 panelists, 2–3 attributes of 2–4 values (sometimes none), ratings 1–5 or "cannot judge". */
export const panelArb: fc.Arbitrary<Panel> = fc
  .record({
    k: fc.integer({ min: 3, max: 5 }),
    sizes: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 3 }),
    n: fc.integer({ min: 3, max: 25 }),
  })
  .chain(({ k, sizes, n }) => {
    const dimensions = sizes.map((_, i) => `d${i}`);
    const person = fc.record({
      value: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 5 }),
      groups: fc.tuple(...sizes.map((s) => fc.option(fc.integer({ min: 0, max: s - 1 }), { freq: 12 }))),
    });
    return fc.array(person, { minLength: n, maxLength: n }).map((people) => ({
      k,
      dimensions,
      answers: people.map((p, i): Answer => {
        const groups: Record<string, string> = {};
        p.groups.forEach((g, d) => {
          if (g !== null) groups[dimensions[d]] = `v${g}`;
        });
        return { panelist: `p${i}`, value: p.value, groups };
      }),
    }));
  });

/** What is published for the panel's one item, with the protection under test. */
export type Publish = (result: ItemRoundResult, k: number, answers: Answer[]) => ItemRoundResult;

export const publishWithModule: Publish = (result, k, answers) =>
  suppressSmallGroups(
    result,
    k,
    answers.map((a) => a.groups),
  );

interface Published {
  label: string;
  members: Set<string>;
  /** value → count; 'cj' for "cannot judge". */
  counts: Map<string, number>;
}

export interface Leak {
  from: string;
  minus: string[];
  recovered: Map<string, number>;
}

function distribution(stats: { freq: { value: number; count: number }[]; nNoOpinion: number }): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of stats.freq) if (f.count > 0) out.set(String(f.value), f.count);
  if (stats.nNoOpinion > 0) out.set('cj', stats.nNoOpinion);
  return out;
}

/** Every published distribution of the item with the panelists it covers, as a facilitator can work out. */
function publishedOf(panel: Panel, result: ItemRoundResult): Published[] {
  const all = new Set(panel.answers.map((a) => a.panelist));
  const out: Published[] = [{ label: 'overall', members: all, counts: distribution(result.stats) }];
  for (const [dimension, comparison] of Object.entries(result.groups)) {
    for (const g of comparison.perGroup) {
      if (g.suppressed || !g.stats) continue;
      const members = new Set(panel.answers.filter((a) => a.groups[dimension] === g.group).map((a) => a.panelist));
      out.push({ label: `${dimension}=${g.group}`, members, counts: distribution(g.stats) });
    }
  }
  // overall − an attribute's shown groups: its hidden groups and those without a value, published by subtraction.
  for (const dimension of Object.keys(result.groups)) {
    const shown = out.filter((p) => p.label.startsWith(`${dimension}=`));
    const members = new Set([...all].filter((p) => shown.every((s) => !s.members.has(p))));
    if (shown.length === 0 || members.size === 0) continue;
    const counts = new Map(out[0].counts);
    for (const s of shown) for (const [v, c] of s.counts) counts.set(v, counts.get(v)! - c);
    for (const [v, c] of counts) if (c === 0) counts.delete(v);
    out.push({ label: `overall − ${dimension} shown`, members, counts });
  }
  return out;
}

const contains = (outer: Set<string>, inner: Set<string>) => [...inner].every((p) => outer.has(p));
const disjoint = (a: Set<string>, b: Set<string>) => [...a].every((p) => !b.has(p));

/**
 * Tries every difference of two published distributions where one's panelists contain the
 * other's, and every published distribution (the overall included) minus any set of pairwise
 * disjoint published groups inside it; returns the first recovery of 1 to k − 1 answers. An
 * attribute's remainder (overall minus its shown groups) counts as published on both sides.
 */
export function attack(panel: Panel, publish: Publish): Leak | undefined {
  const analysis = analyseRound({
    round: 1,
    scale: { min: 1, max: panel.scaleMax ?? 5 },
    protocol: { ...defaultProtocol({ min: 1, max: panel.scaleMax ?? 5 }), minValidN: 1 },
    dimensions: panel.dimensions,
    items: [{ itemId: 'i', versionId: 'v', nPresented: panel.answers.length, answers: panel.answers }],
  });
  const published = publishedOf(panel, publish(analysis.items[0], panel.k, panel.answers));
  for (const g of published) {
    const inside = published.filter((h) => h !== g && contains(g.members, h.members) && h.members.size < g.members.size);
    const chosen: Published[] = [];
    const visit = (i: number): Leak | undefined => {
      if (chosen.length > 0) {
        const recovered = new Map(g.counts);
        for (const h of chosen) for (const [v, c] of h.counts) recovered.set(v, (recovered.get(v) ?? 0) - c);
        const size = [...recovered.values()].reduce((a, b) => a + b, 0);
        for (const [v, c] of recovered) if (c === 0) recovered.delete(v);
        if (size > 0 && size < panel.k) return { from: g.label, minus: chosen.map((h) => h.label), recovered };
      }
      for (let j = i; j < inside.length; j++) {
        if (!chosen.every((h) => disjoint(h.members, inside[j].members))) continue;
        chosen.push(inside[j]);
        const leak = visit(j + 1);
        chosen.pop();
        if (leak) return leak;
      }
      return undefined;
    };
    const leak = visit(0);
    if (leak) return leak;
  }
  return undefined;
}
