import fp from 'fastify-plugin';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { errors } from '../errors';
import { hashToken } from '../services/tokens';

export interface AttemptLimiter {
  /** Throws 429 when this client, or the account or token it tries, has failed too often lately. */
  check(request: FastifyRequest, scope: string): void;
  /** Counts a failed attempt (a bad token or password) against the client and the account or token. */
  fail(request: FastifyRequest, scope: string): void;
  /** Takes back one counted attempt that turned out to succeed. */
  forgive(request: FastifyRequest, scope: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    attempts: AttemptLimiter;
  }
}

export interface AttemptLimiterOptions {
  /** Failures allowed per client address (IPv6: per /64) and window; default 10. */
  maxFailures?: number;
  /** Failures allowed per account or token, from all addresses together; default five times maxFailures. */
  maxFailuresPerAccount?: number;
  windowMs?: number;
}

/**
 * The client a request counts against: its address, or for IPv6 its /64, since one home or
 * server is handed a whole /64 and can rotate through it at will. Behind a proxy this is the
 * address the proxy reports, when TRUST_PROXY names that proxy (otherwise every client would be
 * the proxy, and one client could lock out all).
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The account or token an attempt is about: the signed-in facilitator (changing a password),
 * the e-mail of a sign-in, or the token being exchanged (kept hashed, like everywhere else).
 */
function accountOf(request: FastifyRequest): string | null {
  const body = request.body as { email?: unknown; token?: unknown } | undefined;
  if (typeof body?.email === 'string') return `email:${body.email.toLowerCase()}`;
  if (typeof body?.token === 'string') return `token:${hashToken(body.token)}`;
  if (request.facilitator) return `email:${request.facilitator.email.toLowerCase()}`;
  return null;
}

/**
 * Limits failed guesses of invitation tokens and passwords, counted twice: per client address,
 * so one client guessing gets stopped without stopping anyone else (a ward or a council office
 * behind one NAT address can have thirty panelists sign in at once, and a typo costs only the
 * typist), and per account or token across all addresses, so guesses spread over many addresses
 * still run into a limit. That per-account limit is five times the per-address one, so no single
 * client can reach it and lock an account for its owner. Only failures count.
 */
export default fp<AttemptLimiterOptions>(
  async (app, opts) => {
    const max = opts.maxFailures ?? 10;
    const maxPerAccount = opts.maxFailuresPerAccount ?? max * 5;
    const windowMs = opts.windowMs ?? 10 * 60_000;
    const failures = new Map<string, { count: number; resetAt: number }>();
    const keys = (request: FastifyRequest, scope: string) => {
      const account = accountOf(request);
      const out: { key: string; limit: number }[] = [{ key: `${scope}:client:${clientKey(request.ip)}`, limit: max }];
      if (account !== null) out.push({ key: `${scope}:${account}`, limit: maxPerAccount });
      return out;
    };
    const current = (k: string) => {
      const entry = failures.get(k);
      if (entry && entry.resetAt <= app.now().getTime()) {
        failures.delete(k);
        return undefined;
      }
      return entry;
    };
    app.decorate('attempts', {
      check(request, scope) {
        for (const { key, limit } of keys(request, scope)) {
          const entry = current(key);
          if (entry && entry.count >= limit) throw errors.rateLimited(Math.ceil((entry.resetAt - app.now().getTime()) / 1000));
        }
      },
      forgive(request, scope) {
        for (const { key } of keys(request, scope)) {
          const entry = current(key);
          if (entry && entry.count > 0) entry.count -= 1;
        }
      },
      fail(request, scope) {
        for (const { key } of keys(request, scope)) {
          const entry = current(key) ?? { count: 0, resetAt: app.now().getTime() + windowMs };
          entry.count += 1;
          failures.set(key, entry);
        }
        while (failures.size > 100_000) failures.delete(failures.keys().next().value!);
      },
    } satisfies AttemptLimiter);
  },
  { name: 'attempt-limiter', dependencies: ['db'] },
);
