/** Relations between elements: Delphi–DEMATEL (consensus-methods.md §17). */
import { describeRatings, type Descriptives } from './describe';
import { invert, multiply } from './gauss-jordan';
import type { QuantileMethod } from './quantiles';
import { defaultBands, type Bands, type Scale } from './scale';

/** The direct-influence scale: 0 none, 1 low, 2 medium, 3 high, 4 very high (§17). */
export const RELATION_SCALE: Scale = { min: 0, max: 4 };

/** One panelist's rating of how strongly `from` directly influences `to`; null = "cannot judge". */
export interface RelationRating {
  panelist: string;
  from: string;
  to: string;
  rating: number | null;
  /** Subgroup; undefined or '' = in no subgroup. */
  group?: string;
}

export interface Pair {
  from: string;
  to: string;
}

/** The group direct matrix Z: rows "from", columns "to", in the order of `elements`. */
export interface DirectMatrix {
  elements: string[];
  z: number[][];
  /** Ordered pairs i ≠ j without a valid rating (z_ij = 0, flagged). */
  unrated: Pair[];
}

export interface Edge {
  from: string;
  to: string;
  t: number;
}

export interface DematelMap {
  ok: true;
  elements: string[];
  direct: number[][];
  unrated: Pair[];
  /** s = max(largest row sum, largest column sum) of Z; N = Z/s. */
  s: number;
  normalised: number[][];
  /** T = N(I − N)⁻¹. */
  total: number[][];
  /** D_i = Σ_j t_ij (given), R_i = Σ_j t_ji (received), in element order. */
  d: number[];
  r: number[];
  prominence: number[];
  relation: number[];
  threshold: number;
  /** 'mean' = α, the mean of all n² entries of T; 'set' = chosen by the facilitator. */
  thresholdSource: 'mean' | 'set';
  /** t_ij > threshold, i ≠ j, row by row in element order. */
  edges: Edge[];
}

/** Why no map can be drawn; `message` starts with "no result:" and names the cause. */
export interface DematelNoResult {
  ok: false;
  reason: 'no_ratings' | 'no_influence' | 'singular';
  message: string;
  elements: string[];
  direct: number[][];
  unrated: Pair[];
}

export type DematelResult = DematelMap | DematelNoResult;

/**
 * The group direct matrix (§17): z_ij = mean of the valid ratings of i → j; 0 when nobody rated
 * the pair (listed in `unrated`); z_ii = 0. Ratings of elements not in `elements` are ignored.
 * RangeError for a rating of an element on itself or a rating off the 0–4 scale.
 */
export function directMatrix(elements: readonly string[], ratings: readonly RelationRating[]): DirectMatrix {
  const n = elements.length;
  const index = new Map(elements.map((e, i) => [e, i]));
  const sums = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const r of ratings) {
    const i = index.get(r.from);
    const j = index.get(r.to);
    if (i === undefined || j === undefined) continue;
    if (i === j) throw new RangeError(`a relation needs two different elements, got ${r.from} → ${r.to}`);
    if (r.rating === null) continue;
    if (!Number.isInteger(r.rating) || r.rating < RELATION_SCALE.min || r.rating > RELATION_SCALE.max) {
      throw new RangeError(`rating ${r.rating} of ${r.from} → ${r.to} is outside 0–4`);
    }
    sums[i][j] += r.rating;
    counts[i][j]++;
  }
  const unrated: Pair[] = [];
  const z = sums.map((row, i) =>
    row.map((sum, j) => {
      if (i === j) return 0;
      if (counts[i][j] === 0) unrated.push({ from: elements[i], to: elements[j] });
      return counts[i][j] === 0 ? 0 : sum / counts[i][j];
    }),
  );
  return { elements: [...elements], z, unrated };
}

/**
 * Classical DEMATEL on a direct matrix (§17; Gabus & Fontela 1972, Tzeng et al. 2007):
 * s = max(max_i Σ_j z_ij, max_j Σ_i z_ij), N = Z/s, T = N(I − N)⁻¹ (Gauss–Jordan, partial pivoting),
 * D = row sums of T, R = column sums, prominence = D + R, relation = D − R (> 0 cause, < 0 effect),
 * threshold α = mean of all n² entries of T unless `threshold` is given, edges t_ij > threshold, i ≠ j.
 * No result (never NaN or Infinity):
 * - s = 0 and no pair rated → no_ratings; s = 0 with ratings that are all 0 → no_influence;
 * - I − N singular → singular. With s as above the spectral radius of N is at most 1, and it is 1
 *   exactly when some set of elements passes all its influence among itself with every row summing
 *   to s (then the Neumann series I + N + N² + … never converges): that set is found exactly and
 *   named; a pivot below the tolerance catches what is singular only numerically.
 * RangeError for a non-square, negative or non-finite Z, or a non-finite threshold.
 */
