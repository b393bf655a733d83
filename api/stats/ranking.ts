/** Ranking rounds (consensus-methods.md §6, §16): W per round and subgroup, item ranks, ρ between rounds and groups. */
import { finiteOrNull } from './finite';
import { kendallW, type KendallOptions, type KendallResult } from './kendall';
import { midranks } from './ranks';

/** k of "% placing the item in the top k" (§16 default). */
export const DEFAULT_TOP_K = 3;

/** Pairs of subgroups whose mean-rank vectors correlate below this are flagged (§16, design choice). */
export const GROUPS_RANK_DIFFERENTLY_BELOW = 0.5;

/**
 * One panelist's ranking as midranks over all n items (§6.1). `row[i]` is the rank number the
 * panelist gave item i, or null when they left it unranked.
 * - Ranked items take positions 1..k in the order of their numbers; equal numbers are ties and share
 *   the mean of their positions: [1, 1, 3] → [1.5, 1.5, 3], [1, 2, 2, 3] → [1, 2.5, 2.5, 4].
 * - Unranked items (a top-k ranking) share the mean of the unused positions k+1..n:
 *   a top-3 of 6 gives them (4+5+6)/3 = 5.
 * Edge cases: every item unranked → all (n+1)/2, a ranking without information (callers leave it out).
 * RangeError for a rank number that is not finite or not in 1..n.
 */
export function rankingMidranks(row: readonly (number | null)[]): number[] {
  const n = row.length;
  const ranked: number[] = [];
  const values: number[] = [];
  row.forEach((r, i) => {
    if (r === null) return;
    if (!Number.isFinite(r) || r < 1 || r > n) throw new RangeError(`rank ${r} is outside 1..${n}`);
    ranked.push(i);
    values.push(r);
  });
  const k = ranked.length;
  const fill = (k + 1 + n) / 2;
  const out = new Array<number>(n).fill(fill);
  midranks(values).forEach((mr, j) => (out[ranked[j]] = mr));
  return out;
}

/**
 * Spearman's ρ of two paired vectors: the Pearson correlation of their midranks (ties allowed),
 * as scipy.stats.spearmanr. Edge cases: fewer than 2 pairs, or either vector constant → null.
 * RangeError when the lengths differ.
 */
export function spearmanRho(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new RangeError('spearmanRho needs paired vectors of the same length');
  if (x.length < 2) return null;
  return pearson(midranks(x), midranks(y));
}

/** One panelist's answer to a ranking question; ranks follow the item order of the block. */
export interface PanelistRanking {
  panelist: string;
  /** Rank number per item (null = unranked), as given; turned into midranks by rankingMidranks. */
  ranks: readonly (number | null)[];
  /** Subgroup; undefined or '' = in no subgroup. */
  group?: string;
}

export interface RankingInput {
  items: readonly string[];
  rankings: readonly PanelistRanking[];
  /** k of the top-k share (default 3). */
  topK?: number;
  /** Passed to kendallW (seed, permutations) for the panel and every subgroup. */
  kendall?: KendallOptions;
}

export interface RankedItem {
  item: string;
  /** Mean and median of the panelists' midranks; null when m = 0. */
  meanRank: number | null;
  medianRank: number | null;
  /** Panelists whose midrank for the item is ≤ k, and 100·count/m (null when m = 0). */
  topKCount: number;
  topKPct: number | null;
}

export interface RankingGroup {
  m: number;
  kendall: KendallResult;
  /** Mean midrank per item, in item order; null when the group is empty. */
  meanRanks: number[] | null;
}

export interface GroupRankComparison {
  a: string;
  b: string;
  /** Spearman's ρ of the two groups' mean-rank vectors; null when undefined (a constant vector). */
  rho: number | null;
  /** ρ < 0.5: "groups rank differently" (§16). */
  differs: boolean;
}

export interface RankingAnalysis {
  items: string[];
  m: number;
  n: number;
  /** Panelists who left items unranked (completed as top-k rankings, §6.1). */
  mPartial: number;
  /** Panelists who ranked nothing: left out (they carry no ranking). */
  mExcluded: number;
  topK: number;
  kendall: KendallResult;
  ranked: RankedItem[];
  /** Per subgroup, keyed by name in ascending order. */
  groups: Record<string, RankingGroup>;
  groupPairs: GroupRankComparison[];
  groupsRankDifferently: boolean;
}

