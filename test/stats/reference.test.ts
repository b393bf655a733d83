/**
 * The engine against an independent implementation: test/fixtures/stats-reference/reference.json,
 * written by generate.py with numpy 2.4 / scipy 1.17 (see that script for the exact calls).
 * Every value must agree to 1e-9, absolute or relative.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyseRound,
  benjaminiHochberg,
  defaultProtocol,
  kendallW,
  kruskalWallis,
  mannWhitney,
  quantile,
  wilcoxonSignedRank,
  type Answer,
  type ItemRoundInput,
  type ItemRoundResult,
  type Protocol,
  type QuantileMethod,
} from '../../api/stats';

type Num = number | null;

interface Quantiles {
  q1: number;
  median: number;
  q3: number;
  iqr: number;
  p30: number;
  p70: number;
  ipr: number;
  ipras: number;
  di: number;
  disagreement: boolean;
}

interface Described {
  nValid: number;
  freq: number[];
  mean: Num;
  sd: Num;
  cv: Num;
  kAgree: number;
  pctAgree: Num;
  mode: number[] | null;
  hf7: Quantiles | null;
  hf6: Quantiles | null;
}

interface Expected extends Described {
  nNoOpinion: number;
  nSkipped: number;
  stability: null | {
    previousRound: number;
    changePct: Num;
    nPairs: number;
    wilcoxonP: Num;
    tPlus: Num;
    tMinus: Num;
    wilcoxonMethod: 'exact' | 'normal' | null;
    mcnemarP: number;
    kappa: Num;
    weightedKappa: Num;
    deltaCv: Num;
  };
  group: {
    groups: string[];
    test: 'mann-whitney' | 'kruskal-wallis' | null;
    statistic: Num;
    p: Num;
    pHolm: Num;
    pBH: Num;
    rankBiserial: Num;
    epsilonSquared: Num;
    method?: 'exact' | 'normal';
    perGroup: Record<string, Described>;
  };
}

interface Study {
  id: string;
  points: number;
  agree: [number, number];
  disagree: [number, number];
  panelists: { id: string; sector: string }[];
  rounds: { round: number; items: { item: string; nPresented: number; answers: [number, number | null][]; expected: Expected }[] }[];
}

interface Reference {
  numpy: string;
  scipy: string;
  studies: Study[];
  mannWhitney: { x: number[]; y: number[]; u1: number; p: number; method: string; rankBiserial: number }[];
  wilcoxon: { before: number[]; after: number[]; p: Num; tPlus: Num; tMinus: Num; method: string | null }[];
  kruskalWallis: { groups: number[][]; h: Num; p: Num; epsilonSquared: Num }[];
  quantiles: { values: number[]; percents: number[]; hf7: number[]; hf6: number[] }[];
  rankings: { ranks: number[][]; m: number; n: number; w: number; chi2: number; p: number; wUncorrected: number; permutationP: Num; permutationB: Num }[];
}

const reference = JSON.parse(readFileSync(new URL('../fixtures/stats-reference/reference.json', import.meta.url), 'utf8')) as Reference;

/** Collects disagreements instead of stopping at the first, so one run shows them all. */
class Comparison {
  readonly mismatches: string[] = [];
  count = 0;

  value(path: string, actual: unknown, expected: unknown): void {
    this.count++;
    if (typeof expected === 'number' && typeof actual === 'number') {
      const diff = Math.abs(actual - expected);
      if (diff <= 1e-9 || diff <= 1e-9 * Math.abs(expected)) return;
    } else if (JSON.stringify(actual) === JSON.stringify(expected)) return;
    this.mismatches.push(`${path}: engine ${JSON.stringify(actual)}, reference ${JSON.stringify(expected)}`);
  }

  check(): void {
    expect(this.mismatches.slice(0, 20)).toEqual([]);
  }
}

function answersOf(study: Study, raw: [number, number | null][]): Answer[] {
  return raw.map(([p, value]) => ({ panelist: study.panelists[p].id, value, groups: { sector: study.panelists[p].sector } }));
}

function analyseStudy(study: Study, method: QuantileMethod): ItemRoundResult[][] {
  const scale = { min: 1, max: study.points };
  const protocol: Protocol = { ...defaultProtocol(scale), quantileMethod: method, bands: { agree: study.agree, disagree: study.disagree } };
  return study.rounds.map((round, r) => {
    const items: ItemRoundInput[] = round.items.map((item) => {
      const before = r > 0 ? study.rounds[r - 1].items.find((x) => x.item === item.item) : undefined;
      return {
        itemId: item.item,
        versionId: item.item,
        nPresented: item.nPresented,
        answers: answersOf(study, item.answers),
        ...(before ? { previous: { round: study.rounds[r - 1].round, versionId: item.item, answers: answersOf(study, before.answers) } } : {}),
      };
    });
    return analyseRound({ round: round.round, scale, protocol, dimensions: ['sector'], items }).items;
  });
}

