import { z } from 'zod';
import { CommentsSchema } from './round';
import { MAX_ID } from './common';

const Language = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language code such as de or pt-BR')
  .describe('One of the study languages (BCP-47)');

export const CommentTranslationParamsSchema = z.object({
  roundId: z.coerce.number().int().positive().max(MAX_ID),
  responseId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('Opaque id of the comment, as the comments view lists it'),
  language: Language,
});

export const PutCommentTranslationSchema = z.object({ text: z.string().trim().min(1).max(4000).describe('The translation, as plain text') }).strict();

export const CommentSchema = CommentsSchema.shape.comments.element;

export const TranslationExportQuerySchema = z
  .object({
    language: Language.describe('The language to translate into'),
    format: z.enum(['xliff', 'csv']).default('xliff').describe('XLIFF 1.2 for translation tools, or CSV for a spreadsheet'),
  })
  .strict();

export const TranslationFileSchema = z
  .string()
  .describe('The comments with no translation into the language yet, known only by opaque ids: XLIFF 1.2 (target empty) or CSV (target column empty)');

export const CommentTranslationImportSchema = z
  .object({
    language: Language.describe('The language the file was translated into; every unit must name it as its target'),
    format: z.enum(['xliff', 'csv']),
    content: z.string().min(1).max(2_000_000).describe('The translated file as text'),
  })
  .strict();

export const CommentTranslationImportResultSchema = z.object({
  imported: z.number().int().describe('Translations stored (new or replacing earlier ones)'),
  skipped: z.number().int().describe('Units left untranslated (empty target)'),
});

export type CommentTranslationImport = z.output<typeof CommentTranslationImportSchema>;
