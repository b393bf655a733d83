import { z } from 'zod';
import { MAX_ID } from './common';
import { RoundKindSchema } from '../contract/study';
import { PanelistBlockSchema } from './blocks';

/** Everything here is what a panelist's browser receives: no other panelist's code, contact, token or time. */

const PanelistScaleSchema = z.object({
  min: z.number().int(),
  max: z.number().int(),
  cannotJudge: z.boolean(),
  labels: z.record(z.string(), z.string()).describe("Labels in the panelist's language"),
});

export const PanelistStudySchema = z.object({
  title: z.string(),
  aim: z.string(),
  languages: z.array(z.string()),
  timeNeededMinutes: z.number().int(),
  anonymity: z.enum(['quasi', 'strict']),
  withdrawalPolicy: z.enum(['keep', 'erase']),
  minGroupSize: z.number().int().describe('k: group results are shown only when at least k panelists rated'),
  status: z.enum(['draft', 'running', 'closed']),
  scale: PanelistScaleSchema,
  criteria: z
    .array(
      z.object({
        code: z.string(),
        label: z.string().describe("The question in the panelist's language"),
        scale: PanelistScaleSchema,
      }),
    )
    .describe('The criteria each item is rated on, in order; empty when the study asks one rating per item on `scale`'),
});

export const InvitationPreviewSchema = z.object({
  study: PanelistStudySchema.pick({
    title: true,
    aim: true,
    languages: true,
    timeNeededMinutes: true,
    anonymity: true,
    withdrawalPolicy: true,
    minGroupSize: true,
  }),
  language: z.string().describe('The language the study team chose for this panelist'),
});

export const PanelistRoundSummarySchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  kind: RoundKindSchema,
  status: z.enum(['open', 'closed']),
  mode: z.enum(['classic', 'realtime']).describe("realtime: the group's figures appear beside each item you have answered and follow new answers"),
  closesAt: z.string().nullable(),
  instructions: z.string(),
});

export const PanelistMeSchema = z.object({
  study: PanelistStudySchema,
  panelist: z.object({
    code: z.string(),
    language: z.string(),
    status: z.enum(['invited', 'active', 'withdrawn']),
    reminders: z.boolean().describe('Whether you receive e-mail reminders'),
  }),
  currentRound: PanelistRoundSummarySchema.nullable(),
  closedRounds: z.array(z.object({ id: z.number().int(), number: z.number().int() })),
});

export const FeedbackCommentSchema = z.object({
  text: z.string().describe("In the panelist's language when the study team translated it; otherwise as written"),
  language: z.string().describe('The language of `text`'),
  translated: z.boolean().describe('True when `text` is a translation by the study team'),
  original: z
    .object({ text: z.string(), language: z.string() })
    .nullable()
    .describe('The comment as the panelist wrote it, beside a translation; null when `text` is the original'),
});

export const FeedbackSchema = z.object({
  round: z.number().int().describe('The round the feedback comes from'),
  withheld: z.boolean().describe('True when fewer than k panelists rated the item, so nothing is shown'),
  nValid: z.number().int().nullable(),
  nNoOpinion: z.number().int().nullable(),
  distribution: z.record(z.string(), z.number().int()).nullable().describe('Count per scale point'),
  median: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  iqr: z.number().nullable(),
  pctAgree: z.number().nullable(),
  outcome: z.string().nullable(),
  yourAnswer: z.object({ value: z.number().int().nullable(), cannotJudge: z.boolean() }).nullable(),
  comments: z.array(FeedbackCommentSchema).describe('Anonymised, in no meaningful order'),
  live: z
    .object({
      snapshot: z.number().int().describe('Which released snapshot of the item this is (1, 2, …)'),
      updated: z.boolean().describe('A newer snapshot than the one you were last shown'),
    })
    .nullable()
    .describe('Real-time round: the figures are the latest snapshot, each resting on at least k more answers than the last; null otherwise'),
});

export const AnswerSchema = z.object({
  value: z.number().int().nullable(),
  cannotJudge: z.boolean(),
  comment: z.string().nullable(),
  revision: z.number().int(),
});

export const PanelistItemSchema = z.object({
  itemVersionId: z.number().int(),
  itemId: z.number().int(),
  code: z.string(),
  categoryId: z.number().int().nullable(),
  text: z.string(),
  answer: AnswerSchema.nullable(),
  feedback: FeedbackSchema.nullable(),
  criteria: z
    .array(z.object({ criterion: z.string(), answer: AnswerSchema.nullable(), feedback: FeedbackSchema.nullable() }))
    .describe(
      "Your answer and last round's feedback per criterion, in the study's order; empty when the study names none (`answer` and `feedback` are the first's)",
    ),
});

export const PanelistRoundSchema = z.object({
  round: PanelistRoundSummarySchema,
  categories: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  items: z.array(PanelistItemSchema),
  blocks: z.array(PanelistBlockSchema).describe('Question blocks (a ranking, relations), shown before the items'),
  ideas: z.array(z.object({ id: z.number().int(), text: z.string() })).describe('Your own ideas (open rounds)'),
  progress: z.object({ answered: z.number().int().describe('Items answered on every criterion'), total: z.number().int() }),
});

export const PanelistFeedbackSchema = z.object({
  round: PanelistRoundSummarySchema,
  items: z.array(PanelistItemSchema),
});

export const SaveAnswerSchema = z
  .object({
    value: z.number().int().nullable().describe('Rating on the study scale, or null with cannotJudge'),
    cannotJudge: z.boolean().default(false),
    comment: z.string().max(4000).nullable().default(null),
    criterion: z
      .string()
      .max(40)
      .optional()
      .describe('The criterion the rating is on; needed when the study rates each item on several (consensus-methods.md §15.1)'),
  })
  .strict();

export const SaveAnswerParamsSchema = z.object({
  itemVersionId: z.coerce.number().int().positive().max(MAX_ID),
});

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'Idempotency-Key must be 8-100 letters, digits or _ . : -')
    .describe('A fresh key per answer; a retry with the same key returns the stored reply'),
});

export const SavedAnswerSchema = AnswerSchema.extend({
  itemVersionId: z.number().int(),
  criterion: z.string().optional().describe('The criterion, in a study that names its criteria'),
});

export const IdeaBodySchema = z.object({ text: z.string().trim().min(1).max(4000), categoryId: z.number().int().positive().nullable().default(null) }).strict();

export const UpdatePanelistMeSchema = z
  .object({
    language: z.string().min(2).max(20).optional(),
    reminders: z.boolean().optional().describe('false: no more e-mail reminders (invitations and round notices still come)'),
  })
  .strict()
  .refine((b) => b.language !== undefined || b.reminders !== undefined, { message: 'Send a language or a reminders setting' });

export type SaveAnswer = z.output<typeof SaveAnswerSchema>;
export type Feedback = z.output<typeof FeedbackSchema>;
export type FeedbackComment = z.output<typeof FeedbackCommentSchema>;
export type PanelistItem = z.output<typeof PanelistItemSchema>;
