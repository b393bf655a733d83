import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { errors } from '../errors';

export interface AttemptLimiter {
  /** Throws 429 when this address has failed too often lately. */
  check(request: FastifyRequest, scope: string): void;
  /** Counts a failed attempt (a bad token or password). */
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
  maxFailures?: number;
  windowMs?: number;
}

/**
 * Limits failed guesses of invitation tokens and passwords per client address. Only failures
 * count: a ward or a council office behind one address can have thirty panelists sign in at
 * once, but nobody needs more than a handful of wrong tokens.
 */
export default fp<AttemptLimiterOptions>(
  async (app, opts) => {
    const max = opts.maxFailures ?? 10;
    const windowMs = opts.windowMs ?? 10 * 60_000;
    const failures = new Map<string, { count: number; resetAt: number }>();
    const key = (request: FastifyRequest, scope: string) => `${scope}:${request.ip}`;
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
        const entry = current(key(request, scope));
        if (entry && entry.count >= max) throw errors.rateLimited(Math.ceil((entry.resetAt - app.now().getTime()) / 1000));
      },
      forgive(request, scope) {
        const entry = current(key(request, scope));
        if (entry && entry.count > 0) entry.count -= 1;
      },
      fail(request, scope) {
        const k = key(request, scope);
        const entry = current(k) ?? { count: 0, resetAt: app.now().getTime() + windowMs };
        entry.count += 1;
        failures.set(k, entry);
        if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
      },
    } satisfies AttemptLimiter);
  },
  { name: 'attempt-limiter', dependencies: ['db'] },
);
