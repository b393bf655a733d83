import { z } from 'zod';
import { IdSchema, StudyParamsSchema } from './common';

export const ItemHistoryParamsSchema = StudyParamsSchema.extend({ itemId: IdSchema });

const LinkedItem = z.object({ itemId: z.number().int(), code: z.string() });

export const ItemHistorySchema = z
  .object({
    itemId: z.number().int(),
    code: z.string(),
    status: z.enum(['active', 'dropped', 'settled']),
    versions: z.array(
      z.object({
        versionId: z.number().int(),
        version: z.number().int(),
        texts: z.record(z.string(), z.string()).describe('The wording in each study language'),
        reason: z.string().nullable(),
        createdAt: z.string(),
        promptedBy: z
          .array(z.object({ commentId: z.number().int(), round: z.number().int(), text: z.string(), language: z.string() }))
          .describe('The panel comments this wording cites, text only (never who wrote them)'),
        withheldComments: z.number().int().describe('Cited comments left unquoted in strict anonymity: the item had fewer than k valid ratings'),
      }),
    ),
    decisions: z.array(
      z.object({
        round: z.number().int().describe('The round the decision leads into'),
        action: z.enum(['carry', 'reword', 'add', 'drop', 'retire', 'merge', 'split', 'merged', 'split_off']),
        versionId: z.number().int().nullable(),
        reason: z.string().nullable(),
        decidedBy: z.string().nullable().describe('The facilitator who planned the round; null when not recorded (e.g. an imported study)'),
        at: z.string(),
        linkedItems: z.array(LinkedItem).describe('merge, split: the items it became; merged, split_off: the items it came from'),
        ideas: z.array(z.object({ ideaId: z.number().int(), round: z.number().int(), text: z.string() })).describe('Panel ideas the new item came from'),
      }),
    ),
  })
  .meta({ id: 'ItemHistory', description: 'An item from its first wording to what became of it' });

export type ItemHistory = z.output<typeof ItemHistorySchema>;
