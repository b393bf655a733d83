import { z } from 'zod';

const Band = z.tuple([z.number().int(), z.number().int()]);

/** The consensus protocol of consensus-methods.md §5.1, in camelCase. Rules are checked further by api/stats. */
export const ProtocolSchema = z
  .object({
    version: z.literal(1).default(1),
    quantileMethod: z.enum(['hf7', 'hf6']).default('hf7').describe('Hyndman-Fan type 7 (R, numpy, Excel .INC) or type 6 (SPSS)'),
    noOpinionPolicy: z.enum(['exclude', 'count_in_denominator']).default('exclude'),
    minValidN: z.number().int().min(1).max(10000).default(5),
    maxNoOpinionShare: z.number().min(0).max(1).default(0.5),
    bands: z.object({ agree: Band, disagree: Band }),
    rules: z
      .array(
        z.object({
          outcome: z
            .string()
            .regex(/^[a-z][a-z0-9_]*$/)
            .max(40),
          when: z.string().min(1).max(500),
        }),
      )
      .min(1)
      .max(20),
    defaultOutcome: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .max(40)
      .default('no_consensus'),
    stability: z.object({ when: z.string().min(1).max(500) }),
    stopItemWhen: z.string().max(500).nullable().optional(),
    lockedAt: z.string().nullable().optional().describe('Ignored on save: the lock time is set when round 1 opens'),
    alpha: z.number().gt(0).lt(1).default(0.05),
    multiplicity: z.enum(['holm', 'bh']).default('holm'),
    wPermutationSeed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(20260101),
  })
  .strict();

export type ProtocolInput = z.input<typeof ProtocolSchema>;
