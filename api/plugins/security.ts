import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { errors } from '../errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Compares an Origin header with the Host header, ignoring default ports; anything unparsable is foreign. */
export function sameHost(origin: string, host: string | undefined): boolean {
  try {
    const o = new URL(origin);
    return host !== undefined && o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/**
 * Cookies, security headers, rate limiting and the cross-site request check. Cookies are
 * SameSite=Strict; on top of that a state-changing request whose Origin (or Sec-Fetch-Site) says
 * it comes from another site is refused, so a forged form or fetch cannot act for a signed-in user.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          // Self-hosted installs often run on plain http inside a trust's network; do not force https.
          upgradeInsecureRequests: null,
          objectSrc: ["'none'"],
        },
      },
      // Invitation tokens travel in the URL fragment; no page should leak its address onwards.
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    });

    app.addHook('onRequest', async (request) => {
      if (!UNSAFE.has(request.method)) return;
      const site = request.headers['sec-fetch-site'];
      if (site === 'cross-site') throw errors.crossOrigin();
      const origin = request.headers.origin;
      if (origin === undefined) return;
      if (!sameHost(origin, request.headers.host)) throw errors.crossOrigin();
    });
  },
  { name: 'security' },
);
