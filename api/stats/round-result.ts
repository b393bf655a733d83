/** What analyseRound returns: the types live in the contract (api/contract/result.ts) beside their schemas. */
export type {
  AnalysisSettings,
  AsymmetryEntry,
  AsymmetryHeadline,
  CriterionResult,
  RoundAttritionSummary,
  RoundContentValidity,
  FamilyInfo,
  GroupComparison,
  GroupResult,
  ItemRoundResult,
  RoundAnalysis,
  Sensitivity,
} from '../contract/result';
