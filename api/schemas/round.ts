import { z } from 'zod';
import { ItemRoundResultSchema, RoundAnalysisSummarySchema } from '../contract/result';
import { RoundKindSchema } from '../contract/study';
import { MAX_ID, TextsSchema } from './common';
import { RoundBlockResultSchema } from './blocks';

export const RoundModeSchema = z
  .enum(['classic', 'realtime'])
  .describe(
    "classic: the group's figures at the close. realtime (a rating round with a closing time): a panelist sees released snapshots of an item, " +
      'each resting on at least k more answers than the last, as soon as they have answered it, and may revise until the close',
  );

export const RoundSchema = z
  .object({
    id: z.number().int(),
    studyId: z.number().int(),
    number: z.number().int(),
    kind: RoundKindSchema,
    mode: RoundModeSchema,
    status: z.enum(['draft', 'open', 'closed']).describe('Where the round is: planned (draft), taking answers (open), or frozen with its results (closed)'),
    instructions: z.record(z.string(), z.string()),
    opensAt: z.string().nullable(),
    closesAt: z.string().nullable(),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    itemCount: z.number().int(),
  })
  .meta({ id: 'Round', description: 'A round of a study' });

const Decision = z.discriminatedUnion('action', [
  z.object({ itemId: z.number().int().positive(), action: z.literal('carry') }).strict(),
  z
    .object({
      itemId: z.number().int().positive(),
      action: z.literal('reword'),
      texts: TextsSchema,
      reason: z.string().trim().min(1).max(1000),
      sourceResponseIds: z.array(z.number().int().positive()).max(200).default([]).describe('Comments that prompted the rewording'),
    })
    .strict(),
  z.object({ itemId: z.number().int().positive(), action: z.literal('drop'), reason: z.string().trim().min(1).max(1000) }).strict(),
  z
    .object({ itemId: z.number().int().positive(), action: z.literal('retire'), reason: z.string().trim().max(1000).optional() })
    .strict()
    .describe('Leave out of the next round because it is settled (e.g. reached consensus)'),
]);

export const NewItemSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/),
    categoryId: z.number().int().positive().nullable().default(null),
    texts: TextsSchema,
    sourceIdeaIds: z.array(z.number().int().positive()).max(200).default([]),
    reason: z.string().trim().max(1000).optional(),
  })
  .strict();

const Code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/);

export const MergeSchema = z
  .object({
    itemIds: z.array(z.number().int().positive()).min(2).max(50).describe('Items of the previous round that become one; each leaves the item set'),
    code: Code.describe('Code of the new item'),
    categoryId: z.number().int().positive().nullable().default(null),
    texts: TextsSchema,
    reason: z.string().trim().min(1).max(1000),
    sourceResponseIds: z.array(z.number().int().positive()).max(200).default([]).describe('Comments of the previous round that prompted the merge'),
  })
  .strict();

export const SplitSchema = z
  .object({
    itemId: z.number().int().positive().describe('The item of the previous round that is split; it leaves the item set'),
    into: z
      .array(z.object({ code: Code, texts: TextsSchema }).strict())
      .min(2)
      .max(20)
      .describe('The new items, each in the category of the item split'),
    reason: z.string().trim().min(1).max(1000),
    sourceResponseIds: z.array(z.number().int().positive()).max(200).default([]).describe('Comments of the previous round that prompted the split'),
  })
  .strict();

export const CreateRoundSchema = z
  .object({
    kind: RoundKindSchema.default('rating'),
    mode: RoundModeSchema.default('classic'),
    instructions: TextsSchema.default({}),
    opensAt: z.iso.datetime().optional(),
    closesAt: z.iso.datetime().optional(),
    decisions: z
      .array(Decision)
      .max(2000)
      .default([])
      .describe('For round 2 on: what happens to each item of the previous round. Items left out follow the default: no consensus -> carry, otherwise retire.'),
    newItems: z.array(NewItemSchema).max(500).default([]),
    merges: z.array(MergeSchema).max(200).default([]).describe('Items of the previous round merged into one new item each'),
    splits: z.array(SplitSchema).max(200).default([]).describe('Items of the previous round each split into two or more new items'),
  })
  .strict();

export const RoundParamsSchema = z.object({ roundId: z.coerce.number().int().positive().max(MAX_ID) });

