import { z } from 'zod';
import { LanguageSchema, TextsSchema } from './common';
import { ProtocolSchema as StoredProtocolSchema } from '../contract/protocol';
import { StudyReportingSchema } from '../contract/reporting';
import { StudyCriterionSchema } from '../contract/study';
import { ProtocolSchema } from './protocol';
import { TimeZoneSchema } from './schedule';
import type { CriteriaPresetName } from '../stats/presets';

export const AttributeSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (e.g. role_level)'),
  label: z.string().trim().min(1).max(80),
  values: z.array(z.string().trim().min(1).max(80)).min(2).max(60),
});

export const ScaleSchema = z
  .object({
    min: z.number().int().min(0).max(10),
    max: z.number().int().min(1).max(11),
    cannotJudge: z.boolean().default(true).describe('Offer a "cannot judge" answer'),
    labels: z
      .record(LanguageSchema, z.record(z.string().regex(/^\d+$/), z.string().trim().min(1).max(80)))
      .default({})
      .describe('Labels per language and scale point: {"en": {"1": "Strongly disagree"}}'),
  })
  .refine((s) => s.max - s.min >= 2, { message: 'A scale needs at least three points', path: ['max'] });

export const CriterionSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (e.g. importance)'),
    labels: z.record(LanguageSchema, z.string().trim().min(1).max(300)).describe('The question per study language'),
    scale: ScaleSchema,
    agree: z
      .tuple([z.number().int(), z.number().int()])
      .optional()
      .describe("Agreement band [from, to]; default the scale's (7-9 on 1-9, top two points on 5 and 7 points)"),
    relevance: z.boolean().default(false).describe('Compute content validity (I-CVI, κ*) with the agreement band as the relevant band'),
  })
  .strict();

const CRITERIA_PRESETS = ['criteria_default', 'grade_70_15_all', 'cvi_078'] as const satisfies readonly CriteriaPresetName[];

const CriteriaSchema = z
  .array(CriterionSchema)
  .max(3)
  .describe('Up to 3 criteria each item is rated on; empty: one rating per item on `scale`. Editable until round 1 opens.');

const StudyFields = {
  title: z.string().trim().min(1).max(200),
  aim: z.string().trim().max(4000).default(''),
  languages: z.array(LanguageSchema).min(1).max(24).describe('The first language is the default'),
  attributes: z.array(AttributeSchema).max(10).default([]),
  scale: ScaleSchema,
  anonymity: z.enum(['quasi', 'strict']).default('quasi').describe('strict hides per-person ratings from facilitators too'),
  minGroupSize: z.number().int().min(3).max(100).default(5).describe('k: groups smaller than this are never shown'),
  withdrawalPolicy: z.enum(['keep', 'erase']).default('keep').describe('What happens to the answers of a panelist who withdraws'),
  timeNeededMinutes: z.number().int().min(1).max(600).default(15),
};

export const CreateStudySchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'Use 2-60 lower-case letters, digits and dashes')
      .regex(/[a-z]/, 'Use at least one letter, so the address cannot be mistaken for a study number')
      .optional(),
    ...StudyFields,
    criteria: CriteriaSchema.default([]),
    protocol: ProtocolSchema.optional().describe('Defaults to the pct75_iqr preset for the scale (criteria_default with named criteria)'),
    timeZone: TimeZoneSchema.optional().describe('IANA time zone of the dates shown to panelists and in e-mails; default Europe/London'),
    reporting: StudyReportingSchema.optional().describe('What the report says beyond the numbers: rationale, recruitment, ethics, funding...'),
  })
  .strict();

export const UpdateStudySchema = z
  .object({
    title: StudyFields.title.optional(),
    aim: z.string().trim().max(4000).optional(),
    languages: StudyFields.languages.optional(),
    attributes: z.array(AttributeSchema).max(10).optional(),
    scale: ScaleSchema.optional(),
    anonymity: z.enum(['quasi', 'strict']).optional(),
    minGroupSize: z.number().int().min(3).max(100).optional(),
    withdrawalPolicy: z.enum(['keep', 'erase']).optional(),
    timeNeededMinutes: z.number().int().min(1).max(600).optional(),
    timeZone: TimeZoneSchema.optional(),
    reporting: StudyReportingSchema.optional().describe('Replaces every reporting field at once; a field left out becomes "not reported"'),
    criteria: CriteriaSchema.optional(),
    protocol: ProtocolSchema.optional().describe('Only with criteria, when the rules must change with them; before round 1 opens'),
    protocolPreset: z
      .enum(CRITERIA_PRESETS)
      .optional()
      .describe(
        'Only with criteria, instead of `protocol`: the rules of this preset for the new criteria (criteria_default: ' +
          'the §0 rule on each; grade_70_15_all: GRADE 7-9 on every 1-9 criterion; cvi_078: I-CVI ≥ 0.78 on each relevance criterion)',
      ),
  })
  .strict();

