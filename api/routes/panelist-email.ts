import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PanelSessionSchema } from '../schemas/auth';
import { errorResponses } from '../schemas/common';
import { errors } from '../errors';
import { panelistForToken } from '../services/link-service';
import { setReminderPreference } from '../email/mailing-service';
import { noSession } from '../openapi';

/** What an e-mail's opt-out link calls, under /api/panelist: no session, only the token from the e-mail. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/unsubscribe',
    {
      config: { public: true },
      schema: {
        operationId: 'unsubscribe',
        security: noSession,
        tags: ['panelists'],
        summary: 'Stop e-mail reminders with the token of any of your links, without signing in. Unknown, expired and revoked tokens get the same 401.',
        body: PanelSessionSchema,
        response: { 200: z.object({ ok: z.literal(true), reminders: z.literal(false) }), ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request) => {
      app.attempts.check(request, 'token');
      const panelist = await panelistForToken(app.db, request.body.token, app.now(), app.invitationTtlMs);
      if (!panelist || panelist.status === 'withdrawn') {
        app.attempts.fail(request, 'token');
        throw errors.invitationInvalid();
      }
      await setReminderPreference(app.db, panelist, false);
      return { ok: true as const, reminders: false as const };
    },
  );
};
export default routes;
