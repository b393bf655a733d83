import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../schemas/common';
import { RoundParamsSchema } from '../schemas/round';
import {
  CommentSchema,
  CommentTranslationImportResultSchema,
  CommentTranslationImportSchema,
  CommentTranslationParamsSchema,
  PutCommentTranslationSchema,
  TranslationExportQuerySchema,
  TranslationFileSchema,
} from '../schemas/translations';
import { exportForTranslation, importTranslations, putTranslation, removeTranslation } from '../services/translation-service';
import { facilitatorSession } from '../openapi';
import { roundOf } from '../plugins/auth';

/** The study team's translations of panel comments into the other study languages. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.now().toISOString();

  app.put(
    '/rounds/:roundId/comments/:responseId/translations/:language',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'saveCommentTranslation',
        security: facilitatorSession,
        tags: ['translations'],
        summary: 'Add or replace the translation of a comment into another study language (the original is kept)',
        params: CommentTranslationParamsSchema,
        body: PutCommentTranslationSchema,
        response: { 200: CommentSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, round, facilitatorId } = roundOf(request);
      const { responseId, language } = request.params;
      return await putTranslation(app.db, study, round, responseId, language, request.body.text, facilitatorId, now());
    },
  );

  app.delete(
    '/rounds/:roundId/comments/:responseId/translations/:language',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'removeCommentTranslation',
        security: facilitatorSession,
        tags: ['translations'],
        summary: 'Remove the translation of a comment into one language',
        params: CommentTranslationParamsSchema,
        response: { 200: CommentSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, round, facilitatorId } = roundOf(request);
      return await removeTranslation(app.db, study, round, request.params.responseId, request.params.language, facilitatorId);
    },
  );

  app.get(
    '/rounds/:roundId/comment-translations/export',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'exportCommentsForTranslation',
        security: facilitatorSession,
        tags: ['translations'],
        summary: 'The comments with no translation into a language yet, as XLIFF 1.2 or CSV for a translator',
        params: RoundParamsSchema,
        querystring: TranslationExportQuerySchema,
        response: {
          200: {
            description: TranslationFileSchema.description ?? 'The file',
            content: { 'application/xliff+xml': { schema: TranslationFileSchema }, 'text/csv': { schema: TranslationFileSchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { study, round } = roundOf(request);
      const file = await exportForTranslation(app.db, study, round, request.query.language, request.query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.post(
    '/rounds/:roundId/comment-translations/import',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'importCommentTranslations',
        security: facilitatorSession,
        tags: ['translations'],
        summary: 'Store the translations of a returned XLIFF or CSV file: all of them, or none when any unit is wrong',
        params: RoundParamsSchema,
        body: CommentTranslationImportSchema,
        response: { 200: CommentTranslationImportResultSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, round, facilitatorId } = roundOf(request);
      return await importTranslations(app.db, study, round, request.body, facilitatorId, now());
    },
  );
};
export default routes;
