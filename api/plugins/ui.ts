import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const uiDist = fileURLToPath(new URL('../../ui/dist', import.meta.url));

/** Serves the built Svelte app and falls back to index.html for its client-side routes. */
export default fp(
  async (app) => {
    if (!existsSync(`${uiDist}/index.html`)) {
      app.get('/', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .send('<!doctype html><meta charset="utf-8"><title>Delphi panel service</title><p>The API is running. The web app has not been built; see <a href="/api/docs">/api/docs</a>.</p>'),
      );
      return;
    }
    await app.register(fastifyStatic, { root: uiDist, prefix: '/', wildcard: false, index: ['index.html'] });
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  },
  { name: 'ui' },
);
