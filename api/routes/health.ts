import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noSession } from '../openapi';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        security: noSession,
        tags: ['service'],
        summary: 'Liveness and database check',
        response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok'), version: z.string() }) },
      },
    },
    async () => {
      await app.db.raw('select 1');
      return { status: 'ok' as const, database: 'ok' as const, version: process.env.npm_package_version ?? '0.1.0' };
    },
  );
};
export default routes;
