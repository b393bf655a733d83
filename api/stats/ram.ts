/** RAND/UCLA Appropriateness Method module, 1–9 scales only (consensus-methods.md §4). */
import { countInRange } from './describe';
import { quantileCenti, type QuantileMethod } from './quantiles';
import type { ClassicMethod, RamClass, RandBlock } from '../contract/statistics';
export type { ClassicMethod, RamClass, RandBlock };

/** The three final RAND/UCLA classes (§4.1). */
export const RAM_CLASSES: readonly RamClass[] = ['appropriate', 'uncertain', 'inappropriate'];

/** The exact IPRAS comparison in integers, §4.3: disagreement ⇔ 4·(c70 − c30) > 940 + 3·|1000 − (c30 + c70)|. */
export interface IprasExact {
  /** 400·IPR = 4·(c70 − c30). */
  ipr400: number;
  /** 400·IPRAS = 940 + 3·|1000 − (c30 + c70)|, always ≥ 940. */
  ipras400: number;
  disagreement: boolean;
}

/**
 * IPRAS from the 30th and 70th percentiles in centi-points (§4.3):
 * IPR = P70 − P30, IPRAS = 2.35 + 1.5·|5 − (P30 + P70)/2|, disagreement ⇔ IPR > IPRAS (strict),
 * compared as 400·IPR > 400·IPRAS in integers.
 */
export function iprasExact(c30: number, c70: number): IprasExact {
  const ipr400 = 4 * (c70 - c30);
  const ipras400 = 940 + 3 * Math.abs(1000 - (c30 + c70));
  return { ipr400, ipras400, disagreement: ipr400 > ipras400 };
}

/**
 * Median tertile (§4.1, design choice for between-tertile medians): median ≥ 7 → appropriate,
 * median ≤ 3 → inappropriate, otherwise uncertain (so 3.5 and 6.5 are uncertain).
 */
export function medianTertile(median: number): RamClass {
  if (median >= 7) return 'appropriate';
  if (median <= 3) return 'inappropriate';
  return 'uncertain';
}

/** Classic method A counts for ascending 1–9 ratings with the given median (see ClassicMethod). */
export function classicMethod(sorted: readonly number[], median: number | null): ClassicMethod {
  const n = sorted.length;
  const extrapolated = n < 8 || n > 16;
  if (n < 3 || median === null) {
    return { agreement: null, disagreement: null, outsideMedianRegion: null, agreementMax: null, disagreementMin: null, extrapolated };
  }
  const d = Math.floor((n + 1) / 3);
  const region = medianTertile(median);
  const [lo, hi] = region === 'appropriate' ? [7, 9] : region === 'inappropriate' ? [1, 3] : [4, 6];
  const outside = n - countInRange(sorted, lo, hi);
  return {
    agreement: outside <= d - 1,
    disagreement: countInRange(sorted, 1, 3) >= d && countInRange(sorted, 7, 9) >= d,
    outsideMedianRegion: outside,
    agreementMax: d - 1,
    disagreementMin: d,
    extrapolated,
  };
}

/**
 * RAND/UCLA block for ascending ratings on a 1–9 scale (the caller checks the scale):
 * P30/P70 by the configured quantile method, IPR, IPRCP = (P30+P70)/2, AI = |5 − IPRCP|,
 * IPRAS = 2.35 + 1.5·AI, DI = IPR/IPRAS, exact disagreement test, classic method, final class.
 * Edge cases: n = 0 → nulls; n < 3 → `unstable`; all equal → IPR 0, no disagreement.
 */
export function randUcla(sorted: readonly number[], method: QuantileMethod): RandBlock {
  const n = sorted.length;
  const c50 = quantileCenti(sorted, 50, method);
  const c30 = quantileCenti(sorted, 30, method);
  const c70 = quantileCenti(sorted, 70, method);
  const median = c50 === null ? null : c50 / 100;
  const tertile = median === null ? null : medianTertile(median);
  const exact = c30 === null || c70 === null ? null : iprasExact(c30, c70);
  const classic = classicMethod(sorted, median);
  const classify = (disagreement: boolean | null): RamClass | null => (tertile === null || disagreement === null ? null : disagreement ? 'uncertain' : tertile);
  return {
    n,
    median,
    tertile,
    nLow: countInRange(sorted, 1, 3),
    nMid: countInRange(sorted, 4, 6),
    nHigh: countInRange(sorted, 7, 9),
    p30: c30 === null ? null : c30 / 100,
    p70: c70 === null ? null : c70 / 100,
    ipr: exact === null ? null : exact.ipr400 / 400,
    iprcp: c30 === null || c70 === null ? null : (c30 + c70) / 200,
    ai: c30 === null || c70 === null ? null : Math.abs(1000 - (c30 + c70)) / 200,
    ipras: exact === null ? null : exact.ipras400 / 400,
    di: exact === null ? null : exact.ipr400 / exact.ipras400,
    disagreementIpras: exact === null ? null : exact.disagreement,
    classic,
    ramClass: classify(exact === null ? null : exact.disagreement),
    ramClassClassic: classify(classic.disagreement),
    unstable: n < 3,
    methodUsed: 'ipras',
    quantileMethod: method,
  };
}
