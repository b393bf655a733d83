import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
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

const HELMET: HelmetOptions = {
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
};

/**
 * Helmet's headers for the options above, worked out once at start-up. @fastify/helmet built a new
 * helmet middleware on every request, about 3 % of a save's server CPU; none of our headers depends
 * on the request (no nonces, no per-route options), so one precomputed set is the same answer.
 */
function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
    finished = true;
  });
  // Helmet runs synchronously today; if a later version did not, the headers above would be incomplete.
  if (!finished || failure) throw new Error('helmet did not work out its headers synchronously', { cause: failure });
  return Object.freeze(headers);
}

const SECURITY_HEADERS = helmetHeaders(HELMET);

/**
 * Cookies, security headers, rate limiting and the cross-site request check. Cookies are
 * SameSite=Strict; on top of that a state-changing request whose Origin (or Sec-Fetch-Site) says
 * it comes from another site is refused, so a forged form or fetch cannot act for a signed-in user.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    // Fixed headers, set before any hook can fail, so errors, 404s and static files carry them too.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(SECURITY_HEADERS);
      done();
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