const Figures = z.object({
  invited: z.number().int(),
  responded: z.number().int(),
  completed: z.number().int(),
  responseRate: z.number().nullable().describe('responded / invited'),
  retention: z.number().nullable().describe('responded / responded in round 1'),
  attrition: z.number().nullable().describe('1 - responded / responded in the previous round; null in round 1'),
  cumulativeResponse: z.number().nullable().describe('responded / invited to round 1'),
});

const GroupFigures = Figures.extend({
  invited: z.number().int().nullable(),
  responded: z.number().int().nullable(),
  completed: z.number().int().nullable(),
  suppressed: z
    .boolean()
    .describe('True when the disclosure rule hides this group (fewer than k invited, or exposed by subtracting other groups); every figure is then null'),
});

export const ParticipationSchema = z.object({
  roundId: z.number().int(),
  overall: Figures,
  byGroup: z.record(z.string(), z.record(z.string(), GroupFigures)).describe('attribute -> value -> figures'),
  namesHidden: z.boolean().describe('True in strict anonymity: only counts are shown, and the two lists below stay empty'),
  notAnswered: z
    .array(z.object({ panelistId: z.number().int(), code: z.string(), email: z.string().nullable() }))
    .describe('Panelists with no answer yet, for reminders; empty in strict anonymity'),
  notCompleted: z
    .array(z.object({ panelistId: z.number().int(), code: z.string(), answered: z.number().int(), of: z.number().int() }))
    .describe('Panelists part-way through; empty in strict anonymity'),
});

export const ResultsSchema = z.object({
  roundId: z.number().int(),
  status: z.enum(['provisional', 'final']),
  release: z
    .object({
      batchSize: z.number().int().describe('k: a snapshot advances only after at least this many new answers (saves or revisions)'),
      itemsWaiting: z.number().int().describe('Items with no snapshot yet (fewer than k answers so far), left out of items'),
    })
    .nullable()
    .describe('Strict anonymity while the round is open: the figures are snapshots released in batches; null otherwise'),
  analysis: RoundAnalysisSummarySchema.nullable().describe('Null for open-ended rounds, and in strict anonymity while the round is open'),
  items: z.array(
    z.object({
      itemId: z.number().int(),
      itemVersionId: z.number().int(),
      code: z.string(),
      outcome: z.string(),
      basedOn: z.number().int().nullable().describe('Valid answers the released snapshot rests on; null when the figures are live or final'),
      result: ItemRoundResultSchema,
    }),
  ),
  blocks: z.array(RoundBlockResultSchema).describe('The question blocks of the round (rankings, relations) with their results'),
});

export const CommentsSchema = z.object({
  held: z
    .boolean()
    .describe('True in strict anonymity while the round is open: its comments and ideas are shown at the close, so none can be tied to who just answered'),
  comments: z.array(
    z.object({
      responseId: z.number().int().positive().describe('Opaque id of the comment (unordered; send it back as a sourceResponseId)'),
      itemId: z.number().int(),
      itemVersionId: z.number().int(),
      text: z.string().describe('The comment as the panelist wrote it'),
      language: z.string().describe('The language the panelist wrote it in'),
      translations: z
        .array(z.object({ language: z.string(), text: z.string() }))
        .describe("The study team's translations into other study languages, each shown beside the original"),
      value: z.number().int().nullable().describe('The rating given with the comment; null in strict anonymity'),
      cannotJudge: z.boolean().nullable().describe('null in strict anonymity'),
    }),
  ),
  ideas: z.array(
    z.object({
      id: z.number().int().positive().describe('Opaque id of the idea (unordered)'),
      text: z.string(),
      language: z.string().describe('The language the panelist wrote it in'),
      categoryId: z.number().int().nullable(),
    }),
  ),
});

export type RoundMode = z.output<typeof RoundModeSchema>;
/** A classic round unless said otherwise, for callers inside the server (demo, CLI import) as for the wire. */
export type CreateRound = Omit<z.output<typeof CreateRoundSchema>, 'mode' | 'merges' | 'splits'> & {
  mode?: RoundMode;
  merges?: z.output<typeof MergeSchema>[];
  splits?: z.output<typeof SplitSchema>[];
};
export type Round = z.output<typeof RoundSchema>;
