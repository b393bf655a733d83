import { z } from 'zod';

const ReportLanguage = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language code such as de or pt-BR')
  .optional()
  .describe("One of the study's languages: headings, labels, outcome words and item texts in it (labels in en, de, fr, es, it, pl)");

export const ReportQuerySchema = z
  .object({
    round: z.coerce.number().int().positive().max(1000).optional().describe('Report after round N: rounds 1..N only'),
    language: ReportLanguage,
  })
  .strict();

export const ExportQuerySchema = z
  .object({
    language: ReportLanguage,
    archive: z
      .enum(['default', 'full'])
      .optional()
      .describe('JSON only: full = with the e-mail addresses of panel and team and every attribute, for moving a study (409 in strict anonymity)'),
  })
  .strict();

export const HtmlReportSchema = z.string().describe('The consensus report as one self-contained HTML page (no script)');
export const FileSchema = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ description: 'The file, as an attachment', type: 'string', format: 'binary' });
export const CsvSchema = z.string().describe('UTF-8 CSV with a byte-order mark');
export const JsonSchemaDocumentSchema = z
  // $schema and $id are not listed: the document resolver of @fastify/swagger reads any `$id` key as a schema id.
  .looseObject({ title: z.string(), type: z.literal('object') })
  .describe('JSON Schema 2020-12 of the study export (with $schema and $id)');

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const JsonValueSchema: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]))
  .meta({ id: 'JsonValue', description: 'Any JSON value' });

export const ImportResultSchema = z
  .object({
    studyId: z.number().int(),
    slug: z.string().describe('A new slug when the exported one is taken here'),
    title: z.string(),
    counts: z.object({
      items: z.number().int(),
      versions: z.number().int(),
      rounds: z.number().int(),
      panelists: z.number().int(),
      responses: z.number().int(),
      results: z.number().int(),
    }),
    verification: z
      .object({
        roundsChecked: z.number().int(),
        itemsChecked: z.number().int(),
        identical: z.boolean(),
        differences: z.array(z.object({ round: z.number().int(), where: z.string(), path: z.string(), stored: JsonValueSchema, recomputed: JsonValueSchema })),
      })
      .nullable()
      .describe('Every closed round recomputed from the imported answers and compared with the imported results; null without per-person answers'),
    notes: z.array(z.string()),
  })
  .meta({ id: 'ImportResult' });

export type ImportResult = z.output<typeof ImportResultSchema>;
