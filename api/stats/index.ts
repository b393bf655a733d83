/**
 * The consensus-statistics engine (consensus-methods.md): pure functions, no I/O, no clock, no
 * randomness except seeded generators. The server (round close) and the CLI (stats, concordance)
 * both call these.
 */
export { analyseRound } from './analyse-round';
export type { Answer, CriterionInput, ItemRoundInput, RoundAnalysisInput } from './round-input';
export type * from './round-result';
export type { DecidedBy, Decision, GuardResult, RuleEvaluation } from './decide';

export { compileProtocol, defaultProtocol, INSUFFICIENT_DATA, ProtocolError, resolveProtocol, validateProtocol } from './protocol';
export type { CompiledProtocol, DefaultProtocol, Outcome, Protocol, ProtocolProblem, ProtocolRule, ProtocolValidation, ResolvedProtocol } from './protocol';
export { CRITERIA_PRESET_NAMES, criteriaPresetProtocol, isPresetName, PRESET_NAMES, presetProtocol } from './presets';
export type { CriteriaPresetName, PresetCriterion, PresetName } from './presets';

export { bandInScale, defaultBands, defaultIqrMax, isOnScale, isRandScale, isValidScale, scalePoints } from './scale';
export type { Band, Bands, Scale } from './scale';
export { otherQuantileMethod, QUANTILE_METHODS, quantile, quantileCenti, quartilesCenti } from './quantiles';
export type { QuantileMethod, QuartilesCenti } from './quantiles';
export { countInRange, describeRatings, describeSorted, meanSdCv, pctDenominator, sortRatings } from './describe';
export type { BandShare, DescribeOptions, Descriptives, FreqEntry, NoOpinionPolicy } from './describe';
export { classicMethod, iprasExact, medianTertile, RAM_CLASSES, randUcla } from './ram';
export type { ClassicMethod, IprasExact, RamClass, RandBlock } from './ram';

export { completePartialRanking, kendallW, ranksFromRatings, schmidtBand } from './kendall';
export type { KendallOptions, KendallResult, SchmidtBand } from './kendall';
export { hasTies, midranks, tieTerm } from './ranks';
export { analyseRanking, compareGroupRankings, DEFAULT_TOP_K, GROUPS_RANK_DIFFERENTLY_BELOW, rankingMidranks, rankingStability, spearmanRho } from './ranking';
export type {
  GroupRankComparison,
  PanelistRanking,
  RankedItem,
  RankingAnalysis,
  RankingGroup,
  RankingInput,
  RankingRoundSummary,
  RankingStability,
} from './ranking';
export { analyseRelations, dematel, directMatrix, relationCells, RELATION_SCALE, sideDifferences } from './dematel';
export type {
  DematelMap,
  DematelNoResult,
  DematelResult,
  DirectMatrix,
  Edge,
  Pair,
  RelationCell,
  RelationCellOptions,
  RelationRating,
  RelationsAnalysis,
  RelationsInput,
  SideDifference,
} from './dematel';
export { invert, multiply, PIVOT_TOLERANCE } from './gauss-jordan';
export { DEFAULT_SEED, mulberry32, randomInt, shuffleInPlace } from './rng';
export type { Rng } from './rng';

export { distributionChange, frequencies, itemStability } from './stability';
export { feedbackEffect } from './feedback-effect';
export type { FeedbackEffect } from './feedback-effect';
export type { StabilityResult } from './stability';
export { wilcoxonSignedRank } from './wilcoxon';
export type { WilcoxonResult } from './wilcoxon';
export { mcnemar } from './mcnemar';
export type { McNemarResult } from './mcnemar';
export { cohensKappa } from './kappa';
export type { KappaResult } from './kappa';

export { compareSubgroups } from './subgroups';
export type { EffectSizes, SubgroupSample, SubgroupTest } from './subgroups';
export { exactTwoSidedP, mannWhitney, uDistribution } from './mann-whitney';
export type { MannWhitneyResult } from './mann-whitney';
export { kruskalWallis } from './kruskal-wallis';
export type { KruskalWallisResult } from './kruskal-wallis';
export { adjustP, benjaminiHochberg, holm } from './multiplicity';
export type { MultiplicityMethod } from './multiplicity';
export { asymmetryOf } from './asymmetry';
export { shownHeadlines, suppressSmallGroups, withoutDimensions, withoutGroups } from './suppression';
export { coarsenCombinations, groupsToHide, overallWithheld } from './disclosure';
export type { Coarsening, HiddenGroups, Membership } from './disclosure';

export { attritionBias, roundAttrition } from './attrition';
export type { AttritionAnswer, AttritionResult, ItemAttrition, RoundAttrition } from './attrition';
export { contentValidityOf, itemContentValidity, scaleContentValidity } from './content-validity';
export type { ItemContentValidity, KappaEvaluation, ScaleContentValidity } from './content-validity';

export { participation } from './participation';
export type { ParticipationFigures, ParticipationInput, ParticipationPanelist, ParticipationReport, ParticipationRound } from './participation';

export { checkRule } from './rules/check';
export type { CheckOptions, CheckResult, CriterionSpec, RuleProblem, RuleRole } from './rules/check';
export { FUNCTIONS, IDENTIFIERS } from './rules/catalogue';
export type { FunctionSpec, IdentifierSpec, ValueType } from './rules/catalogue';
export { describeRule } from './rules/describe-rule';
export { EPSILON, evaluate, toJsonValue } from './rules/evaluate';
export type { EvalScope, GroupEntry, Value } from './rules/evaluate';
export { RuleSyntaxError, tokenize } from './rules/lexer';
export type { Token } from './rules/lexer';
export { parseRule } from './rules/parser';
export type { Node as RuleNode } from './rules/parser';
export { Rational } from './rational';
export { SCHMIDT_STOP_RULE, schmidtStop } from './schmidt-stop';
