/**
 * Distribution functions behind every p-value, from the @stdlib per-function packages
 * (consensus-methods.md §11). Wrapped so the rest of the engine never sees NaN.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import signrankCdf from '@stdlib/stats-base-dists-signrank-cdf';

/** Two-sided normal p = 2·Φ(−|z|) (the lower tail keeps precision for large |z|), clamped to [0, 1]. */
export function normalTwoSidedP(z: number): number {
  return clampP(2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Upper tail 1 − F_χ²(x; df) for x ≥ 0, df ≥ 1. */
export function chiSquareUpperP(x: number, df: number): number {
  return clampP(1 - chisquareCdf(x, df));
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerP(k: number, n: number, p: number): number {
  return clampP(binomialCdf(k, n, p));
}

/** P(T⁺ ≤ x) under the exact null distribution of the signed-rank statistic with n pairs. */
export function signRankLowerP(x: number, n: number): number {
  return clampP(signrankCdf(x, n));
}

function clampP(p: number): number {
  if (Number.isNaN(p)) return 1;
  return Math.min(1, Math.max(0, p));
}