export function dematel(direct: DirectMatrix, opts: { threshold?: number } = {}): DematelResult {
  const { elements, z, unrated } = direct;
  const n = elements.length;
  if (z.length !== n || z.some((row) => row.length !== n)) throw new RangeError('Z must be n × n for n elements');
  if (z.some((row) => row.some((x) => !Number.isFinite(x) || x < 0))) throw new RangeError('Z needs finite entries ≥ 0');
  if (opts.threshold !== undefined && !Number.isFinite(opts.threshold)) throw new RangeError('the threshold must be a finite number');
  const none = (reason: DematelNoResult['reason'], message: string): DematelNoResult => ({
    ok: false,
    reason,
    message,
    elements: [...elements],
    direct: z,
    unrated,
  });
  const rowSums = z.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = z.map((_, j) => z.reduce((a, row) => a + row[j], 0));
  const s = Math.max(0, ...rowSums, ...colSums);
  if (s === 0) {
    if (unrated.length === n * (n - 1)) return none('no_ratings', 'no result: no ratings');
    return none('no_influence', 'no result: every rating is 0 (no influence), so Z cannot be normalised');
  }
  const closed = closedSet(z, s);
  if (closed.length > 0) {
    const cause =
      closed.length === n
        ? `every row of Z sums to s = ${round(s)}`
        : `elements ${closed.map((i) => elements[i]).join(', ')} pass all their influence among themselves with row sums equal to s = ${round(s)}`;
    return none('singular', `no result: I − N is singular: ${cause}, so indirect influence never dies out (spectral radius of N is 1)`);
  }
  const normalised = z.map((row) => row.map((x) => x / s));
  const inverse = invert(normalised.map((row, i) => row.map((x, j) => (i === j ? 1 : 0) - x)));
  if (inverse === null) return none('singular', 'no result: I − N is numerically singular (a pivot fell below the tolerance)');
  const total = multiply(normalised, inverse);
  if (total.some((row) => row.some((x) => !Number.isFinite(x)))) return none('singular', 'no result: T is not finite (I − N is nearly singular)');
  const d = total.map((row) => row.reduce((a, b) => a + b, 0));
  const r = total.map((_, j) => total.reduce((a, row) => a + row[j], 0));
  const threshold = opts.threshold ?? (n === 0 ? 0 : d.reduce((a, b) => a + b, 0) / (n * n));
  const edges: Edge[] = [];
  total.forEach((row, i) => row.forEach((t, j) => i !== j && t > threshold && edges.push({ from: elements[i], to: elements[j], t })));
  return {
    ok: true,
    elements: [...elements],
    direct: z,
    unrated,
    s,
    normalised,
    total,
    d,
    r,
    prominence: d.map((x, i) => x + r[i]),
    relation: d.map((x, i) => x - r[i]),
    threshold,
    thresholdSource: opts.threshold === undefined ? 'mean' : 'set',
    edges,
  };
}

export interface RelationCell {
  from: string;
  to: string;
  /** §3 statistics of the valid ratings on 0–4 (median, IQR, % in a band such as 3–4, …). */
  stats: Descriptives;
}

export interface RelationCellOptions {
  /** Default 3–4 agree ("strong influence"), 0–1 disagree: defaultBands of the 0–4 scale. */
  bands?: Bands;
  quantileMethod?: QuantileMethod;
}

/**
 * Per relation (cell i → j, i ≠ j, row by row): the descriptive statistics of §3 on its valid
 * ratings, so a consensus rule can be applied to a relation ("median >= 3 AND iqr <= 1").
 * "Cannot judge" is counted in nNoOpinion and left out; nSkipped is unknown here (null).
 */
