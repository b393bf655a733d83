import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// From dist/ in the server bundle (npm run build), from api/plugins/ in the sources.
export const uiDist =
  ['../ui/dist', '../../ui/dist'].map((up) => fileURLToPath(new URL(up, import.meta.url))).find((dir) => existsSync(dir)) ??
  fileURLToPath(new URL('../../ui/dist', import.meta.url));

/**
 * Serves the built Svelte app. Any other GET outside /api that accepts HTML gets index.html, so
 * the app's own routes (/join, /studies/…) work on reload.
 */
export default fp(
  async (app) => {
    if (!existsSync(`${uiDist}/index.html`)) {
      app.get('/*', { schema: { hide: true } }, async (request, reply) => {
        if (request.url.startsWith('/api/')) return reply.callNotFound();
        return reply
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><meta charset="utf-8"><title>Delphi panel service</title><p>The API is running. The web app has not been built yet: run <code>npm run build</code>, or see <a href="/api/docs">/api/docs</a>.</p>',
          );
      });
      return;
    }
    await app.register(fastifyStatic, { root: uiDist, prefix: '/', wildcard: false, serve: false });
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0];
      if (path.startsWith('/api/')) return reply.callNotFound();
      if (/^\/assets\/[\w.-]+$/.test(path) || /^\/[\w.-]+\.(ico|png|svg|webmanifest|txt)$/.test(path)) {
        // Hashed build assets never change under the same name.
        if (path.startsWith('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(path.slice(1));
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  },
  { name: 'ui' },
);
