/** Mann–Whitney U test for two subgroups (consensus-methods.md §8.1). */
import { normalTwoSidedP } from './distributions';
import { hasTies, midranks, tieTerm } from './ranks';
import type { MannWhitneyResult } from '../contract/statistics';
export type { MannWhitneyResult };

/**
 * Two-sided Mann–Whitney U, as R's wilcox.test(x, y) does by default:
 * exact null distribution of U when there are no ties and n1, n2 < 50; otherwise the
 * tie-corrected normal approximation μ = n1n2/2,
 * σ² = (n1n2/12)·[(N+1) − Σ(t³−t)/(N(N−1))], z = (U1 − μ − 0.5·sgn(U1 − μ))/σ, p = 2(1 − Φ(|z|)).
 * Deviation from §8.1's "exact only when n1, n2 ≤ 8": the R rule (< 50) is used, per issue 3.
 * Edge cases: a sample with n = 0 → nulls, flag empty_group; σ = 0 (all ratings equal) → p = 1,
 * z null, flag no_variation (as scipy).
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  const empty: MannWhitneyResult = {
    n1,
    n2,
    r1: null,
    u1: null,
    u2: null,
    z: null,
    zCorrected: null,
    p: null,
    method: null,
    rankBiserial: null,
    r: null,
    flags: ['empty_group'],
  };
  if (n1 === 0 || n2 === 0) return empty;
  const pooled = [...x, ...y];
  const ranks = midranks(pooled);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm(pooled) / (n * (n - 1))));
  const common = { n1, n2, r1, u1, u2, rankBiserial: (u1 - u2) / (n1 * n2) };
  if (!(sigma > 0)) {
    return { ...common, z: null, zCorrected: null, p: 1, method: 'normal', r: null, flags: ['no_variation'] };
  }
  const z = (u1 - mu) / sigma;
  const zCorrected = (u1 - mu - 0.5 * Math.sign(u1 - mu)) / sigma;
  const exact = !hasTies(pooled) && n1 < 50 && n2 < 50;
  const p = exact ? exactTwoSidedP(u1, n1, n2) : normalTwoSidedP(zCorrected);
  return { ...common, z, zCorrected, p, method: exact ? 'exact' : 'normal', r: z / Math.sqrt(n), flags: [] };
}

/**
 * Exact two-sided p for an integer U1 (R: 2·P(U ≥ U1) above the mean, 2·P(U ≤ U1) otherwise,
 * capped at 1), from the null distribution of U.
 */
export function exactTwoSidedP(u1: number, n1: number, n2: number): number {
  const pmf = uDistribution(n1, n2);
  let tail = 0;
  if (u1 > (n1 * n2) / 2) {
    for (let u = Math.ceil(u1); u < pmf.length; u++) tail += pmf[u];
  } else {
    for (let u = 0; u <= Math.floor(u1); u++) tail += pmf[u];
  }
  return Math.min(1, 2 * tail);
}

const cache = new Map<string, Float64Array>();

/**
 * P(U = u), u = 0..n1·n2, for samples of n1 and n2 without ties, by the recursion
 * c(i, j, u) = c(i−1, j, u−j) + c(i, j−1, u) on counts of arrangements (all terms positive, so no
 * cancellation), divided by C(n1+n2, n1). Memoised per (n1, n2).
 */
export function uDistribution(n1: number, n2: number): Float64Array {
  const key = `${n1},${n2}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // counts[j] holds c(i, j, ·) for the current i; start with i = 0: only u = 0, one arrangement.
  let counts: Float64Array[] = Array.from({ length: n2 + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= n1; i++) {
    const next: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n2; j++) {
      const row = new Float64Array(i * j + 1);
      const fromPrevI = counts[j];
      for (let u = j; u < row.length && u - j < fromPrevI.length; u++) row[u] += fromPrevI[u - j];
      const fromPrevJ = next[j - 1];
      for (let u = 0; u < fromPrevJ.length; u++) row[u] += fromPrevJ[u];
      next.push(row);
    }
    counts = next;
  }
  const final = counts[n2];
  const total = final.reduce((a, b) => a + b, 0);
  const pmf = final.map((c) => c / total);
  cache.set(key, pmf);
  return pmf;
}
