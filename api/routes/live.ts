import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StudyParamsSchema } from '../schemas/common';
import { LiveQuerySchema } from '../schemas/live';
import { errors } from '../errors';
import { sameHost } from '../plugins/security';
import { facilitatorsOnly, requirePanelist, studyOf } from '../plugins/auth';

/**
 * Websocket streams. The upgrade is refused (before any socket exists) when the session is
 * missing or the Origin is another site, since browsers do not apply CORS to websockets.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  /** The study a facilitator's upgrade was allowed to read (checked before the socket exists). */
  const streamOf = new WeakMap<object, number>();
  app.addHook('preValidation', async (request) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !sameHost(origin, request.headers.host)) throw errors.crossOrigin();
  });

  app.get(
    '/panel',
    {
      websocket: true,
      schema: { tags: ['live'], summary: 'Panelist stream: round opened/closed events with per-study sequence numbers', querystring: LiveQuerySchema },
      preValidation: async (request) => {
        requirePanelist(request);
      },
    },
    (socket, request) => {
      const p = request.panelist!;
      void app.live.attach(p.studyId, socket, 'panel', request.query.since, p.id);
    },
  );

  app.get(
    '/studies/:studyId',
    {
      websocket: true,
      config: { access: { study: 'read' } },
      schema: { tags: ['live'], summary: 'Facilitator stream for a study', params: StudyParamsSchema, querystring: LiveQuerySchema },
      // The same gate as the HTTP routes: a session opened with a one-time password is not enough.
      preValidation: facilitatorsOnly,
      preHandler: async (request) => {
        const { study } = studyOf(request);
        streamOf.set(request, study.id);
      },
    },
    (socket, request) => {
      void app.live.attach(streamOf.get(request)!, socket, 'facilitator', request.query.since);
    },
  );
};
export default routes;
