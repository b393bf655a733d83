/**
 * The consensus protocol as stored and served (consensus-methods.md §5.1, camelCase). The request
 * schema with its defaults and limits is api/schemas/protocol.ts; this is what comes back.
 */
import { z } from 'zod';

export const QuantileMethodSchema = z
  .enum(['hf7', 'hf6'])
  .meta({ id: 'QuantileMethod', description: 'Hyndman-Fan type 7 (R, numpy, Excel .INC) or type 6 (SPSS)' });
export type QuantileMethod = z.infer<typeof QuantileMethodSchema>;

export const NoOpinionPolicySchema = z
  .enum(['exclude', 'count_in_denominator'])
  .meta({ id: 'NoOpinionPolicy', description: 'Whether "cannot judge" answers count in the denominator of percentages' });
export type NoOpinionPolicy = z.infer<typeof NoOpinionPolicySchema>;

export const MultiplicityMethodSchema = z
  .enum(['holm', 'bh'])
  .meta({ id: 'MultiplicityMethod', description: 'Holm (family-wise error) or Benjamini-Hochberg (false discovery rate)' });
export type MultiplicityMethod = z.infer<typeof MultiplicityMethodSchema>;

/** An inclusive range of scale points, [from, to]. */
export const BandSchema = z.tuple([z.number().int(), z.number().int()]).describe('Inclusive range of scale points [from, to]');

export const ProtocolRuleSchema = z
  .object({
    outcome: z.string().describe('Outcome when `when` is true, e.g. consensus_in'),
    when: z.string().describe('Rule expression, e.g. "pct_range(7, 9) >= 75 and iqr <= 2"'),
  })
  .meta({ id: 'ProtocolRule' });
export type ProtocolRule = z.infer<typeof ProtocolRuleSchema>;

export const ProtocolSchema = z
  .object({
    version: z.number().int(),
    lockedAt: z.string().nullable().optional().describe('Null in the stored protocol; the study’s protocolLockedAt holds the lock time'),
    quantileMethod: QuantileMethodSchema,
    noOpinionPolicy: NoOpinionPolicySchema,
    minValidN: z.number().int().describe('Fewer valid ratings than this: insufficient_data'),
    maxNoOpinionShare: z.number().describe('A larger share of "cannot judge": insufficient_data'),
    bands: z.object({ agree: BandSchema, disagree: BandSchema }),
    rules: z
      .array(ProtocolRuleSchema)
      .describe('Evaluated in order; the first rule that is not false decides (true: its outcome, undetermined: insufficient_data)'),
    defaultOutcome: z.string(),
    stability: z.object({ when: z.string().describe('Empty: no stability rule') }),
    stopItemWhen: z.string().nullable().optional(),
    alpha: z.number().optional().describe('Significance level of subgroup comparisons (default 0.05)'),
    multiplicity: MultiplicityMethodSchema.optional(),
    wPermutationSeed: z.number().int().optional().describe("Seed of Kendall's W permutation p"),
  })
  .meta({ id: 'Protocol', description: 'The consensus protocol, locked when round 1 opens' });
export type Protocol = z.infer<typeof ProtocolSchema>;
