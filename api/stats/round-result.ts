/** What analyseRound returns: JSON-serialisable, null wherever a value is undefined. */
import type { DecidedBy, GuardResult, RuleEvaluation } from './decide';
import type { Descriptives, NoOpinionPolicy } from './describe';
import type { MultiplicityMethod } from './multiplicity';
import type { ProtocolRule } from './protocol';
import type { QuantileMethod } from './quantiles';
import type { RandBlock } from './ram';
import type { Bands, Scale } from './scale';
import type { StabilityResult } from './stability';
import type { SubgroupTest } from './subgroups';

/** One subgroup of one dimension: its statistics and the protocol's verdict inside it. */
export interface GroupResult {
  group: string;
  /** Null once suppressed (suppressSmallGroups). */
  nValid: number | null;
  nNoOpinion: number | null;
  stats: Descriptives | null;
  rand: RandBlock | null;
  outcome: string | null;
  decidedBy: DecidedBy | null;
  ruleIndex: number | null;
  guard: GuardResult | null;
  suppressed: boolean;
}

/** The subgroup comparison of one item along one dimension (§8), with its adjusted p. */
export interface GroupComparison extends SubgroupTest {
  dimension: string;
  /** p adjusted across the round's items within this dimension (Holm by default, §8.3). */
  pAdjusted: number | null;
  /** Answers without a value for this dimension (left out of the comparison). */
  nUnassigned: number;
  perGroup: GroupResult[];
  /** True when suppressSmallGroups removed the test because a group in it was suppressed. */
  suppressed: boolean;
}

/**
 * The asymmetry view of one item along one dimension (issue 3, §8.3, framework.md): the protocol's
 * rules evaluated in every group with n_valid ≥ min_valid_n.
 */
export interface AsymmetryEntry {
  dimension: string;
  /** Groups where a rule fired (any rule outcome, e.g. consensus_in or consensus_out). */
  holdsIn: string[];
  /** Groups where no rule fired (the default outcome). */
  failsIn: string[];
  /** Groups below min_valid_n, over the no-opinion share, or with an undetermined rule. */
  insufficientIn: string[];
  /** Groups hidden by suppressSmallGroups. */
  suppressedIn: string[];
  /** Outcome of each group in holdsIn or failsIn. */
  outcomeByGroup: Record<string, string>;
  /** At least two different outcomes among the groups with sufficient data. */
  split: boolean;
  /** Adjusted p < alpha; null when no test could be run. */
  differs: boolean | null;
  alpha: number;
  pAdjusted: number | null;
  /** A sentence for the report when split or differs, else null. */
  headline: string | null;
}

export interface Sensitivity {
  otherMethod: QuantileMethod;
  otherOutcome: string;
  /** "Verdict depends on quantile method" (§2.4). */
  differs: boolean;
}

export interface ItemRoundResult {
  itemId: string;
  versionId: string;
  round: number;
  quantileMethod: QuantileMethod;
  nPresented: number;
  nInvited: number | null;
  /** Section 3 statistics of all answers (counts, full distribution, quartiles, band shares with k/n). */
  stats: Descriptives;
  /** RAND/UCLA block (§4.4) on 1–9 scales, else null. */
  rand: RandBlock | null;
  outcome: string;
  decidedBy: DecidedBy;
  ruleIndex: number | null;
  ruleText: string | null;
  guard: GuardResult | null;
  evaluations: RuleEvaluation[];
  metricsUsed: Record<string, number | boolean | string | null>;
  sensitivity: Sensitivity;
  /** Stability against the previous round of the same version (§7), else null. */
  stability: StabilityResult | null;
  /** Value of the protocol's stability rule; null when undetermined or there is no rule. */
  stable: boolean | null;
  /** Value of stop_item_when; null when absent or undetermined. */
  stopItem: boolean | null;
  groups: Record<string, GroupComparison>;
  asymmetry: Record<string, AsymmetryEntry>;
  /** The asymmetry headlines of all dimensions joined, or null. */
  headline: string | null;
  /** e.g. 'previous_version_mismatch' when a previous round of another version was passed. */
  flags: string[];
}

/** Per dimension: the multiplicity family of this round's subgroup tests. */
export interface FamilyInfo {
  dimension: string;
  method: MultiplicityMethod;
  alpha: number;
  /** Tests with a p-value in the family. */
  m: number;
  nSignificantRaw: number;
  nSignificantAdjusted: number;
}

export interface AsymmetryHeadline {
  itemId: string;
  dimension: string;
  split: boolean;
  differs: boolean | null;
  headline: string;
}

/** The statistical settings echoed for the export (§10 item 2). */
export interface AnalysisSettings {
  scale: Scale;
  quantileMethod: QuantileMethod;
  /** Software equivalents of the quantile method, for the report. */
  quantileMethodEquivalents: string;
  noOpinionPolicy: NoOpinionPolicy;
  minValidN: number;
  maxNoOpinionShare: number;
  bands: Bands;
  rules: ProtocolRule[];
  defaultOutcome: string;
  stabilityRule: string | null;
  stopItemWhen: string | null;
  alpha: number;
  multiplicity: MultiplicityMethod;
  wPermutationSeed: number;
  dimensions: string[];
  protocolVersion: number;
  lockedAt: string | null;
}

export interface RoundAnalysis {
  round: number;
  quantileMethod: QuantileMethod;
  settings: AnalysisSettings;
  items: ItemRoundResult[];
  families: Record<string, FamilyInfo>;
  /** Every item × dimension where the groups split or differ: the headline of the asymmetry view. */
  headlines: AsymmetryHeadline[];
}
