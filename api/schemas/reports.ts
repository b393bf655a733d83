import { z } from 'zod';

export const ReportQuerySchema = z
  .object({
    round: z.coerce.number().int().positive().max(1000).optional().describe('Report after round N: rounds 1..N only'),
  })
  .strict();

export const HtmlReportSchema = z.string().describe('The consensus report as one self-contained HTML page (no script)');
export const FileSchema = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ description: 'The file, as an attachment', type: 'string', format: 'binary' });
export const CsvSchema = z.string().describe('UTF-8 CSV with a byte-order mark');
export const JsonExportSchema = z.string().describe('The study export; see /api/schemas/study-export.json');
export const JsonSchemaDocumentSchema = z.string().describe('JSON Schema 2020-12 of the study export');

export const ImportResultSchema = z.object({
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
      differences: z.array(z.object({ round: z.number().int(), where: z.string(), path: z.string(), stored: z.unknown(), recomputed: z.unknown() })),
    })
    .nullable()
    .describe('Every closed round recomputed from the imported answers and compared with the imported results; null without per-person answers'),
  notes: z.array(z.string()),
});

export type ImportResult = z.output<typeof ImportResultSchema>;