export const StudySchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    aim: z.string(),
    languages: z.array(z.string()),
    attributes: z.array(AttributeSchema),
    scale: ScaleSchema,
    criteria: z.array(StudyCriterionSchema).describe('Named criteria; empty: one unnamed criterion on `scale`'),
    protocol: StoredProtocolSchema,
    protocolLockedAt: z.string().nullable(),
    protocolReadings: z.array(z.string()).describe('Each rule of the protocol in plain words, in order, e.g. "Consensus: include when at least 75% rate 7-9"'),
    stopItemReading: z.string().nullable().describe("The protocol's stop_item_when in plain words; null when it has none"),
    anonymity: z.enum(['quasi', 'strict']),
    minGroupSize: z.number().int(),
    withdrawalPolicy: z.enum(['keep', 'erase']),
    timeNeededMinutes: z.number().int(),
    status: z.enum(['draft', 'running', 'closed']),
    timeZone: z.string().describe('IANA time zone in which dates are shown'),
    reporting: StudyReportingSchema,
    role: z.enum(['owner', 'facilitator', 'observer', 'admin']).describe('Your role in this study'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Study', description: 'A study as its members see it, with your role in it' });

export const StudySummarySchema = StudySchema.pick({ id: true, slug: true, title: true, status: true, role: true, createdAt: true });

export const CategorySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    position: z.number().int(),
    names: z.record(z.string(), z.string()),
  })
  .meta({ id: 'Category', description: 'A category (framework dimension) of items' });

export const CreateCategorySchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'Use letters, digits, dot, dash or underscore'),
    names: TextsSchema,
    position: z.number().int().min(0).optional(),
  })
  .strict();

export const ItemSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    categoryId: z.number().int().nullable(),
    position: z.number().int(),
    status: z.enum(['active', 'dropped', 'settled']),
    versionId: z.number().int(),
    version: z.number().int(),
    texts: z.record(z.string(), z.string()),
  })
  .meta({ id: 'Item', description: 'An item with its latest wording' });

export const CreateItemSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'Use letters, digits, dot, dash or underscore'),
    categoryId: z.number().int().positive().nullable().default(null),
    texts: TextsSchema,
    position: z.number().int().min(0).optional(),
  })
  .strict();

export const UpdateItemSchema = z
  .object({
    categoryId: z.number().int().positive().nullable().optional(),
    texts: TextsSchema.optional(),
    position: z.number().int().min(0).optional(),
  })
  .strict();

export const CsvBodySchema = z.object({ csv: z.string().min(1).max(2_000_000).describe('The CSV file as text, with a header line') }).strict();

export const ItemsCsvBodySchema = CsvBodySchema.extend({
  createCategories: z
    .boolean()
    .default(false)
    .describe('Create the categories the file names that the study does not have yet; without it they are problems of their lines'),
}).strict();

export const MemberSchema = z
  .object({
    facilitatorId: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['owner', 'facilitator', 'observer']),
  })
  .meta({ id: 'Member', description: 'A facilitator working on the study, with their role' });

export const AddMemberSchema = z.object({ email: z.email(), role: z.enum(['owner', 'facilitator', 'observer']) }).strict();

export const PresetQuerySchema = z.object({
  min: z.coerce.number().int().min(0).max(10),
  max: z.coerce.number().int().min(1).max(11),
});

export type CreateStudy = z.output<typeof CreateStudySchema>;
export type UpdateStudy = z.output<typeof UpdateStudySchema>;
export type Study = z.output<typeof StudySchema>;
export type Scale = z.output<typeof ScaleSchema>;
export type Attribute = z.output<typeof AttributeSchema>;
export type Criterion = z.output<typeof CriterionSchema>;
export type Item = z.output<typeof ItemSchema>;
export type CreateItem = z.output<typeof CreateItemSchema>;
