/**
 * Attrition bias (consensus-methods.md §18): do the panelists who left after round r rate an item
 * differently in round r from those who stayed? If so, round r + 1's figures drift towards the
 * stayers' views, and the report must not read that drift as a change of opinion.
 *
 * Sources: Sinha, Smyth & Williamson, PLoS Med 2011;8:e1000393 (minimise attrition); COMET
 * Handbook 2017 (compare completers' and non-completers' earlier scores).
 */
import { normalTwoSidedP } from './distributions';
import { mannWhitney } from './mann-whitney';
import { holm } from './multiplicity';
import { quantile } from './quantiles';

/** One panelist's answer to the item in round r; null = "cannot judge" (not a valid rating). */
export interface AttritionAnswer {
  panelist: string;
  value: number | null;
}

export interface AttritionResult {
  /** Valid raters of the item in round r who answered anything in round r + 1 (group 1). */
  nStayed: number;
  /** Valid raters of the item in round r with no answer at all in round r + 1. */
  nLeft: number;
  /** Mann–Whitney U of the stayers: R_stayed − n1(n1+1)/2. */
  u: number;
  /** Tie-corrected z with continuity correction; null when every rating is equal. */
  z: number | null;
  /** Two-sided p of z; 1 when every rating is equal. */
  p: number;
  /** (U1 − U2)/(n1·n2): positive when the stayers rated higher. */
  rankBiserial: number;
  medianStayed: number;
  medianLeft: number;
  flags: 'no_variation'[];
}

export interface ItemAttrition extends AttritionResult {
  /** Holm-adjusted p across the tested items of the round (and criterion). */
  pHolm: number;
}

export interface RoundAttrition {
  /** In the order of the input; null where either group is empty. */
  items: (ItemAttrition | null)[];
  /** Items tested (both groups non-empty). */
  m: number;
  /** Items with Holm p < alpha: "k of m items differ between stayers and leavers". */
  nDiffering: number;
}

/**
 * Stayers vs leavers for one item of round r (§18), with the Mann–Whitney test of §8.1 and the
 * stayers as group 1: μ = n1n2/2, σ² = (n1n2/12)·[(N+1) − Σ(t³−t)/(N(N−1))],
 * z = (U1 − μ − 0.5·sgn(U1 − μ))/σ, p = 2(1 − Φ(|z|)); always the normal approximation, as §18
 * asks (scipy mannwhitneyu(stayed, left, use_continuity=True, method='asymptotic')).
 * Stayers: panelists with a valid rating of the item in r who are in answeredNext (any answer,
 * rating or "cannot judge", to any item in r + 1; the caller builds that set). Leavers: the other
 * valid raters, including panelists withdrawn by the facilitator.
 * Edge cases: either group empty → null; σ = 0 (all ratings equal) → z null, p = 1, flag
 * no_variation. Throws RangeError when a panelist answers twice.
 */
export function attritionBias(answers: readonly AttritionAnswer[], answeredNext: ReadonlySet<string>): AttritionResult | null {
  const stayed: number[] = [];
  const left: number[] = [];
  const seen = new Set<string>();
  for (const a of answers) {
    if (seen.has(a.panelist)) throw new RangeError(`attrition: panelist ${a.panelist} answers the item twice`);
    seen.add(a.panelist);
    if (a.value === null) continue;
    (answeredNext.has(a.panelist) ? stayed : left).push(a.value);
  }
  if (stayed.length === 0 || left.length === 0) return null;
  const test = mannWhitney(stayed, left);
  const z = test.zCorrected;
  return {
    nStayed: stayed.length,
    nLeft: left.length,
    u: test.u1 as number,
    z,
    p: z === null ? 1 : normalTwoSidedP(z),
    rankBiserial: test.rankBiserial as number,
    medianStayed: median(stayed),
    medianLeft: median(left),
    flags: z === null ? ['no_variation'] : [],
  };
}

/**
 * attritionBias for every item of one round (one criterion), with Holm's step-down adjustment
 * across the items that could be tested (§18, §8.3), and the count of items with Holm p < alpha.
 * Items with an empty group stay null and are not counted in m.
 */
export function roundAttrition(items: readonly (readonly AttritionAnswer[])[], answeredNext: ReadonlySet<string>, alpha = 0.05): RoundAttrition {
  const results = items.map((answers) => attritionBias(answers, answeredNext));
  const adjusted = holm(results.map((r) => (r === null ? null : r.p)));
  const out = results.map((r, i) => (r === null ? null : { ...r, pHolm: adjusted[i] as number }));
  const tested = out.filter((r): r is ItemAttrition => r !== null);
  return { items: out, m: tested.length, nDiffering: tested.filter((r) => r.pHolm < alpha).length };
}

function median(values: readonly number[]): number {
  // Types 6 and 7 share the median (§2.2), so the study's quantile method does not matter here.
  return quantile(
    [...values].sort((a, b) => a - b),
    50,
    'hf7',
  ) as number;
}
