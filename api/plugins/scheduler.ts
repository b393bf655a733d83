import fp from 'fastify-plugin';
import { runDueWork, type TickReport } from '../services/due-work';

export interface Scheduler {
  /** Does everything due now (opens, closes, notices, reminders). Concurrent calls share one pass. */
  tick(): Promise<TickReport>;
  /** Whether passes run on their own (the server's timer is set and the app is not closing). */
  running(): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler;
  }
}

export interface SchedulerPluginOptions {
  /** Run a pass this often once the app is ready (the server sets it; tests call tick() themselves). */
  intervalMs?: number;
}

/**
 * Runs the round schedules with the app's clock (app.now). Everything it acts on is stored, so a
 * restarted server carries on where it stopped, and its first pass runs as soon as it is ready.
 */
export default fp<SchedulerPluginOptions>(
  async (app, opts) => {
    const warned = new Set<string>();
    let running: Promise<TickReport> | null = null;
    let timer: NodeJS.Timeout | null = null;
    let closing = false;

    const tick = () => {
      running ??= runDueWork(
        { db: app.db, now: app.now, baseUrl: app.publicUrl, publish: (e) => app.live.publish(e), email: app.email, log: app.log },
        warned,
      ).finally(() => {
        running = null;
      });
      return running;
    };
    const background = () => {
      if (closing) return;
      tick().catch((err) => app.log.error({ err }, 'scheduler pass failed'));
    };

    app.decorate('scheduler', { tick, running: () => timer !== null && !closing } satisfies Scheduler);
    if (opts.intervalMs) {
      const intervalMs = opts.intervalMs;
      app.addHook('onReady', async () => {
        timer = setInterval(background, intervalMs);
        timer.unref();
        background();
      });
    }
    app.addHook('preClose', async () => {
      closing = true;
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => undefined);
    });
  },
  { name: 'scheduler', dependencies: ['db', 'live', 'email'] },
);
