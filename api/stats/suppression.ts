/**
 * Small-cell suppression for presentation (design.md "Anonymity model"; quality.md "the suppressed
 * value cannot be derived from totals"). The engine computes everything; this hides it.
 */
import { asymmetryOf } from './asymmetry';
import { compareText } from './metric-scope';
import type { GroupComparison, GroupResult, ItemRoundResult } from './round-result';

/**
 * A copy of `result` in which every group with n_valid < k has its counts, statistics and verdict
 * nulled (`suppressed: true`). Complementary suppression (design choice): when exactly one group
 * of a dimension is below k, the next-smallest group (fewest valid ratings, then name) is
 * suppressed too, because overall − Σ(other groups) would otherwise reveal the hidden one.
 * In a dimension with any suppressed group the test statistic, p and effect sizes are nulled as
 * well (a U or H over a group of 1–2 ratings exposes their ranks), and so are recorded rule
 * metrics that read a suppressed group (group("x").…) or a minimum over groups.
 * The overall statistics stay: they are over the whole panel. k must be an integer ≥ 3 (design.md:
 * "never below 3"); RangeError otherwise.
 */
export function suppressSmallGroups(result: ItemRoundResult, k: number): ItemRoundResult {
  if (!Number.isInteger(k) || k < 3) throw new RangeError(`suppression threshold k must be an integer of at least 3, got ${k}`);
  const copy = structuredClone(result);
  const hidden = new Set<string>();
  for (const [dimension, comparison] of Object.entries(copy.groups)) {
    const names = groupsToSuppress(comparison.perGroup, k);
    if (names.size === 0) continue;
    for (const name of names) hidden.add(name);
    copy.groups[dimension] = suppressComparison(comparison, names);
    const previous = copy.asymmetry[dimension];
    if (previous) copy.asymmetry[dimension] = asymmetryOf(copy.groups[dimension], previous.alpha);
  }
  if (hidden.size > 0) {
    for (const key of Object.keys(copy.metricsUsed)) {
      if (key.startsWith('min_over_groups(') || [...hidden].some((name) => readsGroup(key, name))) copy.metricsUsed[key] = null;
    }
    const texts = Object.values(copy.asymmetry).flatMap((a) => (a.headline === null ? [] : [a.headline]));
    copy.headline = texts.length === 0 ? null : texts.join(' | ');
  }
  return copy;
}

/** Names of the groups to hide in one dimension: those below k, plus a complement when only one is. */
export function groupsToSuppress(groups: readonly GroupResult[], k: number): Set<string> {
  const size = (g: GroupResult) => g.nValid ?? 0;
  const small = groups.filter((g) => g.suppressed || size(g) < k);
  const names = new Set(small.map((g) => g.group));
  if (names.size === 1) {
    const next = groups
      .filter((g) => !names.has(g.group))
      .sort((a, b) => size(a) - size(b) || compareText(a.group, b.group))[0];
    if (next) names.add(next.group);
  }
  return names;
}

function suppressComparison(comparison: GroupComparison, names: ReadonlySet<string>): GroupComparison {
  return {
    ...comparison,
    statistic: null,
    df: null,
    p: null,
    pAdjusted: null,
    pMethod: null,
    effectSizes: { rankBiserial: null, r: null, epsilonSquared: null },
    mannWhitney: null,
    kruskalWallis: null,
    suppressed: true,
    perGroup: comparison.perGroup.map((g) =>
      names.has(g.group)
        ? { ...g, nValid: null, nNoOpinion: null, stats: null, rand: null, outcome: null, decidedBy: null, ruleIndex: null, guard: null, suppressed: true }
        : g,
    ),
  };
}

function readsGroup(key: string, group: string): boolean {
  const escaped = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`group\\(\\s*["']([^"'=:]*[=:]\\s*)?${escaped}\\s*["']`).test(key);
}
