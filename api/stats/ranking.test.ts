import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRanking, compareGroupRankings, rankingMidranks, rankingStability, spearmanRho, type PanelistRanking } from './ranking';

type Num = number | null;
interface RankingCase {
  name: string;
  items: string[];
  rankings: PanelistRanking[];
  m: number;
  n: number;
  w: Num;
  chi2: Num;
  p: Num;
  meanRanks: number[];
  medianRanks: number[];
  topKCount: number[];
  permutationP: Num;
  groups: Record<string, { m: number; w: Num; p: Num; meanRanks: number[] }>;
  groupPairs: { a: string; b: string; rho: Num; differs: boolean }[];
}
interface RoundCase extends RankingCase {
  ranks: number[][];
}

/** numpy/scipy values: test/fixtures/stats-reference/generate-ranking-dematel.py. */
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/stats-reference/ranking-dematel.json', import.meta.url), 'utf8')) as {
  topK: number;
  rankings: RankingCase[];
  rankingRounds: { rounds: RoundCase[]; commonItems: string[]; rho: number; wChange: number };
};

const close = (actual: Num, expected: Num, label: string) => {
  if (expected === null) return expect(actual, label).toBeNull();
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual as number) - expected), label).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
};

describe('rankingMidranks', () => {
  it.each([
    ['a strict ranking', [3, 1, 2], [3, 1, 2]],
    ['equal numbers as ties', [1, 1, 3], [1.5, 1.5, 3]],
    ['a dense tie', [1, 2, 2, 3], [1, 2.5, 2.5, 4]],
    ['a top-3 of 6 (unranked share (4+5+6)/3)', [1, null, 2, null, 3, null], [1, 5, 2, 5, 3, 5]],
    ['a top-2 with a tie', [null, 1, 1, null], [3.5, 1.5, 1.5, 3.5]],
    ['gaps in a partial ranking keep the order', [1, null, 3, 5, null], [1, 4.5, 2, 3, 4.5]],
    ['nothing ranked', [null, null, null], [2, 2, 2]],
  ])('%s', (_, row, expected) => {
    expect(rankingMidranks(row)).toEqual(expected);
  });

  it.each([[[0, 1, 2]], [[1, 2, 4]], [[1, Number.NaN, 2]]])('rejects a rank outside 1..n: %j', (row) => {
    expect(() => rankingMidranks(row)).toThrow(RangeError);
  });
});

