import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/client';
import { openapiDocument, openapiTransform, openapiTransformObject } from './openapi';
import dbPlugin from './plugins/db';
import errorsPlugin from './plugins/errors';
import securityPlugin from './plugins/security';
import authPlugin, { facilitatorsOnly, panelistsOnly } from './plugins/auth';
import attemptLimiter, { type AttemptLimiterOptions } from './plugins/attempt-limiter';
import requestLimits, { DEFAULT_BODY_LIMIT } from './plugins/request-limits';
import livePlugin from './plugins/live';
import releasesPlugin from './plugins/releases';
import emailPlugin from './plugins/email';
import schedulerPlugin from './plugins/scheduler';
import type { SmtpSettings } from './email/mailer';
import { DEFAULT_ONE_TIME_PASSWORD_TTL_MS } from './services/facilitator-service';
import uiPlugin from './plugins/ui';
import healthRoutes from './routes/health';
import authRoutes from './routes/auth';
import studyRoutes from './routes/studies';
import panelRoutes from './routes/panel';
import roundRoutes from './routes/rounds';
import blockRoutes from './routes/blocks';
import translationRoutes from './routes/translations';
import panelistRoutes from './routes/panelist';
import liveRoutes from './routes/live';
import emailRoutes from './routes/email';
import scheduleRoutes from './routes/schedule';
import panelistEmailRoutes from './routes/panelist-email';

declare module 'fastify' {
  interface FastifyInstance {
    /** Base URL used in invitation links, e.g. http://127.0.0.1:3000 */
    publicUrl: string;
    /** Every route as registered (method and URL), for documentation and the authorisation matrix test. */
    routeTable: { method: string; url: string }[];
    /** How long an invitation link stays valid after it is issued. */
    invitationTtlMs: number;
    /** How long a one-time password given to a new facilitator works. */
    oneTimePasswordTtlMs: number;
  }
}

export interface AppOptions {
  db: Db;
  publicUrl: string;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Close the database when the app closes (default true). */
  closeDb?: boolean;
  /** Days an invitation link stays valid (default 365). */
  invitationTtlDays?: number;
  /**
   * Which senders may tell the client's address and protocol in X-Forwarded-For/-Proto: false
   * (default), a hop count, or proxy addresses/CIDRs (Fastify's trustProxy; TRUST_PROXY).
   */
  trustProxy?: false | number | string[];
  /** Hours a one-time password works (default 24). */
  oneTimePasswordTtlHours?: number;
  /** Failed sign-in / token attempts allowed per address and window (defaults: 10 per 10 minutes). */
  attemptLimits?: AttemptLimiterOptions;
  /** SMTP server for invitations, notices and reminders; without it e-mail is off and links are shown instead. */
  smtp?: SmtpSettings | null;
  /** Run the scheduler (round opens, closes, reminders) this often; off by default, so tests call app.scheduler.tick(). */
  schedulerIntervalMs?: number;
  /** Where users get the source code (SOURCE_URL), linked from both web apps. */
  sourceUrl?: string;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the whole service without listening: the server and the tests both start here. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    // A hop count is given to Fastify as proxy-addr's rule: trust the nearest n senders.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('publicUrl', options.publicUrl.replace(/\/$/, ''));
  app.decorate('invitationTtlMs', (options.invitationTtlDays ?? 365) * 86_400_000);
  app.decorate(
    'oneTimePasswordTtlMs',
    options.oneTimePasswordTtlHours === undefined ? DEFAULT_ONE_TIME_PASSWORD_TTL_MS : options.oneTimePasswordTtlHours * 3_600_000,
  );
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });

  await app.register(errorsPlugin);
  await app.register(dbPlugin, { db: options.db, now: options.now, closeOnShutdown: options.closeDb });
  await app.register(securityPlugin);
  await app.register(requestLimits);
  await app.register(attemptLimiter, options.attemptLimits ?? {});
  await app.register(authPlugin);
  await app.register(livePlugin);
  await app.register(releasesPlugin);
  await app.register(emailPlugin, { smtp: options.smtp ?? null });
  await app.register(schedulerPlugin, { intervalMs: options.schedulerIntervalMs });

  await app.register(swagger, {
    openapi: openapiDocument,
    transform: openapiTransform,
    transformObject: openapiTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { sourceUrl: options.sourceUrl });
      await api.register(liveRoutes, { prefix: '/live' });
      await api.register(async (facilitatorApi) => {
        // onRequest, not later: a caller without a session is refused before any body is read.
        facilitatorApi.addHook('onRequest', facilitatorsOnly);
        await facilitatorApi.register(authRoutes, { prefix: '/auth' });
        await facilitatorApi.register(studyRoutes);
        await facilitatorApi.register(panelRoutes);
        await facilitatorApi.register(roundRoutes);
        await facilitatorApi.register(blockRoutes);
        await facilitatorApi.register(translationRoutes);
        await facilitatorApi.register(scheduleRoutes);
        await facilitatorApi.register(emailRoutes);
        await facilitatorApi.register(import('./routes/reports'));
      });
      await api.register(async (panelistApi) => {
        panelistApi.addHook('onRequest', panelistsOnly);
        await panelistApi.register(panelistRoutes, { prefix: '/panelist' });
        await panelistApi.register(panelistEmailRoutes, { prefix: '/panelist' });
      });
    },
    { prefix: '/api' },
  );
  await app.register(uiPlugin);
  return app;
}
