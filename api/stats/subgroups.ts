/** Choosing and running the subgroup comparison of one item (consensus-methods.md §8). */
import { kruskalWallis } from './kruskal-wallis';
import { mannWhitney } from './mann-whitney';
import type { EffectSizes, SubgroupTest } from '../contract/statistics';
export type { EffectSizes, SubgroupTest };

export interface SubgroupSample {
  group: string;
  values: readonly number[];
}

/**
 * Mann–Whitney U for exactly two groups with valid ratings, Kruskal–Wallis for three or more,
 * nothing (test null) for fewer (§8). Empty groups are left out. No suppression happens here:
 * the engine computes everything; see suppressSmallGroups for presentation.
 */
export function compareSubgroups(samples: readonly SubgroupSample[]): SubgroupTest {
  const used = samples.filter((s) => s.values.length > 0);
  const compared = used.map((s) => s.group);
  const none: EffectSizes = { rankBiserial: null, r: null, epsilonSquared: null };
  if (used.length === 2) {
    const mw = mannWhitney(used[0].values, used[1].values);
    return {
      test: 'mann-whitney',
      compared,
      statistic: mw.u1,
      df: null,
      p: mw.p,
      pMethod: mw.method,
      effectSizes: { ...none, rankBiserial: mw.rankBiserial, r: mw.r },
      flags: [...mw.flags],
      mannWhitney: mw,
      kruskalWallis: null,
    };
  }
  if (used.length >= 3) {
    const kw = kruskalWallis(used.map((s) => s.values));
    return {
      test: 'kruskal-wallis',
      compared,
      statistic: kw.h,
      df: kw.df,
      p: kw.p,
      pMethod: kw.p === null ? null : 'chi2',
      effectSizes: { ...none, epsilonSquared: kw.epsilonSquared },
      flags: [...kw.flags],
      mannWhitney: null,
      kruskalWallis: kw,
    };
  }
  return {
    test: null,
    compared,
    statistic: null,
    df: null,
    p: null,
    pMethod: null,
    effectSizes: none,
    flags: ['too_few_groups'],
    mannWhitney: null,
    kruskalWallis: null,
  };
}
