import fp from 'fastify-plugin';
import type { Db } from '../../db/client';
import { GroupCommit } from '../../db/group-commit';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The only clock the services use, so tests can move time. */
    now: () => Date;
    /** Runs hot-path writes (rating saves) in shared transactions with one durable commit. */
    groupCommit: GroupCommit;
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
    app.decorate('groupCommit', new GroupCommit(opts.db.$client));
    app.addHook('onClose', async () => {
      if (opts.closeOnShutdown !== false && opts.db.$client.open) opts.db.$client.close();
    });
  },
  { name: 'db' },
);
