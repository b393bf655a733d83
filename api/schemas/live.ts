import { z } from 'zod';
import { MAX_ID } from './common';
import { RoundKindSchema } from '../contract/study';

/** Server -> client. Persisted events carry the study's sequence number; `hello` tells the client where it stands. */
export const LiveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    seq: z.number().int(),
    replayed: z.number().int(),
    snapshot: z.boolean().describe('true: refetch state, events were not replayed'),
  }),
  z.object({
    type: z.literal('round_opened'),
    seq: z.number().int(),
    payload: z.object({ roundId: z.number().int(), number: z.number().int(), kind: RoundKindSchema }),
  }),
  z.object({
    type: z.literal('round_closed'),
    seq: z.number().int(),
    payload: z.object({ roundId: z.number().int(), number: z.number().int(), kind: RoundKindSchema }),
  }),
  z
    .object({ type: z.literal('answers_changed'), payload: z.object({ roundId: z.number().int() }) })
    .describe('Facilitators only: refetch participation and provisional results'),
  z
    .object({
      type: z.literal('feedback_released'),
      payload: z.object({
        roundId: z.number().int(),
        items: z
          .array(
            z.object({
              itemVersionId: z.number().int(),
              criterion: z.string().optional().describe('The criterion the snapshot is for, in a study that names its criteria'),
              snapshot: z.number().int().describe('The new snapshot’s number'),
            }),
          )
          .describe('Items (and criteria) you have answered that have a new snapshot'),
      }),
    })
    .describe('Panelists of a real-time round: refetch the round to see the new snapshots (and record them as seen)'),
  z.object({ type: z.literal('pong') }),
]);

/** Client -> server. */
export const LiveClientMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') })]);

export const LiveQuerySchema = z.object({
  since: z.coerce.number().int().min(0).max(MAX_ID).optional().describe('Last sequence number the client applied'),
});

export type LiveServerMessage = z.infer<typeof LiveServerMessageSchema>;
