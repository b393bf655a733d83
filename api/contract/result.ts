/** What the statistics engine returns for a round (api/stats analyseRound): JSON, null wherever a value is undefined. */
import { z } from 'zod';
import { MultiplicityMethodSchema, NoOpinionPolicySchema, ProtocolRuleSchema, QuantileMethodSchema } from './protocol';
import {
  AttritionSchema,
  ContentValiditySchema,
  DescriptivesSchema,
  RandBlockSchema,
  ScaleContentValiditySchema,
  StabilityResultSchema,
  SubgroupTestSchema,
} from './statistics';

export const DecidedBySchema = z.enum(['guard', 'rule', 'undetermined', 'default']);
export type DecidedBy = z.infer<typeof DecidedBySchema>;

export const GuardResultSchema = z.object({
  reason: z.enum(['n_valid_below_min', 'no_opinion_share_above_max']),
  detail: z.string().describe('Plain-English explanation for the report'),
});
export type GuardResult = z.infer<typeof GuardResultSchema>;

export const RuleEvaluationSchema = z.object({ index: z.number().int(), outcome: z.string(), when: z.string(), value: z.boolean().nullable() });
export type RuleEvaluation = z.infer<typeof RuleEvaluationSchema>;

export const GroupResultSchema = z
  .object({
    group: z.string(),
    nValid: z.number().int().nullable().describe('Null once suppressed (below the study’s k)'),
    nNoOpinion: z.number().int().nullable(),
    stats: DescriptivesSchema.nullable(),
    rand: RandBlockSchema.nullable(),
    outcome: z.string().nullable(),
    decidedBy: DecidedBySchema.nullable(),
    ruleIndex: z.number().int().nullable(),
    guard: GuardResultSchema.nullable(),
    suppressed: z.boolean(),
  })
  .meta({ id: 'GroupResult', description: 'One subgroup of one dimension: its statistics and the protocol’s verdict inside it' });
export type GroupResult = z.infer<typeof GroupResultSchema>;

export const GroupComparisonSchema = SubgroupTestSchema.extend({
  dimension: z.string(),
  pAdjusted: z.number().nullable().describe('p adjusted across the round’s items within this dimension'),
  nUnassigned: z.number().int().describe('Answers without a value for this dimension'),
  perGroup: z.array(GroupResultSchema),
  suppressed: z.boolean().describe('The test was removed because a group in it was suppressed'),
}).meta({ id: 'GroupComparison', description: 'The subgroup comparison of one item along one dimension' });
export type GroupComparison = z.infer<typeof GroupComparisonSchema>;

export const AsymmetryEntrySchema = z
  .object({
    dimension: z.string(),
    holdsIn: z.array(z.string()).describe('Groups where a rule fired'),
    failsIn: z.array(z.string()).describe('Groups where no rule fired (the default outcome)'),
    insufficientIn: z.array(z.string()),
    suppressedIn: z.array(z.string()),
    outcomeByGroup: z.record(z.string(), z.string()),
    split: z.boolean(),
    differs: z.boolean().nullable(),
    alpha: z.number(),
    pAdjusted: z.number().nullable(),
    headline: z.string().nullable(),
  })
  .meta({ id: 'AsymmetryEntry' });
export type AsymmetryEntry = z.infer<typeof AsymmetryEntrySchema>;

export const SensitivitySchema = z.object({
  otherMethod: QuantileMethodSchema,
  otherOutcome: z.string(),
  differs: z.boolean().describe('The verdict depends on the quantile method'),
});
export type Sensitivity = z.infer<typeof SensitivitySchema>;

export const CriterionResultSchema = z
  .object({
    criterion: z.string().describe('The criterion code'),
    stats: DescriptivesSchema,
    rand: RandBlockSchema.nullable(),
    stability: StabilityResultSchema.nullable(),
    contentValidity: ContentValiditySchema.nullable().describe('Only on a relevance criterion'),
    groups: z
      .record(z.string(), GroupComparisonSchema)
      .optional()
      .describe("dimension -> comparison on this criterion's ratings; with two or more criteria (the first's equals the item's groups)"),
    asymmetry: z.record(z.string(), AsymmetryEntrySchema).optional().describe('dimension -> asymmetry view on this criterion; with two or more criteria'),
  })
  .meta({ id: 'CriterionResult', description: 'The statistics of one item on one criterion in one round (consensus-methods.md §15.1)' });
export type CriterionResult = z.infer<typeof CriterionResultSchema>;

export const ItemRoundResultSchema = z
  .object({
    itemId: z.string().describe('The engine’s item identifier: in the service, the numeric item id as a decimal string (the engine also runs on CSV codes)'),
    versionId: z.string().describe('The engine’s item version identifier: in the service, the numeric item version id as a decimal string'),
    round: z.number().int(),
    quantileMethod: QuantileMethodSchema,
    nPresented: z.number().int(),
    nInvited: z.number().int().nullable(),
    stats: DescriptivesSchema,
    rand: RandBlockSchema.nullable(),
    outcome: z.string(),
    decidedBy: DecidedBySchema,
    ruleIndex: z.number().int().nullable(),
    ruleText: z.string().nullable(),
    guard: GuardResultSchema.nullable(),
    evaluations: z.array(RuleEvaluationSchema),
    metricsUsed: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()])).describe('Metric as written in the rules -> value'),
    sensitivity: SensitivitySchema,
    stability: StabilityResultSchema.nullable(),
    stable: z.boolean().nullable(),
    stopItem: z.boolean().nullable(),
    groups: z.record(z.string(), GroupComparisonSchema).describe('dimension -> comparison'),
    asymmetry: z.record(z.string(), AsymmetryEntrySchema).describe('dimension -> asymmetry view'),
    headline: z.string().nullable(),
    flags: z.array(z.string()),
    criteria: z
      .array(CriterionResultSchema)
      .optional()
      .describe("Per criterion, in the study's order, when the study names its criteria; stats, rand, stability and groups above are the first's"),
  })
  .meta({ id: 'ItemResult', description: 'The engine’s result for one item in one round (consensus-methods.md §3-§8)' });
