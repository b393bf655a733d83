import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { QueuedSchema } from '../schemas/email';
import { RemindersSummarySchema, RemindQuerySchema, ScheduleSchema, UpdateScheduleSchema } from '../schemas/schedule';
import { remindersSummary, remindNow } from '../email/mailing-service';
import { scheduleView, setRoundSchedule } from '../services/schedule-service';
import { roundRoute } from './route-options';
import { roundOf } from '../plugins/auth';

/** When a round opens and closes, its reminders, and how each subgroup responds to them. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/rounds/:roundId/schedule',
    roundRoute('read', {
      operationId: 'getSchedule',
      tags: ['rounds'],
      summary: "A round's opening and closing times and reminders, also in the study's time zone",
      response: { 200: ScheduleSchema },
    }),
    async (request) => {
      const { round, study } = roundOf(request);
      return await scheduleView(app.db, study, round);
    },
  );

  app.patch(
    '/rounds/:roundId/schedule',
    roundRoute('write', {
      operationId: 'updateSchedule',
      tags: ['rounds'],
      summary: 'Set when the round opens and closes (the service does it on time, also after a restart) and the reminders before the close',
      body: UpdateScheduleSchema,
      response: { 200: ScheduleSchema },
    }),
    async (request) => {
      const { round, study, facilitatorId } = roundOf(request);
      return await setRoundSchedule(app.db, study, round.id, request.body, facilitatorId, app.now());
    },
  );

  app.post(
    '/rounds/:roundId/remind',
    roundRoute('write', {
      operationId: 'sendReminders',
      tags: ['rounds'],
      summary: 'E-mail a reminder now to those who have not completed (or not answered) the open round, except those who opted out; once a day at most',
      querystring: RemindQuerySchema,
      response: { 202: QueuedSchema },
    }),
    async (request, reply) => {
      const { round, study, facilitatorId } = roundOf(request);
      const queued = await remindNow(app.db, app.email, study, round, request.query.audience, { facilitatorId, baseUrl: app.publicUrl, now: app.now() });
      return reply.code(202).send(queued);
    },
  );

  app.get(
    '/rounds/:roundId/reminders-summary',
    roundRoute('read', {
      operationId: 'getRemindersSummary',
      tags: ['rounds'],
      summary: 'Response rates overall and per subgroup next to the reminders each group was sent, to spot differential attrition',
      response: { 200: RemindersSummarySchema },
    }),
    async (request) => {
      const { round, study } = roundOf(request);
      return await remindersSummary(app.db, app.email, study, round);
    },
  );
};
export default routes;
