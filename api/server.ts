import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { buildApp } from './app';
import { publicUrl, smtpSettings, type Config } from './config';
import type { Db } from '../db/client';
import { demoSignInLines, seedDemo } from './demo/seed-demo';
import { hasFacilitators } from './repositories/facilitators';

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
    sourceUrl: config.SOURCE_URL,
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] },
  });
  await announceFirstStart(db, base, config.DEMO === 'on' && options.demo, config.ONE_TIME_PASSWORD_TTL_HOURS, options.print);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // A mailing can take minutes; a process manager will not wait that long. Messages not sent
    // by then keep their lease in email_log and another instance (or the next start) sends them.
    const limit = setTimeout(() => {
      app.log.warn({ seconds: config.SHUTDOWN_TIMEOUT_SECONDS }, 'shutdown time limit reached: unfinished work is left for the next instance');
      process.exit(0);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    limit.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  options.print(`Delphi panel service on ${base}  (API docs: ${base}/api/docs)`);
  return app;
}

/**
 * The demo goes only into an empty database (no facilitator yet), so a production database never
 * gets a demo account by accident; with DEMO=off an empty database gets instructions instead.
 */
async function announceFirstStart(db: Db, base: string, demo: boolean, oneTimePasswordTtlHours: number, print: (line: string) => void): Promise<void> {
  if (await hasFacilitators(db)) {
    if (demo) print('The database has facilitators already: no demo seeded.');
    return;
  }
  if (!demo) {
    print('Empty database, demo off (DEMO=off): nothing seeded. Create the first administrator with');
    print('  npm run cli -- admin create --email you@example.org --admin');
    print(`and sign in at ${base}/sign-in with the one-time password it prints.`);
    return;
  }
  const seeded = await seedDemo(db, base, { oneTimePasswordTtlHours });
  if (!seeded) return;
  print(`Empty database: demo study seeded (DEMO=off to skip): ${base}/studies/demo`);
  for (const line of demoSignInLines(base, seeded)) print(line);
}
