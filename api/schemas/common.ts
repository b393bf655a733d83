import { z } from 'zod';

export const ErrorSchema = z
  .object({
    statusCode: z.number().int(),
    code: z.string().describe('Stable machine-readable code, e.g. DELPHI_ROUND_CLOSED'),
    error: z.string().describe('HTTP status text'),
    message: z.string().describe('What went wrong, written for people'),
    details: z.unknown().optional(),
  })
  .describe('The one error shape every failure uses');

/** The one error shape, as a type the server and the web app share. */
export type ErrorBody = z.output<typeof ErrorSchema>;

export const LanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en, de, fr or pt-BR');

export const StudyRefSchema = z
  .string()
  .min(1)
  .max(80)
  .describe('Study id or slug');

export const StudyParamsSchema = z.object({ studyId: StudyRefSchema });
/** Row ids are 32-bit integers on both databases (PostgreSQL `integer`). */
export const MAX_ID = 2_147_483_647;
export const IdSchema = z.coerce.number().int().positive().max(MAX_ID);

export const OkSchema = z.object({ ok: z.literal(true) });

/** Text per language: {"en": "...", "fr": "..."} */
export const TextsSchema = z.record(LanguageSchema, z.string().trim().min(1).max(2000));

export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;
