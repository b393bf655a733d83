/** The study's own settings as stored and served: its rating scale and its panel attributes. */
import { z } from 'zod';

export const StudyScaleSchema = z
  .object({
    min: z.number().int(),
    max: z.number().int(),
    cannotJudge: z.boolean().describe('A "cannot judge" answer is offered'),
    labels: z.record(z.string(), z.record(z.string(), z.string())).describe('Labels per language and scale point: {"en": {"1": "Strongly disagree"}}'),
  })
  .meta({ id: 'Scale', description: 'The rating scale of a study' });
export type StudyScale = z.infer<typeof StudyScaleSchema>;

export const StudyAttributeSchema = z
  .object({
    name: z.string().describe('Machine name, e.g. role_level'),
    label: z.string(),
    values: z.array(z.string()),
  })
  .meta({ id: 'Attribute', description: 'A panel attribute whose groups results are compared along' });
export type StudyAttribute = z.infer<typeof StudyAttributeSchema>;

export const StudyCriterionSchema = z
  .object({
    code: z.string().describe('Stable code used in rules and exports, e.g. importance'),
    labels: z.record(z.string(), z.string()).describe('The question per language: {"en": "Reducing it matters for integrated care"}'),
    scale: StudyScaleSchema,
    agree: z.tuple([z.number().int(), z.number().int()]).describe('Agreement band [from, to] on this scale'),
    relevance: z.boolean().describe('A relevance criterion: content validity (I-CVI, κ*) is computed with `agree` as the relevant band'),
  })
  .meta({ id: 'Criterion', description: 'One criterion items are rated on, with its own scale (consensus-methods.md §15.1)' });
export type StudyCriterion = z.infer<typeof StudyCriterionSchema>;

/**
 * What panelists do in a round: rate the items, or write ideas in an open-ended round. Named `ideas`
 * rather than `open` so that it cannot be read as the round's status (`status: 'open'`).
 */
export const RoundKindSchema = z
  .enum(['rating', 'ideas'])
  .describe('What panelists do: rate the items (rating) or write ideas in an open-ended round (ideas); not whether the round is open');
export type RoundKind = z.infer<typeof RoundKindSchema>;
