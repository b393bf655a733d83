/** Kruskal–Wallis H test for three or more subgroups (consensus-methods.md §8.2). */
import { chiSquareUpperP } from './distributions';
import { midranks, tieTerm } from './ranks';
import type { KruskalWallisResult } from '../contract/statistics';
export type { KruskalWallisResult };

/**
 * H = [12/(N(N+1))·Σ R_g²/n_g − 3(N+1)] / [1 − Σ(t³−t)/(N³−N)], df = k − 1, p = 1 − F_χ²(H; df),
 * ε² = H/(N − 1). Empty groups are ignored. Edge cases: fewer than 2 non-empty groups → nulls,
 * flag too_few_groups; all ratings equal (C = 0) → H and p null, flag no_variation (scipy and
 * @stdlib return NaN); any n_g < 5 → flag small_group (weak χ² approximation).
 */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalWallisResult {
  const nonEmpty = groups.filter((g) => g.length > 0);
  // A plain loop: Array.prototype.flat is many times slower here and showed in profiles.
  const pooled: number[] = [];
  for (const g of nonEmpty) for (let i = 0; i < g.length; i++) pooled.push(g[i]);
  const n = pooled.length;
  const ranks = midranks(pooled);
  const rankSums: number[] = [];
  let offset = 0;
  for (const g of nonEmpty) {
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += ranks[offset + i];
    rankSums.push(sum);
    offset += g.length;
  }
  const k = nonEmpty.length;
  const flags: KruskalWallisResult['flags'] = nonEmpty.some((g) => g.length < 5) ? ['small_group'] : [];
  const base = { k, n, h: null, hUncorrected: null, tieFactor: null, df: null, p: null, epsilonSquared: null, rankSums };
  if (k < 2) return { ...base, flags: ['too_few_groups', ...flags] };
  let weighted = 0;
  for (let g = 0; g < k; g++) weighted += (rankSums[g] * rankSums[g]) / nonEmpty[g].length;
  const hUncorrected = (12 / (n * (n + 1))) * weighted - 3 * (n + 1);
  const tieFactor = 1 - tieTerm(pooled) / (n * n * n - n);
  if (!(tieFactor > 1e-12)) return { ...base, hUncorrected, tieFactor: 0, df: k - 1, flags: ['no_variation', ...flags] };
  const h = Math.max(0, hUncorrected / tieFactor);
  return {
    ...base,
    h,
    hUncorrected,
    tieFactor,
    df: k - 1,
    p: chiSquareUpperP(h, k - 1),
    epsilonSquared: h / (n - 1),
    flags,
  };
}
