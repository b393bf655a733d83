/** The guideline checklist as the console reads it (kept apart from the file schemas, which need Node's Buffer). */
import { z } from 'zod';

export const ReportingChecklistSchema = z
  .object({
    rows: z.array(
      z.object({
        guideline: z.enum(['ACCORD', 'CREDES']),
        number: z.string(),
        part: z.string().describe('Title, Introduction, Methods... (ACCORD) or Conducting / Reporting (CREDES)'),
        topic: z.string().describe('What the item asks for, in our own words'),
        answeredIn: z.string().nullable().describe('The numbered report section that answers it; null: not reported'),
        missing: z.enum(['field', 'results']).nullable().describe('field: a reporting field is empty; results: no rating round has closed'),
      }),
    ),
  })
  .meta({ id: 'ReportingChecklist', description: 'ACCORD and CREDES items mapped to the report sections that answer them' });
