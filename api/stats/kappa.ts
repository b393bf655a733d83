/** Cohen's κ between two rounds (consensus-methods.md §7.4). */
import type { KappaResult } from '../contract/statistics';
export type { KappaResult };

/**
 * κ = (p_o − p_e)/(1 − p_e) on the K×K table of paired category indices (0..K−1), and the
 * linearly weighted κ_w = 1 − Σw̄·o/Σw̄·e with disagreement weights |i−j|/(K−1).
 * Edge cases: n = 0 → nulls; p_e = 1 (both rounds in one and the same category) → κ null.
 */
export function cohensKappa(before: readonly number[], after: readonly number[], categories: number): KappaResult {
  if (before.length !== after.length) throw new RangeError('paired samples need equal lengths');
  const n = before.length;
  const empty = { categories, n, po: null, pe: null, kappa: null, weightedKappa: null };
  if (n === 0 || categories < 2) return empty;
  const table = Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
  const rows = new Array<number>(categories).fill(0);
  const cols = new Array<number>(categories).fill(0);
  for (let i = 0; i < n; i++) {
    table[before[i]][after[i]]++;
    rows[before[i]]++;
    cols[after[i]]++;
  }
  let po = 0;
  let pe = 0;
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < categories; i++) {
    po += table[i][i] / n;
    pe += (rows[i] * cols[i]) / (n * n);
    for (let j = 0; j < categories; j++) {
      const weight = Math.abs(i - j) / (categories - 1);
      observedDisagreement += (weight * table[i][j]) / n;
      expectedDisagreement += (weight * rows[i] * cols[j]) / (n * n);
    }
  }
  return {
    categories,
    n,
    po,
    pe,
    kappa: pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe),
    weightedKappa: expectedDisagreement <= 1e-12 ? null : 1 - observedDisagreement / expectedDisagreement,
  };
}