function compareDescribed(c: Comparison, path: string, stats: ItemRoundResult['stats'], e: Described): void {
  c.value(`${path}.nValid`, stats.nValid, e.nValid);
  c.value(
    `${path}.freq`,
    stats.freq.map((f) => f.count),
    e.freq,
  );
  c.value(`${path}.mean`, stats.mean, e.mean);
  c.value(`${path}.sd`, stats.sd, e.sd);
  c.value(`${path}.cv`, stats.cv, e.cv);
  c.value(`${path}.kAgree`, stats.agree.k, e.kAgree);
  c.value(`${path}.pctAgree`, stats.agree.pct, e.pctAgree);
  c.value(`${path}.mode`, stats.mode, e.mode);
}

function compareQuantiles(
  c: Comparison,
  path: string,
  result: ItemRoundResult | { stats: ItemRoundResult['stats']; rand: ItemRoundResult['rand'] },
  q: Quantiles | null,
  rand: boolean,
): void {
  c.value(`${path}.median`, result.stats.median, q?.median ?? null);
  c.value(`${path}.q1`, result.stats.q1, q?.q1 ?? null);
  c.value(`${path}.q3`, result.stats.q3, q?.q3 ?? null);
  c.value(`${path}.iqr`, result.stats.iqr, q?.iqr ?? null);
  if (!rand) return;
  c.value(`${path}.p30`, result.rand?.p30 ?? null, q?.p30 ?? null);
  c.value(`${path}.p70`, result.rand?.p70 ?? null, q?.p70 ?? null);
  c.value(`${path}.ipr`, result.rand?.ipr ?? null, q?.ipr ?? null);
  c.value(`${path}.ipras`, result.rand?.ipras ?? null, q?.ipras ?? null);
  c.value(`${path}.di`, result.rand?.di ?? null, q?.di ?? null);
  c.value(`${path}.disagreement`, result.rand?.disagreementIpras ?? null, q?.disagreement ?? null);
}

