/** Wilcoxon signed-rank test on paired ratings (consensus-methods.md §7.2). */
import { normalTwoSidedP, signRankLowerP } from './distributions';
import { hasTies, midranks, tieTerm } from './ranks';
import type { WilcoxonResult } from '../contract/statistics';
export type { WilcoxonResult };

/**
 * Paired signed-rank test of d = after − before (§7.2), matching R's wilcox.test defaults and
 * @stdlib/stats-wilcoxon: zeros dropped, |d| midranked, T⁺ and T⁻ reported.
 * Exact distribution when there are no ties, no zeros and n′ < 50 (R's rule):
 * p = min(1, 2·P(T ≤ T⁺)) or min(1, 2·P(T ≥ T⁺)) as T⁺ is below or above n′(n′+1)/4.
 * Otherwise normal: μ = n′(n′+1)/4, σ² = n′(n′+1)(2n′+1)/24 − Σ(t³ − t)/48,
 * z = (T⁺ − μ − 0.5·sgn(T⁺ − μ))/σ, p = 2(1 − Φ(|z|)).
 * Edge cases: n′ = 0 → p null, flag no_change (@stdlib throws here); σ = 0 cannot occur for n′ ≥ 1.
 */
export function wilcoxonSignedRank(before: readonly number[], after: readonly number[]): WilcoxonResult {
  if (before.length !== after.length) throw new RangeError('paired samples need equal lengths');
  const d = after.map((a, i) => a - before[i]).filter((x) => x !== 0);
  const nPairs = before.length;
  const n = d.length;
  const base: WilcoxonResult = {
    nPairs,
    nZero: nPairs - n,
    nNonZero: n,
    tPlus: null,
    tMinus: null,
    z: null,
    zCorrected: null,
    p: null,
    method: null,
    effectR: null,
    flags: [],
  };
  if (n === 0) return { ...base, flags: ['no_change'] };
  const abs = d.map(Math.abs);
  const ranks = midranks(abs);
  let tPlus = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) tPlus += ranks[i];
  const tMinus = (n * (n + 1)) / 2 - tPlus;
  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm(abs) / 48);
  const z = (tPlus - mu) / sigma;
  const zCorrected = (tPlus - mu - 0.5 * Math.sign(tPlus - mu)) / sigma;
  const exact = nPairs === n && n < 50 && !hasTies(abs);
  const p = exact ? Math.min(1, 2 * (tPlus > mu ? 1 - signRankLowerP(tPlus - 1, n) : signRankLowerP(tPlus, n))) : normalTwoSidedP(zCorrected);
  return { ...base, tPlus, tMinus, z, zCorrected, p, method: exact ? 'exact' : 'normal', effectR: z / Math.sqrt(n) };
}
