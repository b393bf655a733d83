import { z } from 'zod';

/** The 409 codes a service raises with errors.conflict (each prefixed with DELPHI_ on the wire). */
export const CONFLICT_CODES = [
  'ANONYMITY_LOOSENED',
  'CATEGORY_EXISTS',
  'CODE_TAKEN',
  'COMMENTS_HELD',
  'EMAIL_DISABLED',
  'EMAIL_TAKEN',
  'ITEM_EXISTS',
  'ITEM_PRESENTED',
  'LAST_OWNER',
  'PANELIST_WITHDRAWN',
  'ROUND_CLOSED',
  'ROUND_EMPTY',
  'ROUND_IN_PROGRESS',
  'ROUND_NOT_CLOSED',
  'ROUND_NOT_DRAFT',
  'ROUND_NOT_OPEN',
  'ROUND_NOT_OPEN_ENDED',
  'ROUND_NOT_RATING',
  'SLUG_TAKEN',
  'STUDY_CLOSED',
  'STUDY_LOCKED',
  'EMAIL_NOT_RESENDABLE',
  'ARCHIVE_NOT_ALLOWED',
] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];

/** Every code an error can carry (api/errors.ts and the error handler in api/plugins/errors.ts). */
export const ERROR_CODES = [
  'DELPHI_BAD_REQUEST',
  'DELPHI_JSON_TOO_DEEP',
  'DELPHI_VALIDATION',
  'DELPHI_CSV_INVALID',
  'DELPHI_TRANSLATION_FILE_INVALID',
  'DELPHI_PROTOCOL_INVALID',
  'DELPHI_UNAUTHENTICATED',
  'DELPHI_BAD_CREDENTIALS',
  'DELPHI_INVITATION_INVALID',
  'DELPHI_PASSWORD_CHANGE_REQUIRED',
  'DELPHI_FORBIDDEN',
  'DELPHI_CROSS_ORIGIN',
  'DELPHI_NOT_FOUND',
  'DELPHI_CONFLICT',
  'DELPHI_PROTOCOL_LOCKED',
  ...CONFLICT_CODES.map((c) => `DELPHI_${c}` as const),
  'DELPHI_PAYLOAD_TOO_LARGE',
  'DELPHI_UNSUPPORTED_MEDIA_TYPE',
  'DELPHI_IDEMPOTENCY_MISMATCH',
  'DELPHI_RATE_LIMITED',
  'DELPHI_NOT_READY',
  'DELPHI_INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ProblemSchema = z
  .object({
    line: z.number().int().optional().describe('CSV line (the header is line 1)'),
    column: z.string().optional().describe('CSV column'),
    path: z.string().optional().describe('Where in the request, e.g. body.rules.1.when'),
    message: z.string(),
  })
  .meta({ id: 'Problem', description: 'One problem with the request' });
export type Problem = z.output<typeof ProblemSchema>;

export const ErrorDetailsSchema = z
  .object({
    problems: z.array(ProblemSchema),
    total: z.number().int().optional().describe('How many problems there are in all, when only the first 50 are listed'),
    checks: z
      .record(z.string(), z.enum(['ok', 'failing']))
      .optional()
      .describe('DELPHI_NOT_READY only: each readiness check (database, migrations, scheduler)'),
  })
  .meta({ id: 'ErrorDetails', description: 'Every problem found, for 400 errors (validation, CSV, protocol) and 503 (what is not ready); absent otherwise' });
export type ErrorDetails = z.output<typeof ErrorDetailsSchema>;

export const ErrorSchema = z
  .object({
    statusCode: z.number().int(),
    code: z.enum(ERROR_CODES).describe('Stable machine-readable code'),
    error: z.string().describe('HTTP status text'),
    message: z.string().describe('What went wrong, written for people'),
    details: ErrorDetailsSchema.optional(),
  })
  .meta({ id: 'Error', description: 'The one error shape every failure uses' });

/** The one error shape, as a type the server and the web app share. */
export type ErrorBody = z.output<typeof ErrorSchema>;

export const LanguageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en, de, fr or pt-BR');

export const StudyRefSchema = z.string().min(1).max(80).describe('The study’s numeric id or its slug (e.g. 42 or my-study)');

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
