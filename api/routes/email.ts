import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, StudyParamsSchema } from '../schemas/common';
import {
  EmailLogEntrySchema,
  EmailLogParamsSchema,
  EmailLogQuerySchema,
  EmailStatusSchema,
  EmailTemplateParamsSchema,
  EmailTemplateSchema,
  MailingSchema,
  PutEmailTemplateSchema,
  QueuedSchema,
} from '../schemas/email';
import { countEmailsByStatus, listEmailLog, listEmailTemplates } from '../repositories/email';
import { requireFacilitator } from '../plugins/auth';
import { studyAccess } from '../services/access';
import { templatesOfStudy } from '../services/email-templates';
import { resendEmail, resetEmailTemplate, saveEmailTemplate, sendMailing } from '../services/mailing-service';
import { facilitatorSession } from '../openapi';

/** A study's e-mail: whether it is on, its templates, what was sent to whom, invitations and thanks. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/studies/:studyId/email-status',
    {
      schema: {
        operationId: 'getEmailStatus',
        security: facilitatorSession,
        tags: ['email'],
        summary: 'Whether the service sends e-mail (SMTP configured), and how many messages were sent, failed or bounced',
        params: StudyParamsSchema,
        response: { 200: EmailStatusSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'read');
      return {
        enabled: app.email.enabled,
        reason: app.email.reason,
        from: app.email.from,
        timeZone: study.timeZone,
        counts: await countEmailsByStatus(app.db, study.id),
      };
    },
  );

  app.get(
    '/studies/:studyId/email-templates',
    {
      schema: {
        operationId: 'listEmailTemplates',
        security: facilitatorSession,
        tags: ['email'],
        summary: "Every e-mail template of the study, per language and kind: the study's own wording or the shipped default",
        params: StudyParamsSchema,
        response: { 200: z.array(EmailTemplateSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'read');
      return templatesOfStudy(await listEmailTemplates(app.db, study.id), study.languages);
    },
  );

  app.put(
    '/studies/:studyId/email-templates',
    {
      schema: {
        operationId: 'setEmailTemplate',
        security: facilitatorSession,
        tags: ['email'],
        summary:
          "Set the study's wording of one e-mail in one language. Placeholders: {{link}}, {{study_title}}, {{round_number}}, {{closes_at}}, {{opt_out_link}}; any other is refused (400)",
        params: StudyParamsSchema,
        body: PutEmailTemplateSchema,
        response: { 200: EmailTemplateSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, facilitatorId } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'write');
      return await saveEmailTemplate(app.db, study, request.body, facilitatorId, app.now().toISOString());
    },
  );

  app.delete(
    '/studies/:studyId/email-templates/:language/:kind',
    {
      schema: {
        operationId: 'resetEmailTemplate',
        security: facilitatorSession,
        tags: ['email'],
        summary: 'Go back to the shipped wording of one e-mail in one language',
        params: EmailTemplateParamsSchema,
        response: { 200: EmailTemplateSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { study, facilitatorId } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'write');
      return await resetEmailTemplate(app.db, study, request.params.language, request.params.kind, facilitatorId);
    },
  );

  app.get(
    '/studies/:studyId/email-log',
    {
      schema: {
        operationId: 'listEmailLog',
        security: facilitatorSession,
        tags: ['email'],
        summary:
          'Every e-mail sent to a panelist: kind, when, and whether the SMTP server accepted it (newest first; filter by round, panelist, kind, status). In strict anonymity reminders are not listed.',
        params: StudyParamsSchema,
        querystring: EmailLogQuerySchema,
        response: { 200: z.array(EmailLogEntrySchema), ...errorResponses },
      },
    },
    async (request) => {
      const { study } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'read');
      // Reminders go to those who have not answered: listed per panelist they would name them.
      const strict = study.anonymity === 'strict';
      if (strict && request.query.kind === 'reminder') return [];
      const query = strict ? { ...request.query, withoutKind: 'reminder' as const } : request.query;
      const now = app.now().toISOString();
      return (await listEmailLog(app.db, study.id, query)).map(({ log, code, roundNumber }) => {
        const stuck = log.status === 'queued' && (log.leaseUntil === null || log.leaseUntil < now);
        return {
          id: log.id,
          panelistId: log.panelistId,
          code,
          roundId: log.roundId,
          roundNumber,
          kind: log.kind,
          key: log.key,
          status: log.status,
          error: log.error,
          createdAt: log.createdAt,
          sentAt: log.sentAt,
          stuck,
          resendable: stuck || log.status === 'failed' || log.status === 'bounced',
        };
      });
    },
  );

  app.post(
    '/studies/:studyId/email-log/:logId/resend',
    {
      schema: {
        operationId: 'resendEmail',
        security: facilitatorSession,
        tags: ['email'],
        summary: 'Send a failed, bounced or stuck e-mail again, with a fresh personal link (409 when it was sent or is being sent, or e-mail is off)',
        params: EmailLogParamsSchema,
        response: { 202: QueuedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { study, facilitatorId } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'write');
      const queued = await resendEmail(app.db, app.email, study, request.params.logId, { facilitatorId, baseUrl: app.publicUrl, now: app.now() });
      return reply.code(202).send(queued);
    },
  );

  app.post(
    '/studies/:studyId/mailings',
    {
      schema: {
        operationId: 'sendMailing',
        security: facilitatorSession,
        tags: ['email'],
        summary:
          'E-mail invitations (once per issued link) or thank-you messages to the panel, each with a personal link; sending continues after the reply (409 when e-mail is off)',
        params: StudyParamsSchema,
        body: MailingSchema,
        response: { 202: QueuedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { study, facilitatorId } = await studyAccess(app.db, requireFacilitator(request), request.params.studyId, 'write');
      const queued = await sendMailing(app.db, app.email, study, request.body, { facilitatorId, baseUrl: app.publicUrl, now: app.now() });
      return reply.code(202).send(queued);
    },
  );
};
export default routes;
