import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../schemas/common';
import { QueuedSchema } from '../schemas/email';
import { RoundParamsSchema } from '../schemas/round';
import { RemindersSummarySchema, RemindQuerySchema, ScheduleSchema, UpdateScheduleSchema } from '../schemas/schedule';
import { remindersSummary, remindNow } from '../email/mailing-service';
import { scheduleView, setRoundSchedule } from '../services/schedule-service';
import { facilitatorSession } from '../openapi';
import { roundOf } from '../plugins/auth';

/** When a round opens and closes, its reminders, and how each subgroup responds to them. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/rounds/:roundId/schedule',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'getSchedule',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: "A round's opening and closing times and reminders, also in the study's time zone",
        params: RoundParamsSchema,
        response: { 200: ScheduleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study } = roundOf(request);
      return await scheduleView(app.db, study, round);
    },
  );

  app.patch(
    '/rounds/:roundId/schedule',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'updateSchedule',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Set when the round opens and closes (the service does it on time, also after a restart) and the reminders before the close',
        params: RoundParamsSchema,
        body: UpdateScheduleSchema,
        response: { 200: ScheduleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study, facilitatorId } = roundOf(request);
      return await setRoundSchedule(app.db, study, round.id, request.body, facilitatorId, app.now());
    },
  );

  app.post(
    '/rounds/:roundId/remind',
    {
      config: { access: { round: 'write' } },
      schema: {
        operationId: 'sendReminders',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'E-mail a reminder now to those who have not completed (or not answered) the open round, except those who opted out; once a day at most',
        params: RoundParamsSchema,
        querystring: RemindQuerySchema,
        response: { 202: QueuedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { round, study, facilitatorId } = roundOf(request);
      const queued = await remindNow(app.db, app.email, study, round, request.query.audience, { facilitatorId, baseUrl: app.publicUrl, now: app.now() });
      return reply.code(202).send(queued);
    },
  );

  app.get(
    '/rounds/:roundId/reminders-summary',
    {
      config: { access: { round: 'read' } },
      schema: {
        operationId: 'getRemindersSummary',
        security: facilitatorSession,
        tags: ['rounds'],
        summary: 'Response rates overall and per subgroup next to the reminders each group was sent, to spot differential attrition',
        params: RoundParamsSchema,
        response: { 200: RemindersSummarySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { round, study } = roundOf(request);
      return await remindersSummary(app.db, app.email, study, round);
    },
  );
};
export default routes;
