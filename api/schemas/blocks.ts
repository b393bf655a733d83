import { z } from 'zod';
import { BLOCK_KINDS } from '../contract/blocks';
import { MAX_ID, TextsSchema } from './common';
import { RelationsResultSchema } from '../contract/relations';

/** Question blocks of a round on the wire (design.md "Questions: what a round can ask"; api/contract/blocks.ts). */

export const BlockKindSchema = z.enum(BLOCK_KINDS).describe('ranking: order a set of items; relations: rate the influence of ordered pairs of elements');

const ConfigSchema = z
  .looseObject({})
  .describe(
    "The kind's settings, checked by its module. ranking: {items: item codes (2..20) | category: a category code, topK: k or null for a full ranking}. " +
      'relations: {elements, pairs, labels, cannotJudge}',
  );

export const BlockSchema = z
  .object({
    id: z.number().int(),
    roundId: z.number().int(),
    position: z.number().int().describe('Order in the round, from 0'),
    kind: BlockKindSchema,
    config: ConfigSchema,
    instructions: z.record(z.string(), z.string()),
    threshold: z.number().nullable().describe('Relations: the influence-map threshold the facilitator set after the close; null = α, the mean of T'),
  })
  .meta({ id: 'Block', description: 'A question block of a round' });

export const SetThresholdSchema = z
  .object({
    threshold: z
      .number()
      .min(0)
      .max(1e6)
      .nullable()
      .describe('A finite number >= 0: draw the relations whose total influence t is above it; null: back to α, the mean of T'),
  })
  .strict();

export const CreateBlockSchema = z
  .object({
    kind: BlockKindSchema,
    position: z.number().int().min(0).max(100).optional().describe('Where in the round; default: after the last block'),
    config: ConfigSchema,
    instructions: TextsSchema.default({}),
  })
  .strict();

export const UpdateBlockSchema = z
  .object({
    position: z.number().int().min(0).max(100).optional(),
    config: ConfigSchema.optional(),
    instructions: TextsSchema.optional(),
  })
  .strict();

export const BlockParamsSchema = z.object({
  roundId: z.coerce.number().int().positive().max(MAX_ID),
  blockId: z.coerce.number().int().positive().max(MAX_ID),
});

export const PanelistBlockParamsSchema = z.object({ blockId: z.coerce.number().int().positive().max(MAX_ID) });

export const BlockAnswerSchema = z
  .object({
    subject: z.string().min(1).max(90).describe('An item code (ranking) or an ordered pair FROM>TO (relations)'),
    value: z.number().int().min(-1000).max(1000).nullable().describe('The rank (ranking) or rating (relations); null: unranked, or with cannotJudge'),
    cannotJudge: z.boolean().default(false),
  })
  .strict();

export const SaveBlockAnswersSchema = z
  .object({
    answers: z
      .array(BlockAnswerSchema)
      .max(400)
      .describe('ranking: your whole order (it replaces the one saved before); relations: one or more pairs, each replacing its earlier answer'),
  })
  .strict();

export const SavedBlockAnswerSchema = z.object({
  subject: z.string(),
  value: z.number().int().nullable(),
  cannotJudge: z.boolean(),
  revision: z.number().int(),
});

export const SavedBlockAnswersSchema = z.object({ blockId: z.number().int(), answers: z.array(SavedBlockAnswerSchema) });

const Concordance = z.object({
  m: z.number().int().describe('Panelists whose rankings count'),
  w: z.number().nullable().describe("Kendall's W, tie-corrected (consensus-methods.md §6.2)"),
  chi2: z.number().nullable(),
  df: z.number().int().nullable(),
  p: z.number().nullable(),
  permutationP: z.number().nullable().describe('Seeded permutation p, for 7 items or fewer'),
  band: z.enum(['none', 'very_weak', 'weak', 'moderate', 'strong', 'unusually_strong']).nullable().describe("Schmidt's (1997) reading of W"),
});

export const RankingResultSchema = z
  .object({
    kind: z.literal('ranking'),
    items: z.array(z.string()),
    n: z.number().int(),
    topK: z.number().int(),
    mPartial: z.number().int().describe('Panelists who left items unranked (the rest share the unused positions, §6.1)'),
    mExcluded: z.number().int().describe('Panelists who ranked nothing (left out)'),
    overall: Concordance,
    ranked: z.array(
      z.object({
        item: z.string(),
        meanRank: z.number().nullable(),
        medianRank: z.number().nullable(),
        topKCount: z.number().int(),
        topKPct: z.number().nullable(),
      }),
    ),
    groups: z
      .record(z.string(), z.record(z.string(), Concordance.extend({ meanRanks: z.array(z.number()).nullable(), suppressed: z.boolean() })))
      .describe('attribute -> group -> W and mean ranks (item order); a group the disclosure rule hides is suppressed'),
    groupPairs: z.array(
      z.object({
        attribute: z.string(),
        a: z.string(),
        b: z.string(),
        rho: z.number().nullable(),
        differs: z.boolean().describe('ρ < 0.5: the groups rank differently'),
      }),
    ),
    groupsRankDifferently: z.boolean(),
    previous: z
      .object({ round: z.number().int(), rho: z.number().nullable(), wChange: z.number().nullable(), commonItems: z.array(z.string()) })
      .nullable()
      .describe("Against the previous round's ranking: Spearman's ρ of the mean ranks and ΔW"),
    schmidtStop: z.boolean().nullable().describe('w >= 0.7 OR (w_change < 0.1 AND rho_previous >= 0.9): true suggests ending the ranking; null when undecided'),
    withheld: z.boolean().describe('True when fewer than k panelists ranked (panelist feedback): only the counts are shown'),
  })
  .meta({ id: 'RankingResult' });

export const BlockResultSchema = z.discriminatedUnion('kind', [RankingResultSchema, RelationsResultSchema]);

export const RoundBlockResultSchema = z.object({
  id: z.number().int(),
  kind: BlockKindSchema,
  position: z.number().int(),
  result: BlockResultSchema.nullable().describe('Frozen at the close; provisional while open (null in strict anonymity, and before any answer)'),
  threshold: z
    .number()
    .nullable()
    .describe('Relations: the threshold the facilitator set after the close (null = α, the mean of T); the frozen result keeps its own'),
});

export const PanelistBlockSchema = z.object({
  id: z.number().int(),
  kind: BlockKindSchema,
  position: z.number().int(),
  instructions: z.string().describe('In your language'),
  config: ConfigSchema,
  itemTexts: z.record(z.string(), z.string()).describe('item code -> its text in your language, for the items the block names'),
  answers: z.array(SavedBlockAnswerSchema).describe('Your saved answers'),
  previousAnswers: z.array(SavedBlockAnswerSchema).describe('Your answers to the same block of the previous round (a ranking starts from that order)'),
  feedback: BlockResultSchema.nullable().describe("The panel's result of the same block in the previous round; withheld when fewer than k answered"),
});

export type CreateBlock = z.output<typeof CreateBlockSchema>;
export type UpdateBlock = z.output<typeof UpdateBlockSchema>;
export type SetThreshold = z.output<typeof SetThresholdSchema>;
export type SaveBlockAnswers = z.output<typeof SaveBlockAnswersSchema>;
export type PanelistBlock = z.output<typeof PanelistBlockSchema>;