describe('spearmanRho', () => {
  it('is the Pearson correlation of midranks (scipy.stats.spearmanr)', () => {
    // spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) = 0.8; with ties [1, 2, 2, 4] vs [1, 3, 2, 4] = 0.9486832980505138
    expect(spearmanRho([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(spearmanRho([1, 2, 2, 4], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12);
    expect(spearmanRho([10, 20, 30], [3, 2, 1])).toBe(-1);
  });

  it('is null for a constant vector or fewer than 2 pairs, and rejects unpaired vectors', () => {
    expect(spearmanRho([1, 2, 3], [2, 2, 2])).toBeNull();
    expect(spearmanRho([1], [1])).toBeNull();
    expect(() => spearmanRho([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('analyseRanking against scipy', () => {
  it.each(reference.rankings.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const a = analyseRanking({ items: c.items, rankings: c.rankings, topK: reference.topK });
    expect([a.m, a.n]).toEqual([c.m, c.n]);
    close(a.kendall.w, c.w, 'w');
    close(a.kendall.chi2, c.chi2, 'chi2');
    close(a.kendall.p, c.p, 'p');
    expect(a.kendall.df).toBe(c.n - 1);
    a.ranked.forEach((item, i) => {
      close(item.meanRank, c.meanRanks[i], `meanRank ${item.item}`);
      close(item.medianRank, c.medianRanks[i], `medianRank ${item.item}`);
      expect(item.topKCount, `topK ${item.item}`).toBe(c.topKCount[i]);
      close(item.topKPct, (100 * c.topKCount[i]) / c.m, `topKPct ${item.item}`);
    });
    expect(Object.keys(a.groups)).toEqual(Object.keys(c.groups));
    for (const [g, e] of Object.entries(c.groups)) {
      expect(a.groups[g].m, `${g}.m`).toBe(e.m);
      close(a.groups[g].kendall.w, e.w, `${g}.w`);
      close(a.groups[g].kendall.p, e.p, `${g}.p`);
      (a.groups[g].meanRanks as number[]).forEach((r, i) => close(r, e.meanRanks[i], `${g}.meanRanks[${i}]`));
    }
    expect(a.groupPairs.map((p) => [p.a, p.b, p.differs])).toEqual(c.groupPairs.map((p) => [p.a, p.b, p.differs]));
    a.groupPairs.forEach((p, i) => close(p.rho, c.groupPairs[i].rho, `rho ${p.a}/${p.b}`));
    expect(a.groupsRankDifferently).toBe(c.groupPairs.some((p) => p.differs));
  });

  it('counts top-k rankings as partial and a one-panelist group has no W', () => {
    const c = reference.rankings[1];
    const a = analyseRanking({ items: c.items, rankings: c.rankings });
    expect(a.mPartial).toBe(6);
    expect(a.groups.solo).toMatchObject({ m: 1, kendall: { w: null, p: null, flags: ['too_few'] } });
    expect(a.groups.solo.meanRanks).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('the seeded permutation p lies within Monte Carlo error of the exact p and is reproducible', () => {
    const c = reference.rankings.find((r) => r.permutationP !== null) as RankingCase;
    const exact = c.permutationP as number;
    const a = analyseRanking({ items: c.items, rankings: c.rankings, kendall: { seed: 11 } });
    const p = a.kendall.permutationP as number;
    const se = Math.sqrt((exact * (1 - exact)) / 9999);
    expect(Math.abs(p - exact)).toBeLessThan(4 * se + 1 / 10000);
    // Pinned: the same seed must give the same p on every machine (the seed is printed with it).
    expect(p).toBe(0.0168);
    expect(analyseRanking({ items: c.items, rankings: c.rankings, kendall: { seed: 11 } }).kendall.permutationP).toBe(p);
    expect(a.kendall.seed).toBe(11);
  });

  it('leaves out a panelist who ranked nothing, and counts them', () => {
    const a = analyseRanking({
      items: ['A', 'B', 'C'],
      rankings: [
        { panelist: 'p1', ranks: [1, 2, 3] },
        { panelist: 'p2', ranks: [1, 3, 2] },
        { panelist: 'p3', ranks: [null, null, null] },
      ],
    });
    expect([a.m, a.mExcluded, a.mPartial]).toEqual([2, 1, 0]);
    expect(a.ranked.map((r) => r.meanRank)).toEqual([1, 2.5, 2.5]);
  });

  it('rejects a ranking with the wrong number of entries', () => {
    expect(() => analyseRanking({ items: ['A', 'B'], rankings: [{ panelist: 'p', ranks: [1] }] })).toThrow(RangeError);
  });
});

describe('compareGroupRankings', () => {
  it('flags ρ < 0.5 only: ρ = 0.5 exactly is not "ranking differently"', () => {
    // spearmanr([1, 2, 3, 4, 5], [3, 2, 1, 5, 4]) = 0.5; [2, 1, 3, 5, 4] gives 0.8; reversed gives -1
    const pairs = compareGroupRankings({
      a: { meanRanks: [1, 2, 3, 4, 5] },
      b: { meanRanks: [3, 2, 1, 5, 4] },
      c: { meanRanks: [5, 4, 3, 2, 1] },
      d: { meanRanks: null },
    });
    expect(pairs.map((p) => [p.a, p.b, p.rho, p.differs])).toEqual([
      ['a', 'b', 0.5, false],
      ['a', 'c', -1, true],
      ['b', 'c', -0.5, true],
    ]);
  });

  it('does not flag a pair whose ρ is undefined (a group tied on every item)', () => {
    expect(compareGroupRankings({ a: { meanRanks: [2, 2, 2] }, b: { meanRanks: [1, 2, 3] } })).toEqual([{ a: 'a', b: 'b', rho: null, differs: false }]);
  });
});

describe('rankingStability', () => {
  it("ρ of the two rounds' mean ranks over the common items and ΔW, as scipy", () => {
    const { rounds, commonItems, rho, wChange } = reference.rankingRounds;
    const [r1, r2] = rounds.map((r) => analyseRanking({ items: r.items, rankings: r.ranks.map((ranks, i) => ({ panelist: `p${i}`, ranks })) }));
    const summary = (a: typeof r1) => ({ items: a.items, meanRanks: a.kendall.meanRanks, w: a.kendall.w });
    const s = rankingStability(summary(r1), summary(r2));
    expect(s.commonItems).toEqual(commonItems);
    close(s.rho, rho, 'rho');
    close(s.wChange, wChange, 'wChange');
  });

  it('is null when a round has no W or too few common items', () => {
    const s = rankingStability({ items: ['A', 'B'], meanRanks: [1, 2], w: null }, { items: ['A', 'C'], meanRanks: [1, 2], w: 0.5 });
    expect(s).toEqual({ commonItems: ['A'], rho: null, wChange: null });
  });
});
