/** The statistics of one item's ratings (consensus-methods.md §3, §4, §7, §8), as the engine returns them. */
import { z } from 'zod';
import { QuantileMethodSchema } from './protocol';

const num = z.number().nullable();

export const FreqEntrySchema = z.object({ value: z.number().int(), count: z.number().int(), pct: num });
export type FreqEntry = z.infer<typeof FreqEntrySchema>;

export const BandShareSchema = z.object({ k: z.number().int(), n: z.number().int(), pct: num }).describe('k of n ratings in a band, and the percentage');
export type BandShare = z.infer<typeof BandShareSchema>;

export const DescriptivesSchema = z
  .object({
    nValid: z.number().int(),
    nNoOpinion: z.number().int(),
    nSkipped: z.number().int().nullable().describe('Presented but unanswered; null where unknown (e.g. inside a subgroup)'),
    noOpinionShare: num.describe('n_no_opinion / (n_valid + n_no_opinion); null when both are 0'),
    freq: z.array(FreqEntrySchema).describe('Every scale point from min to max, ascending'),
    min: num,
    max: num,
    median: num,
    q1: num,
    q3: num,
    iqr: num,
    mean: num,
    sd: num,
    cv: num,
    mode: z.array(z.number()).nullable().describe('All values with the maximal frequency, ascending'),
    modeShare: num,
    agree: BandShareSchema,
    disagree: BandShareSchema,
    neutral: BandShareSchema.describe('Ratings in neither band'),
    quantileMethod: QuantileMethodSchema,
  })
  .meta({
    id: 'Descriptives',
    description: 'Statistics of the valid ratings. Null where undefined: all when n_valid = 0; sd and cv when n_valid < 2; cv also when mean <= 0',
  });
export type Descriptives = z.infer<typeof DescriptivesSchema>;

export const RamClassSchema = z.enum(['appropriate', 'uncertain', 'inappropriate']);
export type RamClass = z.infer<typeof RamClassSchema>;

export const ClassicMethodSchema = z.object({
  agreement: z.boolean().nullable(),
  disagreement: z.boolean().nullable(),
  outsideMedianRegion: num,
  agreementMax: num,
  disagreementMin: num,
  extrapolated: z.boolean(),
});
export type ClassicMethod = z.infer<typeof ClassicMethodSchema>;

export const RandBlockSchema = z
  .object({
    n: z.number().int(),
    median: num,
    tertile: RamClassSchema.nullable(),
    nLow: z.number().int(),
    nMid: z.number().int(),
    nHigh: z.number().int(),
    p30: num,
    p70: num,
    ipr: num,
    iprcp: num,
    ai: num,
    ipras: num,
    di: num.describe('IPR / IPRAS; above 1 means disagreement'),
    disagreementIpras: z.boolean().nullable(),
    classic: ClassicMethodSchema,
    ramClass: RamClassSchema.nullable().describe('Final class using IPRAS disagreement (method B)'),
    ramClassClassic: RamClassSchema.nullable().describe('Final class using the classic counts (method A)'),
    unstable: z.boolean().describe('n < 3: IPRAS is returned but unstable'),
    methodUsed: z.literal('ipras'),
    quantileMethod: QuantileMethodSchema,
  })
  .meta({ id: 'RandBlock', description: 'RAND/UCLA appropriateness block (1-9 scales only)' });
export type RandBlock = z.infer<typeof RandBlockSchema>;

export const WilcoxonResultSchema = z.object({
  nPairs: z.number().int(),
  nZero: z.number().int(),
  nNonZero: z.number().int(),
  tPlus: num,
  tMinus: num,
  z: num,
  zCorrected: num,
  p: num,
  method: z.enum(['exact', 'normal']).nullable(),
  effectR: num,
  flags: z.array(z.enum(['no_change', 'no_variation'])),
});
export type WilcoxonResult = z.infer<typeof WilcoxonResultSchema>;

export const McNemarResultSchema = z.object({
  b: z.number().int(),
  c: z.number().int(),
  pExact: z.number(),
  chi2: num,
  pChi2: num,
  chi2Corrected: num,
  pChi2Corrected: num,
  flags: z.array(z.literal('no_change')),
});
export type McNemarResult = z.infer<typeof McNemarResultSchema>;

export const KappaResultSchema = z.object({
  categories: z.number().int(),
  n: z.number().int(),
  po: num,
  pe: num,
  kappa: num,
  weightedKappa: num,
});
export type KappaResult = z.infer<typeof KappaResultSchema>;

