import fp from 'fastify-plugin';
import type { Db } from '../../db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The only clock the services use, so tests can move time. */
    now: () => Date;
  }
}

export interface DbPluginOptions {
  db: Db;
  now?: () => Date;
  closeOnShutdown?: boolean;
}

export default fp<DbPluginOptions>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    app.decorate('now', opts.now ?? (() => new Date()));
    app.addHook('onClose', async () => {
      if (opts.closeOnShutdown !== false) await opts.db.close();
    });
  },
  { name: 'db' },
);