describe('reference data set (numpy/scipy)', () => {
  const itemRounds = reference.studies.flatMap((s) => s.rounds.flatMap((r) => r.items.map((i) => ({ study: s, item: i }))));

  it('covers what it claims: 200+ item-rounds on 5-, 7- and 9-point scales, cannot-judge, attrition, 2-4 groups', () => {
    expect(itemRounds.length).toBeGreaterThanOrEqual(200);
    expect(new Set(reference.studies.map((s) => s.points))).toEqual(new Set([5, 7, 9]));
    expect(itemRounds.filter(({ item }) => item.expected.nNoOpinion > 0).length).toBeGreaterThan(50);
    expect(reference.studies.some((s) => s.rounds.some((r, i) => i > 0 && r.items[0].nPresented < s.rounds[i - 1].items[0].nPresented))).toBe(true);
    const groupCounts = new Set(itemRounds.map(({ item }) => item.expected.group.groups.length));
    for (const k of [2, 3, 4]) expect(groupCounts.has(k)).toBe(true);
    expect(reference.rankings).toHaveLength(10);
  });

  it('agrees on every item-round: descriptives, quantiles (hf7 and hf6), RAND/UCLA, stability, subgroups, Holm and BH', () => {
    const c = new Comparison();
    for (const study of reference.studies) {
      const hf7 = analyseStudy(study, 'hf7');
      const hf6 = analyseStudy(study, 'hf6');
      const rand = study.points === 9;
      study.rounds.forEach((round, r) => {
        const bh = benjaminiHochberg(hf7[r].map((i) => i.groups.sector.p));
        round.items.forEach((item, k) => {
          const e = item.expected;
          const got = hf7[r][k];
          const path = `${study.id}/r${round.round}/${item.item}`;
          compareDescribed(c, path, got.stats, e);
          c.value(`${path}.nNoOpinion`, got.stats.nNoOpinion, e.nNoOpinion);
          c.value(`${path}.nSkipped`, got.stats.nSkipped, e.nSkipped);
          compareQuantiles(c, `${path}.hf7`, got, e.hf7, rand);
          compareQuantiles(c, `${path}.hf6`, hf6[r][k], e.hf6, rand);
          c.value(`${path}.stability?`, got.stability === null, e.stability === null);
          if (e.stability && got.stability) {
            const s = got.stability;
            c.value(`${path}.previousRound`, s.previousRound, e.stability.previousRound);
            c.value(`${path}.changePct`, s.changePct, e.stability.changePct);
            c.value(`${path}.nPairs`, s.nPairs, e.stability.nPairs);
            c.value(`${path}.wilcoxonP`, s.wilcoxon.p, e.stability.wilcoxonP);
            c.value(`${path}.tPlus`, s.wilcoxon.tPlus, e.stability.tPlus);
            c.value(`${path}.tMinus`, s.wilcoxon.tMinus, e.stability.tMinus);
            c.value(`${path}.wilcoxonMethod`, s.wilcoxon.method, e.stability.wilcoxonMethod);
            c.value(`${path}.mcnemarP`, s.mcnemar.pExact, e.stability.mcnemarP);
            c.value(`${path}.kappa`, s.kappa.kappa, e.stability.kappa);
            c.value(`${path}.weightedKappa`, s.kappa.weightedKappa, e.stability.weightedKappa);
            c.value(`${path}.deltaCv`, s.deltaCv, e.stability.deltaCv);
          }
          const g = got.groups.sector;
          c.value(`${path}.groups`, g.compared, e.group.groups);
          c.value(`${path}.test`, g.test, e.group.test);
          c.value(`${path}.statistic`, g.statistic, e.group.statistic);
          c.value(`${path}.p`, g.p, e.group.p);
          c.value(`${path}.pHolm`, g.pAdjusted, e.group.pHolm);
          c.value(`${path}.pBH`, bh[k], e.group.pBH);
          c.value(`${path}.rankBiserial`, g.effectSizes.rankBiserial, e.group.rankBiserial);
          c.value(`${path}.epsilonSquared`, g.effectSizes.epsilonSquared, e.group.epsilonSquared);
          if (e.group.method) c.value(`${path}.mwMethod`, g.pMethod, e.group.method);
          for (const pg of g.perGroup) {
            const pe = e.group.perGroup[pg.group];
            if (pe === undefined) {
              // numpy groups hold valid ratings only; a group of "cannot judge" answers has none
              c.value(`${path}.${pg.group}.nValid`, pg.nValid, 0);
              continue;
            }
            compareDescribed(c, `${path}.${pg.group}`, pg.stats as ItemRoundResult['stats'], pe);
            compareQuantiles(c, `${path}.${pg.group}.hf7`, { stats: pg.stats as ItemRoundResult['stats'], rand: pg.rand }, pe.hf7, rand);
          }
        });
      });
    }
    expect(c.count).toBeGreaterThan(20_000);
    c.check();
  });

  it('agrees on Mann-Whitney U, including the exact distribution', () => {
    const c = new Comparison();
    reference.mannWhitney.forEach((e, i) => {
      const r = mannWhitney(e.x, e.y);
      c.value(`mw${i}.u1`, r.u1, e.u1);
      c.value(`mw${i}.p`, r.p, e.p);
      c.value(`mw${i}.method`, r.method, e.method);
      c.value(`mw${i}.rankBiserial`, r.rankBiserial, e.rankBiserial);
    });
    expect(reference.mannWhitney.filter((e) => e.method === 'exact').length).toBeGreaterThan(5);
    c.check();
  });

  it('agrees on the Wilcoxon signed-rank test, exact and normal', () => {
    const c = new Comparison();
    reference.wilcoxon.forEach((e, i) => {
      const r = wilcoxonSignedRank(e.before, e.after);
      c.value(`wx${i}.p`, r.p, e.p);
      c.value(`wx${i}.tPlus`, r.tPlus, e.tPlus);
      c.value(`wx${i}.tMinus`, r.tMinus, e.tMinus);
      c.value(`wx${i}.method`, r.method, e.method);
    });
    expect(reference.wilcoxon.filter((e) => e.method === 'exact').length).toBeGreaterThan(5);
    c.check();
  });

  it('agrees on Kruskal-Wallis, including the no-variation case', () => {
    const c = new Comparison();
    reference.kruskalWallis.forEach((e, i) => {
      const r = kruskalWallis(e.groups);
      c.value(`kw${i}.h`, r.h, e.h);
      c.value(`kw${i}.p`, r.p, e.p);
      c.value(`kw${i}.epsilonSquared`, r.epsilonSquared, e.epsilonSquared);
    });
    c.check();
  });

  it('agrees with np.quantile linear (type 7) and weibull (type 6)', () => {
    const c = new Comparison();
    reference.quantiles.forEach((e, i) => {
      const sorted = [...e.values].sort((a, b) => a - b);
      e.percents.forEach((p, j) => {
        c.value(`q${i}.hf7.${p}`, quantile(sorted, p, 'hf7'), e.hf7[j]);
        c.value(`q${i}.hf6.${p}`, quantile(sorted, p, 'hf6'), e.hf6[j]);
      });
    });
    c.check();
  });

  it("agrees on Kendall's W with scipy's Friedman chi-square, and the permutation p within Monte Carlo error", () => {
    const c = new Comparison();
    reference.rankings.forEach((e, i) => {
      const r = kendallW(e.ranks, { seed: 1000 + i });
      c.value(`w${i}.m`, r.m, e.m);
      c.value(`w${i}.n`, r.n, e.n);
      c.value(`w${i}.w`, r.w, e.w);
      c.value(`w${i}.wUncorrected`, r.wUncorrected, e.wUncorrected);
      c.value(`w${i}.chi2`, r.chi2, e.chi2);
      c.value(`w${i}.p`, r.p, e.p);
      c.value(`w${i}.permutation?`, r.permutationP === null, e.permutationP === null);
      if (e.permutationP !== null && r.permutationP !== null) {
        // Both are Monte Carlo estimates (B = 9 999 here, 100 000 in numpy): allow 4 standard errors.
        const p = e.permutationP;
        const tolerance = 4 * Math.sqrt((Math.max(p, 1e-4) * (1 - p)) / 9999) + 2 / 10000;
        expect(Math.abs(r.permutationP - p), `w${i}.permutationP`).toBeLessThan(tolerance);
      }
    });
    c.check();
  });
});