export function relationCells(elements: readonly string[], ratings: readonly RelationRating[], opts: RelationCellOptions = {}): RelationCell[] {
  const byPair = new Map<string, { valid: number[]; noOpinion: number }>();
  for (const r of ratings) {
    const key = JSON.stringify([r.from, r.to]);
    const cell = byPair.get(key) ?? { valid: [], noOpinion: 0 };
    if (r.rating === null) cell.noOpinion++;
    else cell.valid.push(r.rating);
    byPair.set(key, cell);
  }
  const cells: RelationCell[] = [];
  for (const from of elements) {
    for (const to of elements) {
      if (from === to) continue;
      const cell = byPair.get(JSON.stringify([from, to])) ?? { valid: [], noOpinion: 0 };
      const stats = describeRatings(cell.valid, {
        scale: RELATION_SCALE,
        bands: opts.bands ?? defaultBands(RELATION_SCALE),
        quantileMethod: opts.quantileMethod ?? 'hf7',
        noOpinionPolicy: 'exclude',
        nNoOpinion: cell.noOpinion,
        nSkipped: null,
      });
      cells.push({ from, to, stats });
    }
  }
  return cells;
}

/** An element seen as a cause (D − R > 0) by some groups and as an effect (< 0) by others. */
export interface SideDifference {
  element: string;
  causeIn: string[];
  effectIn: string[];
}

/**
 * Elements whose sign of D − R differs between subgroups (§17, the asymmetry lens). Groups
 * without a result are ignored; |D − R| ≤ 1e-12 counts as neither side.
 */
export function sideDifferences(elements: readonly string[], groups: Readonly<Record<string, DematelResult>>): SideDifference[] {
  const names = Object.keys(groups).sort();
  const out: SideDifference[] = [];
  elements.forEach((element, i) => {
    const causeIn: string[] = [];
    const effectIn: string[] = [];
    for (const g of names) {
      const result = groups[g];
      if (!result.ok) continue;
      if (result.relation[i] > 1e-12) causeIn.push(g);
      else if (result.relation[i] < -1e-12) effectIn.push(g);
    }
    if (causeIn.length > 0 && effectIn.length > 0) out.push({ element, causeIn, effectIn });
  });
  return out;
}

export interface RelationsInput {
  elements: readonly string[];
  ratings: readonly RelationRating[];
  /** A threshold set by the facilitator instead of α (applies to every group too). */
  threshold?: number;
  cells?: RelationCellOptions;
}

export interface RelationsAnalysis {
  cells: RelationCell[];
  overall: DematelResult;
  /** Per subgroup (names ascending), the same figures on that group's ratings. */
  groups: Record<string, DematelResult>;
  sideDifferences: SideDifference[];
}

/** A relations round (§17): per-relation statistics, the panel's map, each subgroup's map, and the cause/effect flags. */
export function analyseRelations(input: RelationsInput): RelationsAnalysis {
  const run = (ratings: readonly RelationRating[]) => dematel(directMatrix(input.elements, ratings), { threshold: input.threshold });
  const names = [...new Set(input.ratings.map((r) => r.group ?? '').filter((g) => g !== ''))].sort();
  const groups: Record<string, DematelResult> = {};
  for (const g of names) groups[g] = run(input.ratings.filter((r) => r.group === g));
  return {
    cells: relationCells(input.elements, input.ratings, input.cells),
    overall: run(input.ratings),
    groups,
    sideDifferences: sideDifferences(input.elements, groups),
  };
}

/**
 * Indices of the largest set S of elements whose rows, restricted to S, each sum to s (within a
 * relative 1e-9). ρ(N) = 1 exactly when S is non-empty: a Perron vector's maximal entries form
 * such a set, and such a set has N_S·1 = 1. Found by starting from the rows that sum to s and
 * removing, until none is left to remove, every row that sends influence outside the set.
 */
function closedSet(z: readonly (readonly number[])[], s: number): number[] {
  const tolerance = 1e-9 * s;
  let set = z.map((_, i) => i).filter((i) => Math.abs(z[i].reduce((a, b) => a + b, 0) - s) <= tolerance);
  for (;;) {
    const inSet = new Set(set);
    const kept = set.filter((i) => Math.abs(z[i].reduce((a, x, j) => a + (inSet.has(j) ? x : 0), 0) - s) <= tolerance);
    if (kept.length === set.length) return set;
    set = kept;
  }
}

function round(x: number): string {
  return String(Math.round(x * 1e4) / 1e4);
}
