import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { noSession } from '../openapi';
import { pendingMigrations } from '../../db/migrate';
import { errors } from '../errors';
import { PACKAGE } from '../package-info';
import { ErrorSchema } from '../schemas/common';

export interface HealthOptions {
  /** Where users get the source code of the running service (SOURCE_URL). */
  sourceUrl?: string;
}

const CheckSchema = z.enum(['ok', 'failing']);
const ReadySchema = z.object({
  status: z.literal('ready'),
  version: z.string(),
  checks: z.object({ database: CheckSchema, migrations: CheckSchema, scheduler: CheckSchema }),
});

const routes: FastifyPluginAsyncZod<HealthOptions> = async (app, opts) => {
  const sourceUrl = opts.sourceUrl ?? PACKAGE.repository;

  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        security: noSession,
        tags: ['service'],
        summary: 'Database check, version, licence and source address',
        description: 'Kept for existing monitors; probes should use /api/health/live and /api/health/ready. The web apps read the source address here.',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.literal('ok'), version: z.string(), license: z.string(), sourceUrl: z.string() }),
        },
      },
    },
    async () => {
      await app.db.raw('select 1');
      return { status: 'ok' as const, database: 'ok' as const, version: PACKAGE.version, license: PACKAGE.license, sourceUrl };
    },
  );

  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        security: noSession,
        tags: ['service'],
        summary: 'Liveness: the process answers requests',
        description: 'Touches nothing else, so a slow database never gets a live server restarted.',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        security: noSession,
        tags: ['service'],
        summary: 'Readiness: database reachable, migrations applied, scheduler running',
        description: 'A 503 (DELPHI_NOT_READY, with each check in details.checks) tells a load balancer to send requests elsewhere, e.g. while shutting down.',
        response: { 200: ReadySchema, 503: ErrorSchema },
      },
    },
    async () => {
      const failing: string[] = [];
      const check = async (what: string, test: () => Promise<boolean>) => {
        const ok = await test().catch(() => false);
        if (!ok) failing.push(what);
        return ok ? ('ok' as const) : ('failing' as const);
      };
      const database = await check('the database does not answer', async () => (await app.db.raw('select 1')).length === 1);
      const migrations =
        database === 'ok' ? await check('database migrations are not applied', async () => (await pendingMigrations(app.db)) === 0) : 'failing';
      if (database !== 'ok') failing.push('database migrations cannot be checked');
      const scheduler = await check('the scheduler is not running', async () => app.scheduler.running());
      const checks = { database, migrations, scheduler };
      if (failing.length > 0) throw errors.notReady(failing, checks);
      return { status: 'ready' as const, version: PACKAGE.version, checks };
    },
  );
};
export default routes;
