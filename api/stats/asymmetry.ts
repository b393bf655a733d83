/**
 * The asymmetry view: does consensus hold in some groups and not others, and do the groups' ratings
 * differ after the multiplicity adjustment? (issue 3; framework.md "Why subgroups matter here".)
 */
import type { AsymmetryEntry, GroupComparison } from './round-result';

/**
 * Sorts each group by its verdict: holdsIn (a rule fired), failsIn (default outcome),
 * insufficientIn (guard or undetermined rule, which includes every group with
 * n_valid < min_valid_n), suppressedIn. split ⇔ at least two distinct outcomes among holdsIn ∪
 * failsIn; differs ⇔ pAdjusted < α (null without a test).
 */
export function asymmetryOf(comparison: GroupComparison, alpha: number): AsymmetryEntry {
  const holdsIn: string[] = [];
  const failsIn: string[] = [];
  const insufficientIn: string[] = [];
  const suppressedIn: string[] = [];
  const outcomeByGroup: Record<string, string> = {};
  for (const g of comparison.perGroup) {
    if (g.suppressed) suppressedIn.push(g.group);
    else if (g.decidedBy === 'rule' || g.decidedBy === 'default') {
      (g.decidedBy === 'rule' ? holdsIn : failsIn).push(g.group);
      outcomeByGroup[g.group] = g.outcome as string;
    } else insufficientIn.push(g.group);
  }
  const split = new Set(Object.values(outcomeByGroup)).size > 1;
  const differs = comparison.pAdjusted === null ? null : comparison.pAdjusted < alpha;
  return {
    dimension: comparison.dimension,
    holdsIn,
    failsIn,
    insufficientIn,
    suppressedIn,
    outcomeByGroup,
    split,
    differs,
    alpha,
    pAdjusted: comparison.pAdjusted,
    headline: split || differs === true ? headline(comparison, outcomeByGroup, split, differs === true) : null,
  };
}

/**
 * "sector: consensus_in in health; no_consensus in social_care, voluntary. Groups differ
 * (Kruskal-Wallis, adjusted p = 0.012)."
 */
function headline(comparison: GroupComparison, outcomeByGroup: Record<string, string>, split: boolean, differs: boolean): string {
  const byOutcome = new Map<string, string[]>();
  for (const [group, outcome] of Object.entries(outcomeByGroup)) {
    const list = byOutcome.get(outcome) ?? [];
    list.push(group);
    byOutcome.set(outcome, list);
  }
  const verdicts = [...byOutcome.entries()].map(([outcome, groups]) => `${outcome} in ${groups.join(', ')}`).join('; ');
  const test = comparison.test === 'mann-whitney' ? 'Mann-Whitney' : 'Kruskal-Wallis';
  const difference = differs ? `Groups differ (${test}, adjusted p = ${formatP(comparison.pAdjusted as number)}).` : '';
  if (split) return `${comparison.dimension}: ${verdicts}.${difference ? ` ${difference}` : ''}`;
  if (verdicts === '') return `${comparison.dimension}: ${difference} No group has enough data for a verdict.`;
  return `${comparison.dimension}: ${difference} Same verdict in every group with enough data (${verdicts}).`;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
