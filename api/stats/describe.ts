/** Per-item descriptive statistics for one round and one (sub)group (consensus-methods.md §3). */
import { quartilesCenti, type QuantileMethod } from './quantiles';
import type { Bands, Scale } from './scale';
import type { BandShare, Descriptives, FreqEntry } from '../contract/statistics';
import type { NoOpinionPolicy } from '../contract/protocol';
export type { NoOpinionPolicy };
export type { BandShare, Descriptives, FreqEntry };

export interface DescribeOptions {
  scale: Scale;
  bands: Bands;
  quantileMethod: QuantileMethod;
  noOpinionPolicy: NoOpinionPolicy;
  nNoOpinion: number;
  nSkipped: number | null;
}

/** Ascending copy of the ratings. */
export function sortRatings(values: readonly number[]): number[] {
  // Ratings are small integers: a counting sort is linear and several times faster than a
  // comparison sort, which dominated the cost of an item's statistics.
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isInteger(v)) return [...values].sort((a, b) => a - b);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) return [];
  if (max - min > 1000) return [...values].sort((a, b) => a - b);
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const v of values) counts[v - min]++;
  const out = new Array<number>(values.length);
  let i = 0;
  for (let k = 0; k < counts.length; k++) for (let c = counts[k]; c > 0; c--) out[i++] = k + min;
  return out;
}

/**
 * Number of ratings with lo ≤ x ≤ hi in an ascending array, by two binary searches: a close asks
 * this of every (sub)group several times (bands, RAND/UCLA tertiles, content validity).
 */
export function countInRange(sorted: readonly number[], lo: number, hi: number): number {
  // Also an empty range for NaN bounds, as comparing with NaN is always false.
  if (!(lo <= hi)) return 0;
  return firstAbove(sorted, hi) - firstAtLeast(sorted, lo);
}

/** Index of the first element ≥ x (the length when there is none). */
function firstAtLeast(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > x (the length when there is none). */
function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Denominator of pct_range under the no-opinion policy (§1.1): n_valid, or n_valid + n_no_opinion. */
export function pctDenominator(nValid: number, nNoOpinion: number, policy: NoOpinionPolicy): number {
  return policy === 'count_in_denominator' ? nValid + nNoOpinion : nValid;
}

/**
 * All §3 statistics for ascending VALID ratings:
 * median/Q1/Q3/IQR by the configured quantile method (§2), mean = Σx/n,
 * sd = √((nΣx² − (Σx)²)/(n(n−1))) (exact integer sums, so all-equal gives exactly 0),
 * cv = sd/mean, mode list with mode_share = max freq / n, band shares 100·k/n.
 * Edge cases per the §3 table: n = 0 → nulls and zero counts; n = 1 → sd, cv null.
 */
export function describeSorted(sorted: readonly number[], opts: DescribeOptions): Descriptives {
  const n = sorted.length;
  const { scale, bands } = opts;
  const { counts, sum, sumSq } = tally(sorted, scale);
  const freq = counts.map((count, i) => ({ value: scale.min + i, count, pct: n === 0 ? null : (100 * count) / n }));
  const maxCount = Math.max(0, ...counts);
  const q = quartilesCenti(sorted, opts.quantileMethod);
  const { mean, sd, cv } = moments(n, sum, sumSq);
  const denominator = pctDenominator(n, opts.nNoOpinion, opts.noOpinionPolicy);
  const kAgree = countInRange(sorted, bands.agree[0], bands.agree[1]);
  const kDisagree = countInRange(sorted, bands.disagree[0], bands.disagree[1]);
  // Outside both bands: n less each band, plus what they share if they overlap.
  const shared = Math.max(bands.agree[0], bands.disagree[0]) <= Math.min(bands.agree[1], bands.disagree[1]);
  const kBoth = shared ? countInRange(sorted, Math.max(bands.agree[0], bands.disagree[0]), Math.min(bands.agree[1], bands.disagree[1])) : 0;
  const kNeutral = n - kAgree - kDisagree + kBoth;
  const answered = n + opts.nNoOpinion;
  return {
    nValid: n,
    nNoOpinion: opts.nNoOpinion,
    nSkipped: opts.nSkipped,
    noOpinionShare: answered === 0 ? null : opts.nNoOpinion / answered,
    freq,
    min: n === 0 ? null : sorted[0],
    max: n === 0 ? null : sorted[n - 1],
    median: centiToNumber(q.median),
    q1: centiToNumber(q.q1),
    q3: centiToNumber(q.q3),
    iqr: centiToNumber(q.iqr),
    mean,
    sd,
    cv,
    mode: n === 0 ? null : freq.filter((f) => f.count === maxCount).map((f) => f.value),
    modeShare: n === 0 ? null : maxCount / n,
    agree: share(kAgree, denominator),
    disagree: share(kDisagree, denominator),
    neutral: share(kNeutral, denominator),
    quantileMethod: opts.quantileMethod,
  };
}

/**
 * Count per scale point, Σx and Σx² of ascending ratings. Each point's count comes from two
 * binary searches, and the sums from the counts, which is exact for integers; when the counts
 * miss a rating (one off the scale's integer points) every rating is read instead.
 */
function tally(sorted: readonly number[], scale: Scale): { counts: number[]; sum: number; sumSq: number } {
  const counts = new Array<number>(scale.max - scale.min + 1);
  let sum = 0;
  let sumSq = 0;
  let counted = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = scale.min + i;
    const c = countInRange(sorted, v, v);
    counts[i] = c;
    counted += c;
    sum += c * v;
    sumSq += c * v * v;
  }
  if (counted === sorted.length) return { counts, sum, sumSq };
  counts.fill(0);
  sum = 0;
  sumSq = 0;
  for (const x of sorted) {
    counts[x - scale.min]++;
    sum += x;
    sumSq += x * x;
  }
  return { counts, sum, sumSq };
}

/** describeSorted on unsorted ratings (the order of the input never matters). */
export function describeRatings(values: readonly number[], opts: DescribeOptions): Descriptives {
  return describeSorted(sortRatings(values), opts);
}

/** Mean, sample SD and CV of ratings (same definitions and edge cases as describeSorted). */
export function meanSdCv(values: readonly number[]): { mean: number | null; sd: number | null; cv: number | null } {
  let sum = 0;
  let sumSq = 0;
  for (const x of values) {
    sum += x;
    sumSq += x * x;
  }
  return moments(values.length, sum, sumSq);
}

function moments(n: number, sum: number, sumSq: number): { mean: number | null; sd: number | null; cv: number | null } {
  const mean = n === 0 ? null : sum / n;
  const sd = n < 2 ? null : Math.sqrt(Math.max(0, n * sumSq - sum * sum) / (n * (n - 1)));
  return { mean, sd, cv: sd === null || mean === null || mean <= 0 ? null : sd / mean };
}

function share(k: number, n: number): BandShare {
  return { k, n, pct: n === 0 ? null : (100 * k) / n };
}

function centiToNumber(c: number | null): number | null {
  return c === null ? null : c / 100;
}