export const StabilityResultSchema = z
  .object({
    previousRound: z.number().int(),
    nPrevious: z.number().int(),
    nCurrent: z.number().int(),
    changePct: num.describe('Scheibe distribution change in %'),
    nPairs: z.number().int(),
    nChanged: z.number().int(),
    wilcoxon: WilcoxonResultSchema,
    mcnemar: McNemarResultSchema,
    kappa: KappaResultSchema,
    kappaPoints: KappaResultSchema,
    cvPrevious: num,
    cvCurrent: num,
    deltaCv: num,
  })
  .meta({ id: 'StabilityResult', description: 'Stability against the previous round of the same item version' });
export type StabilityResult = z.infer<typeof StabilityResultSchema>;

export const MannWhitneyResultSchema = z.object({
  n1: z.number().int(),
  n2: z.number().int(),
  r1: num,
  u1: num,
  u2: num,
  z: num,
  zCorrected: num,
  p: num,
  method: z.enum(['exact', 'normal']).nullable(),
  rankBiserial: num,
  r: num,
  flags: z.array(z.enum(['empty_group', 'no_variation'])),
});
export type MannWhitneyResult = z.infer<typeof MannWhitneyResultSchema>;

export const KruskalWallisResultSchema = z.object({
  k: z.number().int(),
  n: z.number().int(),
  h: num,
  hUncorrected: num,
  tieFactor: num,
  df: num,
  p: num,
  epsilonSquared: num,
  rankSums: z.array(z.number()),
  flags: z.array(z.enum(['too_few_groups', 'no_variation', 'small_group'])),
});
export type KruskalWallisResult = z.infer<typeof KruskalWallisResultSchema>;

export const EffectSizesSchema = z.object({ rankBiserial: num, r: num, epsilonSquared: num });
export type EffectSizes = z.infer<typeof EffectSizesSchema>;

export const SubgroupTestSchema = z.object({
  test: z.enum(['mann-whitney', 'kruskal-wallis']).nullable(),
  compared: z.array(z.string()),
  statistic: num,
  df: num,
  p: num,
  pMethod: z.enum(['exact', 'normal', 'chi2']).nullable(),
  effectSizes: EffectSizesSchema,
  flags: z.array(z.string()),
  mannWhitney: MannWhitneyResultSchema.nullable(),
  kruskalWallis: KruskalWallisResultSchema.nullable(),
});
export type SubgroupTest = z.infer<typeof SubgroupTestSchema>;

export const ContentValiditySchema = z
  .object({
    n: z.number().int().describe('Valid ratings (cannot judge excluded)'),
    nRelevant: z.number().int().describe('Ratings inside the relevant band'),
    icvi: num.describe('I-CVI = A/N'),
    pc: num.describe('Chance agreement C(N, A)·0.5^N'),
    kappa: num.describe('Modified kappa κ* = (I-CVI − Pc)/(1 − Pc)'),
    evaluation: z.enum(['excellent', 'good', 'fair', 'poor']).nullable().describe('Cicchetti & Sparrow band of κ*'),
  })
  .meta({ id: 'ContentValidity', description: 'Content validity of one item on a relevance criterion (consensus-methods.md §15.2)' });
export type ContentValidity = z.infer<typeof ContentValiditySchema>;

export const ScaleContentValiditySchema = z
  .object({
    nItems: z.number().int().describe('Items with at least one valid rating'),
    nUniversal: z.number().int().describe('Items with I-CVI = 1'),
    ave: num.describe('S-CVI/Ave: mean I-CVI'),
    ua: num.describe('S-CVI/UA: share of items with I-CVI = 1'),
  })
  .meta({ id: 'ScaleContentValidity', description: 'S-CVI over a set of items (consensus-methods.md §15.2)' });
export type ScaleContentValidity = z.infer<typeof ScaleContentValiditySchema>;

export const AttritionSchema = z
  .object({
    nStayed: z.number().int(),
    nLeft: z.number().int(),
    u: z.number().describe('Mann–Whitney U of the stayers'),
    z: num,
    p: z.number(),
    pHolm: z.number().describe('Holm-adjusted across the items of the round and criterion'),
    rankBiserial: z.number(),
    medianStayed: z.number(),
    medianLeft: z.number(),
    flags: z.array(z.literal('no_variation')),
  })
  .meta({ id: 'Attrition', description: 'Stayers against leavers on one item in the previous round (consensus-methods.md §18)' });
export type Attrition = z.infer<typeof AttritionSchema>;
