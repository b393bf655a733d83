import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
import { emailCounts, emailLogFor, resendEmail, resetEmailTemplate, saveEmailTemplate, sendMailing, studyEmailTemplates } from '../email/mailing-service';
import { studyRoute } from './route-options';
import { studyOf } from '../plugins/auth';

/** A study's e-mail: whether it is on, its templates, what was sent to whom, invitations and thanks. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/studies/:studyId/email-status',
    studyRoute('read', {
      operationId: 'getEmailStatus',
      tags: ['email'],
      summary: 'Whether the service sends e-mail (SMTP configured), and how many messages were sent, failed or bounced',
      response: { 200: EmailStatusSchema },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return {
        enabled: app.email.enabled,
        reason: app.email.reason,
        from: app.email.from,
        timeZone: study.timeZone,
        counts: await emailCounts(app.db, study),
      };
    },
  );

  app.get(
    '/studies/:studyId/email-templates',
    studyRoute('read', {
      operationId: 'listEmailTemplates',
      tags: ['email'],
      summary: "Every e-mail template of the study, per language and kind: the study's own wording or the shipped default",
      response: { 200: z.array(EmailTemplateSchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await studyEmailTemplates(app.db, study);
    },
  );

  app.put(
    '/studies/:studyId/email-templates',
    studyRoute('write', {
      operationId: 'setEmailTemplate',
      tags: ['email'],
      summary:
        "Set the study's wording of one e-mail in one language. Placeholders: {{link}}, {{study_title}}, " +
        '{{round_number}}, {{closes_at}}, {{opt_out_link}}; any other is refused (400)',
      body: PutEmailTemplateSchema,
      response: { 200: EmailTemplateSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      return await saveEmailTemplate(app.db, study, request.body, facilitatorId, app.now().toISOString());
    },
  );

  app.delete(
    '/studies/:studyId/email-templates/:language/:kind',
    studyRoute('write', {
      operationId: 'resetEmailTemplate',
      tags: ['email'],
      summary: 'Go back to the shipped wording of one e-mail in one language',
      params: EmailTemplateParamsSchema,
      response: { 200: EmailTemplateSchema },
    }),
    async (request) => {
      const { study, facilitatorId } = studyOf(request);
      return await resetEmailTemplate(app.db, study, request.params.language, request.params.kind, facilitatorId);
    },
  );

  app.get(
    '/studies/:studyId/email-log',
    studyRoute('read', {
      operationId: 'listEmailLog',
      tags: ['email'],
      summary:
        'Every e-mail sent to a panelist: kind, when, and whether the SMTP server accepted it (newest first; filter by ' +
        'round, panelist, kind, status). In strict anonymity reminders are not listed.',
      querystring: EmailLogQuerySchema,
      response: { 200: z.array(EmailLogEntrySchema) },
    }),
    async (request) => {
      const { study } = studyOf(request);
      return await emailLogFor(app.db, study, request.query, app.now());
    },
  );

  app.post(
    '/studies/:studyId/email-log/:logId/resend',
    studyRoute('write', {
      operationId: 'resendEmail',
      tags: ['email'],
      summary: 'Send a failed, bounced or stuck e-mail again, with a fresh personal link (409 when it was sent or is being sent, or e-mail is off)',
      params: EmailLogParamsSchema,
      response: { 202: QueuedSchema },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const queued = await resendEmail(app.db, app.email, study, request.params.logId, { facilitatorId, baseUrl: app.publicUrl, now: app.now() });
      return reply.code(202).send(queued);
    },
  );

  app.post(
    '/studies/:studyId/mailings',
    studyRoute('write', {
      operationId: 'sendMailing',
      tags: ['email'],
      summary:
        'E-mail invitations (once per issued link) or thank-you messages to the panel, each with a personal link; ' +
        'sending continues after the reply (409 when e-mail is off)',
      body: MailingSchema,
      response: { 202: QueuedSchema },
    }),
    async (request, reply) => {
      const { study, facilitatorId } = studyOf(request);
      const queued = await sendMailing(app.db, app.email, study, request.body, { facilitatorId, baseUrl: app.publicUrl, now: app.now() });
      return reply.code(202).send(queued);
    },
  );
};
export default routes;
