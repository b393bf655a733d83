/**
 * Question blocks of a round (design.md "Questions: what a round can ask"): the domain types the
 * server, the wire schemas and the web app share. Imports only other contract files.
 */
import type { RelationsResult } from './relations';
export type { RelationsResult };

export const BLOCK_KINDS = ['ranking', 'relations'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A ranking block: the item codes to order (2..20), a full ranking (topK null) or the top k only. */
export interface RankingConfig {
  items: string[];
  topK: number | null;
}

/** A relations block (Delphi–DEMATEL, consensus-methods.md §17): ordered pairs of elements rated for direct influence. */
export interface RelationsConfig {
  elements: { code: string; label: Record<string, string> }[];
  /** The ordered pairs asked; null: every ordered pair of distinct elements. */
  pairs: [string, string][] | null;
  /** Labels of the rating points per language. */
  labels: Record<string, string[]>;
  cannotJudge: boolean;
}

export interface BlockConfigs {
  ranking: RankingConfig;
  relations: RelationsConfig;
}

/**
 * One answer to one subject of a block: a rank for an item code (ranking), a rating for an
 * ordered pair `FROM>TO` (relations). `value` null: unranked, or with cannotJudge.
 */
export interface BlockAnswer {
  subject: string;
  value: number | null;
  cannotJudge: boolean;
}

/** Kendall's W and its test for one set of rankings (consensus-methods.md §6.2). */
export interface Concordance {
  m: number;
  w: number | null;
  chi2: number | null;
  df: number | null;
  p: number | null;
  /** Seeded permutation p when n ≤ 7; null otherwise. */
  permutationP: number | null;
  band: 'none' | 'very_weak' | 'weak' | 'moderate' | 'strong' | 'unusually_strong' | null;
}

export interface RankedItemResult {
  item: string;
  meanRank: number | null;
  medianRank: number | null;
  topKCount: number;
  topKPct: number | null;
}

export interface RankingGroupResult extends Concordance {
  /** Mean midrank per item, in block item order; null when the group is empty. */
  meanRanks: number[] | null;
  /** True when the disclosure rule hides this group (fewer than k rankers, or exposed by subtraction); figures are null. */
  suppressed: boolean;
}

/** A ranking block's result (consensus-methods.md §16), frozen at close. */
export interface RankingResult {
  kind: 'ranking';
  items: string[];
  n: number;
  topK: number;
  /** Panelists who left items unranked (completed as §6.1 says) and who ranked nothing (left out). */
  mPartial: number;
  mExcluded: number;
  overall: Concordance;
  ranked: RankedItemResult[];
  /** attribute → value → the group's W and mean ranks. */
  groups: Record<string, Record<string, RankingGroupResult>>;
  /** Per attribute, every pair of shown groups: Spearman's ρ of their mean ranks, flagged when ρ < 0.5. */
  groupPairs: { attribute: string; a: string; b: string; rho: number | null; differs: boolean }[];
  groupsRankDifferently: boolean;
  /** Against the previous round's ranking of the same block position: ρ of the mean ranks and ΔW. */
  previous: { round: number; rho: number | null; wChange: number | null; commonItems: string[] } | null;
  /** The Schmidt stop (§16) on these figures: true, stop ranking; false, rank again; null, undecided. */
  schmidtStop: boolean | null;
  /** True when fewer than k panelists ranked: nothing but the counts is shown. */
  withheld: boolean;
}

export interface BlockResults {
  ranking: RankingResult;
  relations: RelationsResult;
}

export type AnyBlockConfig = BlockConfigs[BlockKind];
export type AnyBlockResult = BlockResults[BlockKind];
