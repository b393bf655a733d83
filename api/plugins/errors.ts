import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isUniqueViolation } from '../../db/client';
import { DelphiError, errors } from '../errors';
import { unknownPanelistSession } from './auth';

/** Maps every failure to the one error shape; anything unexpected becomes a 500 that leaks nothing. */
export default fp(
  async (app) => {
    app.setErrorHandler(async (err: FastifyError | DelphiError, request, reply) => {
      // Refusals from a handler come after its session check; what failed before it did not see one.
      if (!(err instanceof DelphiError) && (await unknownPanelistSession(app.db, request, app.now().toISOString()))) {
        return reply.code(401).send(errors.unauthenticated().toBody());
      }
      if (err instanceof DelphiError) {
        if (err.statusCode >= 500) request.log.error({ err }, 'request failed');
        return reply.code(err.statusCode).send(err.toBody());
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const where = err.validationContext ?? 'body';
        const details = err.validation.map((v) => ({
          path: [
            where,
            ...String(v.instancePath ?? '')
              .split('/')
              .filter(Boolean),
          ].join('.'),
          message: v.message ?? 'is not valid',
        }));
        const first = details[0];
        return reply.code(400).send(errors.validation(first ? `${first.path}: ${first.message}` : 'The request is not valid.', details).toBody());
      }
      if (isUniqueViolation(err)) {
        // Two requests raced to create the same thing and the database kept one; nothing of this one was stored.
        return reply
          .code(409)
          .send(new DelphiError(409, 'DELPHI_CONFLICT', 'That changed at the same moment through another request. Reload and try again.').toBody());
      }
      const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
      if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.code(413).send(errors.payloadTooLarge().toBody());
      }
      if (status === 429) {
        return reply.code(429).send(new DelphiError(429, 'DELPHI_RATE_LIMITED', 'Too many attempts. Please wait a minute and try again.').toBody());
      }
      if (status >= 400 && status < 500) {
        // Fastify's own client errors: malformed JSON, wrong content type, bad encoding, empty body.
        const code = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'DELPHI_UNSUPPORTED_MEDIA_TYPE' : 'DELPHI_BAD_REQUEST';
        const message =
          err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'Send the request body as application/json.'
            : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
              ? 'The request body is empty; send a JSON object.'
              : /JSON/i.test(err.message)
                ? 'The request body is not valid JSON.'
                : 'The request could not be read.';
        return reply.code(status).send(new DelphiError(status, code, message).toBody());
      }
      request.log.error({ err }, 'unexpected error');
      return reply.code(500).send(errors.internal().toBody());
    });

    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(errors.notFound(`${request.method} ${request.url.split('?')[0]}`).toBody());
    });
  },
  { name: 'errors' },
);
