import fp from 'fastify-plugin';
import { errors } from '../errors';

/**
 * What a signed-in request may send: a study edit, an answer with its comment, an item CSV of
 * 500 statements in four languages or a panel CSV of 10,000 people (each well under 2 MiB).
 */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * Sign-in, token exchange, invitation preview, unsubscribe: an e-mail and a password, or a token.
 * These are the only routes that read a body before a session exists, so they read very little.
 */
export const PUBLIC_BODY_LIMIT = 16 * 1024;

/**
 * One answer: a rating and a comment of at most 4,000 characters, each at most six bytes as JSON.
 * A route that checks the session in its handler (the save, in the same statement as the answer)
 * reads its body before the session is known, so it reads little more than that.
 */
export const SESSION_IN_HANDLER_BODY_LIMIT = 32 * 1024;

/**
 * A JSON study export being restored. The export of 200 items x 3 rounds x 1,000 panelists
 * (test/bench/report-fixture.ts, 541,200 answers) measures 63.8 MB; this allows twice that.
 */
export const IMPORT_BODY_LIMIT = 128 * 1024 * 1024;

/**
 * No request nests deeper than 11 levels (a study export is the deepest); past this the
 * body is refused before JSON.parse builds it and before validation recurses through it.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text opens more than `maxDepth` arrays or objects inside one another. One linear
 * pass that skips string contents (with their escapes); it does not validate, JSON.parse does.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Body limits per kind of route and depth-limited JSON. The limits only bite after the session
 * check: that runs in onRequest (api/app.ts), before a byte of any body is read, except on the
 * routes that check it in their handler, which read at most SESSION_IN_HANDLER_BODY_LIMIT.
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (route.config?.public && route.bodyLimit === undefined) route.bodyLimit = PUBLIC_BODY_LIMIT;
      if (route.config?.panelistSessionInHandler && route.bodyLimit === undefined) route.bodyLimit = SESSION_IN_HANDLER_BODY_LIMIT;
    });
    // Fastify's own parser, with its defence against __proto__ and constructor keys kept.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
      const body = typeof raw === 'string' ? raw : raw.toString('utf8');
      if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
        done(errors.jsonTooDeep(MAX_JSON_DEPTH), undefined);
        return;
      }
      void parseJson(request, body, done);
    });
  },
  { name: 'request-limits' },
);
