/** The stored and served shape of a study's reporting fields (names and labels in reporting-fields.ts). */
import { z } from 'zod';
import { REPORTING_FIELDS, type ReportingField } from './reporting-fields';

export { REPORTING_FIELDS, type ReportingField, type StudyReporting } from './reporting-fields';

export const StudyReportingSchema = z
  .object(
    Object.fromEntries(REPORTING_FIELDS.map((f) => [f.key, z.string().trim().max(8000).optional()])) as Record<ReportingField, z.ZodOptional<z.ZodString>>,
  )
  .strict()
  .meta({ id: 'StudyReporting', description: 'What the report says about the study beyond its numbers; an empty or missing field is "not reported"' });
