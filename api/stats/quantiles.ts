/** Sample quantiles in exact integer arithmetic (consensus-methods.md §2). */
import type { QuantileMethod } from '../contract/protocol';
export type { QuantileMethod };

/** Both supported methods; hf7 is the default (§2.4). */
export const QUANTILE_METHODS: readonly QuantileMethod[] = ['hf7', 'hf6'];

/** The method a sensitivity check compares against (§2.4). */
export function otherQuantileMethod(method: QuantileMethod): QuantileMethod {
  return method === 'hf7' ? 'hf6' : 'hf7';
}

/**
 * 100·Q(P/100) of ascending integer ratings, as an integer ("centi-points"), §2.3:
 * - hf7: N = (n−1)·P + 100; hf6: N = (n+1)·P; j = ⌊N/100⌋, r = N mod 100;
 *   100·Q = 100·x₍ⱼ₎ + r·(x₍ⱼ₊₁₎ − x₍ⱼ₎) (1-based order statistics).
 * - hf7 drops the second term when j = n; hf6 clamps to x₍₁₎ when j < 1 and to x₍ₙ₎ when j ≥ n.
 * Edge cases: n = 0 → null. P must be an integer in [0, 100] (RangeError otherwise).
 * With non-integer data the result is still 100·Q, just not an integer.
 */
export function quantileCenti(sorted: readonly number[], percent: number, method: QuantileMethod): number | null {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`quantile percent must be an integer in 0..100, got ${percent}`);
  }
  const n = sorted.length;
  if (n === 0) return null;
  const big = method === 'hf7' ? (n - 1) * percent + 100 : (n + 1) * percent;
  const j = Math.floor(big / 100);
  const r = big % 100;
  if (method === 'hf6') {
    if (j < 1) return 100 * sorted[0];
    if (j >= n) return 100 * sorted[n - 1];
  }
  const lower = sorted[j - 1];
  if (j >= n) return 100 * lower;
  return 100 * lower + r * (sorted[j] - lower);
}

/** Q(P/100) as a display number (centi-points / 100); null when n = 0. Same rules as quantileCenti. */
export function quantile(sorted: readonly number[], percent: number, method: QuantileMethod): number | null {
  const c = quantileCenti(sorted, percent, method);
  return c === null ? null : c / 100;
}

/** Median, quartiles and IQR in centi-points; all null when n = 0. Types 6 and 7 share the median (§2.2). */
export interface QuartilesCenti {
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
}

/** Q(0.25), Q(0.5), Q(0.75) and IQR = Q3 − Q1 in centi-points (§2.2, §3). */
export function quartilesCenti(sorted: readonly number[], method: QuantileMethod): QuartilesCenti {
  const q1 = quantileCenti(sorted, 25, method);
  const q3 = quantileCenti(sorted, 75, method);
  return {
    median: quantileCenti(sorted, 50, method),
    q1,
    q3,
    iqr: q1 === null || q3 === null ? null : q3 - q1,
  };
}
