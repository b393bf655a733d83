/** Kendall's coefficient of concordance W for rankings (consensus-methods.md §6). */
import { chiSquareUpperP } from './distributions';
import { finiteOrNull } from './finite';
import { midranks, tieTerm } from './ranks';
import { DEFAULT_SEED, mulberry32, shuffleInPlace, type Rng } from './rng';

/** Schmidt (1997) anchors, banded "floor to anchor" (§6.3, design choice). */
export type SchmidtBand = 'none' | 'very_weak' | 'weak' | 'moderate' | 'strong' | 'unusually_strong';

export interface KendallOptions {
  /** Seed of the permutation test (default DEFAULT_SEED); ignored when `rng` is given. */
  seed?: number;
  /** A seeded generator to use instead of creating one from `seed`. */
  rng?: Rng;
  /** Permutations B (default 9 999); 0 disables the permutation p. */
  permutations?: number;
  /** Largest number of items for which the permutation p is computed (default 7, §6.2). */
  maxItemsForPermutation?: number;
}

export interface KendallResult {
  /** Panelists (rows) and items (columns). */
  m: number;
  n: number;
  /** Tie-corrected W; null when m < 2, n < 2 or there is no variation. */
  w: number | null;
  wUncorrected: number | null;
  chi2: number | null;
  df: number | null;
  p: number | null;
  /** Mean pairwise Spearman ρ = (mW − 1)/(m − 1). */
  rhoBar: number | null;
  band: SchmidtBand | null;
  /** Rank sums R_i and mean ranks per item (column order); null when m = 0. */
  rankSums: number[] | null;
  meanRanks: number[] | null;
  /** (#{W* ≥ W} + 1)/(B + 1); null when not computed (n > 7, B = 0 or W null). */
  permutationP: number | null;
  permutations: number | null;
  seed: number | null;
  flags: ('too_few' | 'no_variation')[];
}

/** Schmidt band of W (§6.3): [0,.1) none, [.1,.3) very weak, [.3,.5) weak, [.5,.7) moderate, [.7,.9) strong, ≥ .9 unusually strong. */
export function schmidtBand(w: number): SchmidtBand {
  if (w >= 0.9) return 'unusually_strong';
  if (w >= 0.7) return 'strong';
  if (w >= 0.5) return 'moderate';
  if (w >= 0.3) return 'weak';
  if (w >= 0.1) return 'very_weak';
  return 'none';
}

/**
 * Kendall's W with tie correction (§6.2, NAG g08da):
 * R_i = Σ_j r_ij, S = Σ(R_i − m(n+1)/2)², T_j = Σ(t³ − t) within panelist j,
 * W = 12S / (m²(n³ − n) − mΣT_j); χ² = m(n−1)W (= tie-corrected Friedman), df = n − 1;
 * ρ̄ = (mW − 1)/(m − 1). For n ≤ 7 also a permutation p: each panelist's ranks are shuffled
 * independently B times with a seeded generator, p = (#{W* ≥ W} + 1)/(B + 1).
 * Edge cases: m < 2 or n < 2 → nulls, flag too_few; zero denominator → nulls, flag no_variation;
 * identical strict rankings → W = 1. Rows must all have n entries (RangeError otherwise).
 */
export function kendallW(ranks: readonly (readonly number[])[], opts: KendallOptions = {}): KendallResult {
  const m = ranks.length;
  const n = m === 0 ? 0 : ranks[0].length;
  if (ranks.some((row) => row.length !== n)) throw new RangeError('every ranking row needs the same number of items');
  const rankSums = m === 0 ? null : columnSums(ranks, n);
  const base: KendallResult = {
    m,
    n,
    w: null,
    wUncorrected: null,
    chi2: null,
    df: null,
    p: null,
    rhoBar: null,
    band: null,
    rankSums,
    meanRanks: rankSums === null ? null : rankSums.map((r) => r / m),
    permutationP: null,
    permutations: null,
    seed: null,
    flags: [],
  };
  if (m < 2 || n < 2 || rankSums === null) return { ...base, flags: ['too_few'] };
  const full = m * m * (n * n * n - n);
  const ties = ranks.reduce((acc, row) => acc + tieTerm(row), 0);
  const denominator = full - m * ties;
  if (denominator <= 0) return { ...base, flags: ['no_variation'] };
  const s = spread(rankSums, m, n);
  const w = (12 * s) / denominator;
  const chi2 = m * (n - 1) * w;
  const result: KendallResult = {
    ...base,
    w,
    wUncorrected: (12 * s) / full,
    chi2,
    df: n - 1,
    p: chiSquareUpperP(chi2, n - 1),
    rhoBar: finiteOrNull((m * w - 1) / (m - 1)),
    band: schmidtBand(w),
  };
  const permutations = opts.permutations ?? 9999;
  if (n > (opts.maxItemsForPermutation ?? 7) || permutations <= 0) return result;
  const seed = opts.rng ? null : (opts.seed ?? DEFAULT_SEED);
  const rng = opts.rng ?? mulberry32(seed ?? DEFAULT_SEED);
  return {
    ...result,
    permutationP: permutationP(ranks, s, permutations, rng),
    permutations,
    seed,
  };
}

/**
 * Within-panelist midranks of ratings, for W over a block of rating items (§6.1, SPSS "K related
 * samples"): each row is ranked across its items, ties sharing the mean position. Rows containing
 * null are dropped (listwise deletion, the §6.1 default); compare lengths to get m_excluded.
 */
export function ranksFromRatings(rows: readonly (readonly (number | null)[])[]): number[][] {
  return rows.filter((row): row is readonly number[] => row.every((v) => v !== null)).map((row) => midranks(row));
}

/**
 * A partial (top-k) ranking completed by the midrank convention (§6.1): unranked items (null)
 * share the mean of the unused positions, e.g. a top-3 of 6 gives the rest (4+5+6)/3 = 5.
 * Ranked items keep their positions (1..k assumed distinct or already midranked).
 */
export function completePartialRanking(row: readonly (number | null)[]): number[] {
  const ranked = row.filter((r): r is number => r !== null).length;
  const missing = row.length - ranked;
  const fill = missing === 0 ? 0 : (ranked + 1 + row.length) / 2;
  return row.map((r) => (r === null ? fill : r));
}

function columnSums(ranks: readonly (readonly number[])[], n: number): number[] {
  const sums = new Array<number>(n).fill(0);
  for (const row of ranks) for (let i = 0; i < n; i++) sums[i] += row[i];
  return sums;
}

function spread(rankSums: readonly number[], m: number, n: number): number {
  const mean = (m * (n + 1)) / 2;
  return rankSums.reduce((acc, r) => acc + (r - mean) ** 2, 0);
}

function permutationP(ranks: readonly (readonly number[])[], s: number, b: number, rng: Rng): number {
  const m = ranks.length;
  const n = ranks[0].length;
  const rows = ranks.map((row) => [...row]);
  const sums = new Array<number>(n);
  // Midranks are multiples of 0.5, so S is exact in binary floating point up to a tiny tolerance.
  const threshold = s - 1e-9 * Math.max(1, s);
  let atLeast = 0;
  for (let k = 0; k < b; k++) {
    sums.fill(0);
    for (const row of rows) {
      shuffleInPlace(row, rng);
      for (let i = 0; i < n; i++) sums[i] += row[i];
    }
    if (spread(sums, m, n) >= threshold) atLeast++;
  }
  return (atLeast + 1) / (b + 1);
}
