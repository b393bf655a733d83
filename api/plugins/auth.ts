import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { errors } from '../errors';
import { hashToken } from '../services/tokens';
import { closeSession, openSession } from '../services/session-service';
import { findFacilitatorBySession, findPanelistBySession, type FacilitatorRow, type PanelistRow } from '../repositories/sessions';
import { roundAccess, studyAccess, type Need, type RoundAccess, type StudyAccess } from '../services/access';

export const FACILITATOR_COOKIE = 'delphi_facilitator';
export const PANELIST_COOKIE = 'delphi_panelist';
const FACILITATOR_TTL_MS = 12 * 3600_000;
const PANELIST_TTL_MS = 30 * 24 * 3600_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, token exchange); every other route demands its actor. */
    public?: boolean;
    /**
     * The study (from `:studyId`) or round (from `:roundId`) the route acts on and the role it needs.
     * Resolved once, after validation and before the handler, which reads it with studyOf/roundOf.
     */
    access?: { study: Need } | { round: Need };
    /**
     * A panelist route whose handler checks the session itself, inside the statement that does its
     * work (a save on PostgreSQL is then one round trip): the hook only hashes the cookie into
     * `request.panelistSession`. See `panelistSessionOf` and `unknownPanelistSession`.
     */
    panelistSessionInHandler?: boolean;
  }
  interface FastifyRequest {
    facilitator: FacilitatorRow | null;
    panelist: PanelistRow | null;
    /** The hash of the panelist cookie's token, on routes that check the session in their handler. */
    panelistSession: string | null;
    access: StudyAccess | RoundAccess | null;
  }
  interface FastifyInstance {
    startSession(reply: FastifyReply, who: { facilitatorId: number } | { panelistId: number }): Promise<void>;
    endSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

/** Resolves the cookie sessions of each request; routes then demand the actor they need. */
export default fp(
  async (app) => {
    app.decorateRequest('facilitator', null);
    app.decorateRequest('panelist', null);
    app.decorateRequest('panelistSession', null);
    app.decorateRequest('access', null);

    app.addHook('onRequest', async (request) => {
      const nowIso = app.now().toISOString();
      const fac = request.cookies[FACILITATOR_COOKIE];
      if (fac) request.facilitator = (await findFacilitatorBySession(app.db, hashToken(fac), nowIso)) ?? null;
      const pan = request.cookies[PANELIST_COOKIE];
      if (pan && request.routeOptions.config.panelistSessionInHandler) request.panelistSession = hashToken(pan);
      else if (pan) {
        const panelist = await findPanelistBySession(app.db, hashToken(pan), nowIso);
        request.panelist = panelist && panelist.status !== 'withdrawn' ? panelist : null;
      }
    });

    // preHandler, not onRequest: the ids are read from params after the route's schema has parsed them.
    app.addHook('preHandler', async (request) => {
      const access = request.routeOptions.config.access;
      if (!access) return;
      const facilitator = requireFacilitator(request);
      const params = request.params as { studyId?: string; roundId?: number };
      request.access =
        'study' in access
          ? await studyAccess(app.db, facilitator, String(params.studyId), access.study)
          : await roundAccess(app.db, facilitator, Number(params.roundId), access.round);
    });

    app.decorate('startSession', async (reply: FastifyReply, who: { facilitatorId: number } | { panelistId: number }) => {
      const isFacilitator = 'facilitatorId' in who;
      const ttl = isFacilitator ? FACILITATOR_TTL_MS : PANELIST_TTL_MS;
      const token = await openSession(app.db, who, new Date(app.now().getTime() + ttl).toISOString());
      reply.setCookie(isFacilitator ? FACILITATOR_COOKIE : PANELIST_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        // Explicit, not 'auto': behind a TLS proxy the socket is plain http, and request.protocol
        // (X-Forwarded-Proto, believed only from a proxy TRUST_PROXY names) is what the client used.
        secure: reply.request.protocol === 'https',
        maxAge: Math.floor(ttl / 1000),
      });
    });

    app.decorate('endSession', async (request: FastifyRequest, reply: FastifyReply) => {
      for (const name of [FACILITATOR_COOKIE, PANELIST_COOKIE]) {
        const value = request.cookies[name];
        if (!value) continue;
        await closeSession(app.db, value);
        reply.clearCookie(name, { path: '/' });
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);

export function requireFacilitator(request: FastifyRequest): FacilitatorRow {
  if (!request.facilitator) throw errors.unauthenticated();
  return request.facilitator;
}

/** The study a route declared with `config: { access: { study } }`, already checked. */
export function studyOf(request: FastifyRequest): StudyAccess {
  if (!request.access) throw new Error(`${request.routeOptions.url} reads its study without declaring config.access`);
  return request.access;
}

/** The round (and its study) a route declared with `config: { access: { round } }`, already checked. */
export function roundOf(request: FastifyRequest): RoundAccess {
  if (!request.access || !('round' in request.access)) throw new Error(`${request.routeOptions.url} reads its round without declaring config.access.round`);
  return request.access;
}

export function requirePanelist(request: FastifyRequest): PanelistRow {
  if (!request.panelist) throw errors.unauthenticated();
  return request.panelist;
}

/** The session a `panelistSessionInHandler` route hands to its service, which checks it. */
export function panelistSessionOf(request: FastifyRequest): string {
  if (!request.routeOptions.config.panelistSessionInHandler) throw new Error(`${request.routeOptions.url} reads a session it did not declare`);
  if (!request.panelistSession) throw errors.unauthenticated();
  return request.panelistSession;
}

/**
 * Whether a request that failed before its handler ran (a bad body or header, a body too large)
 * came without a valid session, on a route that checks sessions in its handler: such a caller
 * gets the same 401 as everywhere, not the 400 that would tell them what a valid body looks like.
 */
export async function unknownPanelistSession(db: Db, request: FastifyRequest, nowIso: string): Promise<boolean> {
  if (!request.routeOptions.config.panelistSessionInHandler || !request.panelistSession) return false;
  const panelist = await findPanelistBySession(db, request.panelistSession, nowIso);
  return !panelist || panelist.status === 'withdrawn';
}

/**
 * onRequest hooks that demand a session before a body is even read, so an anonymous or
 * wrong-kind caller always gets the same 401, never learns what a valid body looks like, and
 * cannot make the server read, hold or parse a large body.
 */
export async function facilitatorsOnly(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.public) return;
  const f = requireFacilitator(request);
  // A one-time password opens only the door to choosing a real one.
  if (f.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')) throw errors.passwordChangeRequired();
}

const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/password']);

export async function panelistsOnly(request: FastifyRequest): Promise<void> {
  if (request.routeOptions.config.public) return;
  // A cookie at least; the handler checks it.
  if (request.routeOptions.config.panelistSessionInHandler) panelistSessionOf(request);
  else requirePanelist(request);
}