export type ItemRoundResult = z.infer<typeof ItemRoundResultSchema>;

export const FamilyInfoSchema = z.object({
  dimension: z.string(),
  method: MultiplicityMethodSchema,
  alpha: z.number(),
  m: z.number().int(),
  nSignificantRaw: z.number().int(),
  nSignificantAdjusted: z.number().int(),
});
export type FamilyInfo = z.infer<typeof FamilyInfoSchema>;

export const AsymmetryHeadlineSchema = z.object({
  itemId: z.string(),
  dimension: z.string(),
  criterion: z.string().optional().describe("The criterion, when not the first of several (the first's headlines carry none)"),
  split: z.boolean(),
  differs: z.boolean().nullable(),
  headline: z.string(),
});
export type AsymmetryHeadline = z.infer<typeof AsymmetryHeadlineSchema>;

export const AnalysisSettingsSchema = z
  .object({
    scale: z.object({ min: z.number().int(), max: z.number().int() }),
    quantileMethod: QuantileMethodSchema,
    quantileMethodEquivalents: z.string(),
    noOpinionPolicy: NoOpinionPolicySchema,
    minValidN: z.number().int(),
    maxNoOpinionShare: z.number(),
    bands: z.object({ agree: z.tuple([z.number().int(), z.number().int()]), disagree: z.tuple([z.number().int(), z.number().int()]) }),
    rules: z.array(ProtocolRuleSchema),
    defaultOutcome: z.string(),
    stabilityRule: z.string().nullable(),
    stopItemWhen: z.string().nullable(),
    alpha: z.number(),
    multiplicity: MultiplicityMethodSchema,
    wPermutationSeed: z.number().int(),
    dimensions: z.array(z.string()),
    protocolVersion: z.number().int(),
    criteria: z
      .array(
        z.object({
          code: z.string(),
          scale: z.object({ min: z.number().int(), max: z.number().int() }),
          bands: z.object({ agree: z.tuple([z.number().int(), z.number().int()]), disagree: z.tuple([z.number().int(), z.number().int()]) }),
          relevant: z.tuple([z.number().int(), z.number().int()]).nullable(),
        }),
      )
      .optional()
      .describe('The criteria analysed, when the study names them'),
    lockedAt: z.string().nullable().describe('When the protocol was locked (round 1 opened)'),
  })
  .meta({ id: 'AnalysisSettings', description: 'The statistical settings the engine used' });
export type AnalysisSettings = z.infer<typeof AnalysisSettingsSchema>;

export const RoundContentValiditySchema = z
  .object({
    criterion: z.string(),
    overall: ScaleContentValiditySchema,
    byCategory: z.record(z.string(), ScaleContentValiditySchema).describe('category code -> S-CVI of its items'),
  })
  .meta({ id: 'RoundContentValidity', description: 'S-CVI/Ave and S-CVI/UA of one relevance criterion in a round' });
export type RoundContentValidity = z.infer<typeof RoundContentValiditySchema>;

export const RoundAttritionSchema = z
  .object({
    fromRound: z.number().int().describe('The round whose leavers are compared with its stayers'),
    criteria: z.array(
      z.object({
        criterion: z.string().nullable(),
        m: z.number().int().describe('Items tested'),
        nDiffering: z.number().int().describe('Items with Holm p < 0.05'),
        items: z.array(z.object({ itemId: z.string(), attrition: AttritionSchema.nullable() })),
      }),
    ),
  })
  .meta({ id: 'RoundAttrition', description: 'Attrition bias of the previous round (consensus-methods.md §18), flagged on this one' });
export type RoundAttritionSummary = z.infer<typeof RoundAttritionSchema>;

const analysisFields = {
  round: z.number().int(),
  quantileMethod: QuantileMethodSchema,
  settings: AnalysisSettingsSchema,
  families: z.record(z.string(), FamilyInfoSchema).describe("dimension -> multiplicity family (the first criterion's)"),
  criterionFamilies: z
    .record(z.string(), z.record(z.string(), FamilyInfoSchema))
    .optional()
    .describe('criterion -> dimension -> multiplicity family, for every criterion after the first when there are several'),
  headlines: z.array(AsymmetryHeadlineSchema).describe('Every item and dimension where the groups split or differ'),
  contentValidity: z.array(RoundContentValiditySchema).optional().describe('Per relevance criterion'),
  attrition: RoundAttritionSchema.nullable().optional().describe('Absent on round 1 and on analyses made before it existed'),
};

/** The round-level part of the analysis, as stored beside the per-item results and served with them. */
export const RoundAnalysisSummarySchema = z.object(analysisFields).meta({ id: 'RoundAnalysis', description: 'The round-level output of the engine' });
export type RoundAnalysisSummary = z.infer<typeof RoundAnalysisSummarySchema>;

export const RoundAnalysisSchema = z.object({ ...analysisFields, items: z.array(ItemRoundResultSchema) });
export type RoundAnalysis = z.infer<typeof RoundAnalysisSchema>;