/**
 * A ranking round (§16): rankings → midranks (rankingMidranks), then Kendall's W with tie
 * correction, χ², df, p and the seeded permutation p when n ≤ 7 (kendallW, §6.2); per item the
 * mean and median midrank and the share placing it in the top k (midrank ≤ k, so an item tied
 * across the boundary, e.g. at 3.5 for k = 3, is not counted: design choice); per subgroup the
 * same W and mean ranks; for every pair of subgroups Spearman's ρ of their mean-rank vectors,
 * flagged "groups rank differently" when ρ < 0.5 (null ρ is not flagged).
 * Edge cases: a ranking with no ranked item is left out and counted (mExcluded); m < 2, n < 2 or
 * no variation give null W (kendallW's flags). RangeError for ragged rows or ranks outside 1..n.
 */
export function analyseRanking(input: RankingInput): RankingAnalysis {
  const n = input.items.length;
  const topK = input.topK ?? DEFAULT_TOP_K;
  if (input.rankings.some((r) => r.ranks.length !== n)) throw new RangeError('every ranking needs one entry per item');
  const usable = input.rankings.filter((r) => r.ranks.some((x) => x !== null));
  const rows = usable.map((r) => rankingMidranks(r.ranks));
  const kendall = kendallW(rows, input.kendall);
  const ranked = input.items.map((item, i): RankedItem => {
    const column = rows.map((row) => row[i]);
    const count = column.filter((r) => r <= topK).length;
    return {
      item,
      meanRank: column.length === 0 ? null : column.reduce((a, b) => a + b, 0) / column.length,
      medianRank: median(column),
      topKCount: count,
      topKPct: column.length === 0 ? null : (100 * count) / column.length,
    };
  });
  const groupNames = [...new Set(usable.map((r) => r.group ?? '').filter((g) => g !== ''))].sort();
  const groups: Record<string, RankingGroup> = {};
  for (const g of groupNames) {
    const groupRows = rows.filter((_, j) => usable[j].group === g);
    const result = kendallW(groupRows, input.kendall);
    groups[g] = { m: groupRows.length, kendall: result, meanRanks: result.meanRanks };
  }
  const groupPairs = compareGroupRankings(groups);
  return {
    items: [...input.items],
    m: rows.length,
    n,
    mPartial: usable.filter((r) => r.ranks.some((x) => x === null)).length,
    mExcluded: input.rankings.length - usable.length,
    topK,
    kendall,
    ranked,
    groups,
    groupPairs,
    groupsRankDifferently: groupPairs.some((p) => p.differs),
  };
}

/**
 * Every pair of subgroups (a < b by name): Spearman's ρ between their mean-rank vectors over the
 * same items, and the §16 flag ρ < 0.5. Groups without mean ranks are skipped.
 */
export function compareGroupRankings(groups: Readonly<Record<string, { meanRanks: readonly number[] | null }>>): GroupRankComparison[] {
  const names = Object.keys(groups)
    .filter((g) => groups[g].meanRanks !== null)
    .sort();
  const pairs: GroupRankComparison[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const rho = spearmanRho(groups[names[i]].meanRanks as number[], groups[names[j]].meanRanks as number[]);
      pairs.push({ a: names[i], b: names[j], rho, differs: rho !== null && rho < GROUPS_RANK_DIFFERENTLY_BELOW });
    }
  }
  return pairs;
}

/** The parts of a ranking round that stability between rounds needs. */
export interface RankingRoundSummary {
  items: readonly string[];
  meanRanks: readonly number[] | null;
  w: number | null;
}

export interface RankingStability {
  /** Items present in both rounds, in the current round's order. */
  commonItems: string[];
  /** Spearman's ρ of the two rounds' mean ranks over the common items; null when undefined. */
  rho: number | null;
  /** ΔW = W_r − W_{r−1}; null when either W is null. */
  wChange: number | null;
}

/**
 * Stability between consecutive ranking rounds (§16): Spearman's ρ (Pearson of midranks) between
 * the rounds' mean-rank vectors restricted to the items common to both, and ΔW (Schmidt 1997
 * reads a small, non-significant rise of W as a reason to stop). Fewer than 2 common items, a
 * constant vector or missing mean ranks → ρ null.
 */
export function rankingStability(previous: RankingRoundSummary, current: RankingRoundSummary): RankingStability {
  const before = new Map(previous.items.map((item, i) => [item, i]));
  const commonItems = current.items.filter((item) => before.has(item));
  let rho: number | null = null;
  if (previous.meanRanks && current.meanRanks) {
    const prev = previous.meanRanks;
    const cur = current.meanRanks;
    const index = new Map(current.items.map((item, i) => [item, i]));
    rho = spearmanRho(
      commonItems.map((item) => prev[before.get(item) as number]),
      commonItems.map((item) => cur[index.get(item) as number]),
    );
  }
  const wChange = previous.w === null || current.w === null ? null : current.w - previous.w;
  return { commonItems, rho, wChange };
}

function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  // Rounding can push |ρ| a hair past 1 for identical orders; clamp so "ρ = 1" reads as 1.
  return finiteOrNull(Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))));
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
