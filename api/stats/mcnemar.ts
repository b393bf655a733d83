/** McNemar test on the dichotomised agreement band between two rounds (consensus-methods.md §7.3). */
import { binomialLowerP, chiSquareUpperP } from './distributions';
import type { McNemarResult } from '../contract/statistics';
export type { McNemarResult };

/**
 * McNemar from paired booleans (true = rating inside the agreement band) in rounds r−1 and r.
 * Edge case: b + c = 0 → every p = 1 (exact) or null (χ²), flag no_change (§7.3).
 */
export function mcnemar(before: readonly boolean[], after: readonly boolean[]): McNemarResult {
  if (before.length !== after.length) throw new RangeError('paired samples need equal lengths');
  let b = 0;
  let c = 0;
  for (let i = 0; i < before.length; i++) {
    if (!before[i] && after[i]) b++;
    if (before[i] && !after[i]) c++;
  }
  const total = b + c;
  if (total === 0) {
    return { b, c, pExact: 1, chi2: null, pChi2: null, chi2Corrected: null, pChi2Corrected: null, flags: ['no_change'] };
  }
  const chi2 = (b - c) ** 2 / total;
  const chi2Corrected = Math.max(0, Math.abs(b - c) - 1) ** 2 / total;
  return {
    b,
    c,
    pExact: Math.min(1, 2 * binomialLowerP(Math.min(b, c), total, 0.5)),
    chi2,
    pChi2: chiSquareUpperP(chi2, 1),
    chi2Corrected,
    pChi2Corrected: chiSquareUpperP(chi2Corrected, 1),
    flags: [],
  };
}
