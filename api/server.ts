import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { buildApp } from './app';
import { publicUrl, smtpSettings, type Config } from './config';
import { demoSignInLines, seedDemo } from './demo/seed-demo';

export interface ServeOptions {
  demo: boolean;
  print: (line: string) => void;
}

/** The only place that listens: opens and migrates the database, seeds the demo, serves, shuts down cleanly. */
export async function startServer(config: Config, options: ServeOptions): Promise<FastifyInstance> {
  const db = await openDatabase({ url: config.DATABASE_URL, allowWeakDurability: config.ALLOW_WEAK_DURABILITY, poolSize: config.DATABASE_POOL_SIZE });
  await runMigrations(db);
  const base = publicUrl(config);
  const app = await buildApp({
    db,
    publicUrl: base,
    invitationTtlDays: config.INVITATION_TTL_DAYS,
    oneTimePasswordTtlHours: config.ONE_TIME_PASSWORD_TTL_HOURS,
    trustProxy: config.TRUST_PROXY,
    smtp: smtpSettings(config),
    schedulerIntervalMs: config.SCHEDULER_INTERVAL_SECONDS * 1000,
    logger: config.LOG_LEVEL === 'silent' ? false : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] },
  });
  if (options.demo) {
    const seeded = await seedDemo(db, base, { oneTimePasswordTtlHours: config.ONE_TIME_PASSWORD_TTL_HOURS });
    if (seeded) {
      options.print(`Demo study seeded: ${base}/studies/demo`);
      for (const line of demoSignInLines(base, seeded)) options.print(line);
    }
  }
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  options.print(`Delphi panel service on ${base}  (API docs: ${base}/api/docs)`);
  return app;
}
