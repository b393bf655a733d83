/**
 * What the OpenAPI document at /api/openapi.json says beyond the route schemas: who may call an
 * operation (routes name their session with the constants below), which errors each one can
 * return, and the document's servers, licence, tags and security schemes. A client generated
 * from it (e.g. with @hey-api/openapi-ts) gets named operations and named types.
 */
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';

/** Security requirements, set per operation in the route's schema. */
export const facilitatorSession = [{ facilitatorSession: [] }];
export const panelistSession = [{ panelistSession: [] }];
/** Reachable without a session (sign-in, token exchange, health). */
export const noSession: { [scheme: string]: string[] }[] = [];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400:
    'The request is not valid: DELPHI_VALIDATION (details.problems lists every problem with its path), DELPHI_CSV_INVALID ' +
    '(details.problems with line and column), DELPHI_PROTOCOL_INVALID, DELPHI_BAD_REQUEST (unreadable JSON) ' +
    'or DELPHI_JSON_TOO_DEEP (nested more than 64 levels). Nothing was changed.',
  401:
    'No valid session (DELPHI_UNAUTHENTICATED), wrong e-mail or password (DELPHI_BAD_CREDENTIALS), or an unknown, expired or revoked ' +
    'invitation token (DELPHI_INVITATION_INVALID).',
  403:
    'Not allowed: DELPHI_FORBIDDEN (your role in the study does not allow it), DELPHI_CROSS_ORIGIN (a state-changing request whose Origin or ' +
    'Sec-Fetch-Site names another site), or DELPHI_PASSWORD_CHANGE_REQUIRED (a one-time password only allows choosing a new one).',
  404: 'DELPHI_NOT_FOUND: the study, round, item or panelist does not exist, or is not visible to you.',
  409:
    'The request conflicts with the study’s state (e.g. DELPHI_ROUND_CLOSED, DELPHI_PROTOCOL_LOCKED, DELPHI_SLUG_TAKEN); `code` says which. ' +
    'Nothing was changed.',
  413: 'DELPHI_PAYLOAD_TOO_LARGE: the body is over the limit (16 KiB before sign-in, 2 MiB signed in, 128 MiB for a study import).',
  415: 'DELPHI_UNSUPPORTED_MEDIA_TYPE: send the body as application/json.',
  422: 'DELPHI_IDEMPOTENCY_MISMATCH: this Idempotency-Key was already used for a different answer; use a new key for a new answer.',
  429: 'DELPHI_RATE_LIMITED: too many failed attempts from this client, or for this account or link; wait and try again.',
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface ResponseObject {
  description?: string;
  content?: Record<string, { schema: unknown }>;
}

function isResponseObject(value: unknown): value is ResponseObject {
  return typeof value === 'object' && value !== null && 'content' in value;
}

/**
 * The errors an operation can return, from what it takes and who may call it: 400 when it reads
 * input, 401 and 403 behind a session, 403 (cross-origin) on every state-changing method, 404 with
 * path parameters, 409 on state changes behind a session, 413 and 415 with a body. A route adds
 * the rest (401 on a public route that checks a token, 422, 429) to its own response schema.
 */
export function documentedErrors(route: { method: string; url: string; secured: boolean; declared: number[]; input: boolean; body: boolean }): number[] {
  const out = new Set<number>();
  const unsafe = UNSAFE.has(route.method);
  if (route.input) out.add(400);
  if (route.secured) out.add(401).add(403);
  if (unsafe) out.add(403);
  if (route.url.includes(':')) out.add(404);
  if (unsafe && route.secured) out.add(409);
  if (route.body) out.add(413).add(415);
  for (const status of route.declared) if ([401, 422, 429].includes(status) && (status !== 401 || !route.secured)) out.add(status);
  return [...out].sort();
}

const zodTransform = createJsonSchemaTransform({ skipList: [] });

/** The zod transform, then each response described with its media type, and the errors that can happen. */
export const openapiTransform: SwaggerTransform = (input) => {
  const out = zodTransform(input) as { schema: Record<string, unknown>; url: string };
  if (out.schema.hide) return out;
  const schema = input.schema as Record<string, unknown>;
  const method = [input.route.method].flat()[0].toUpperCase();
  const security = schema.security as unknown[] | undefined;
  const declared = (out.schema.response ?? {}) as Record<string, unknown>;
  const statuses = documentedErrors({
    method,
    url: input.url,
    secured: security !== undefined && security.length > 0,
    declared: Object.keys(declared).map(Number),
    input: Boolean(schema.body || schema.querystring || schema.params || schema.headers),
    body: Boolean(schema.body),
  });
  const response: Record<string, ResponseObject> = {};
  for (const [status, value] of Object.entries(declared)) {
    if (Number(status) >= 400) continue;
    response[status] = isResponseObject(value)
      ? { ...value, description: value.description || STATUS_CODES[Number(status)] }
      : { description: describedAs(value) ?? STATUS_CODES[Number(status)], content: { 'application/json': { schema: value } } };
  }
  for (const status of statuses) response[status] = { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ERROR_REF } } };
  return { ...out, schema: { ...out.schema, response } };
};

/**
 * The registry's components, less those nothing refers to: the type provider emits every named
 * schema in an input and an output variant, and most are used only one way.
 */
export const openapiTransformObject: SwaggerTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = doc.components?.schemas;
  if (!schemas) return doc as ReturnType<SwaggerTransformObject>;
  for (let removed = true; removed;) {
    removed = false;
    const text = JSON.stringify(doc);
    for (const name of Object.keys(schemas)) {
      if (!text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        removed = true;
      }
    }
  }
  return doc as ReturnType<SwaggerTransformObject>;
};

function describedAs(jsonSchema: unknown): string | undefined {
  const d = (jsonSchema as { description?: unknown }).description;
  return typeof d === 'string' && d.length > 0 ? d : undefined;
}

const SESSION_NOTE =
  'Facilitators sign in with POST /api/auth/sign-in, which sets the httpOnly cookie delphi_facilitator. Panelists exchange the invitation ' +
  'token for the cookie delphi_panelist with POST /api/panelist/session; the token is the part of the invitation `link` after `#` ' +
  '(it is never sent to the server as part of a URL). ';

export const openapiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Delphi panel service API',
    description:
      'Run anonymous multi-round Delphi studies. ' +
      SESSION_NOTE +
      'Requests that change data (POST, PUT, PATCH, DELETE) are refused with 403 DELPHI_CROSS_ORIGIN when their Origin header (or ' +
      'Sec-Fetch-Site) names another site; clients that are not browsers send no Origin and are not affected. Saving an answer needs an ' +
      'Idempotency-Key header: a retry with the same key returns the stored reply, the same key with a different answer gets 422. ' +
      'Every error has the shape {statusCode, code, error, message, details?} (the Error schema lists every code). ' +
      'Where a path takes {studyId}, the study’s numeric id and its slug both work.',
    version: '0.1.0',
    license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
  },
  servers: [{ url: '/', description: 'This service: paths are relative to the address the document was fetched from' }],
  tags: [
    { name: 'service', description: 'Health of the service' },
    { name: 'facilitators', description: 'Facilitator accounts and the facilitator session' },
    { name: 'studies', description: 'Studies, their consensus protocol, members and audit log' },
    { name: 'items', description: 'Items (statements to rate) and their categories' },
    { name: 'panel', description: 'The facilitator’s management of the panel: invitations, links, withdrawals' },
    { name: 'rounds', description: 'Rounds: plan, open, close, participation, results (the engine’s statistics per item), comments' },
    { name: 'translations', description: 'The study team’s translations of panel comments: by hand, or in bulk as XLIFF 1.2 or CSV' },
    { name: 'email', description: 'Invitations, round notices, reminders and their templates' },
    { name: 'reports', description: 'The consensus report (HTML, PDF) and the study exports (XLSX, CSV, JSON) and import' },
    { name: 'panelists', description: 'What a panelist’s browser calls, with the panelist session' },
    { name: 'live', description: 'Websocket streams (/api/live/panel, /api/live/studies/{studyId}); not operations of this document' },
  ],
  components: {
    securitySchemes: {
      facilitatorSession: {
        type: 'apiKey' as const,
        in: 'cookie' as const,
        name: 'delphi_facilitator',
        description: 'Set by POST /api/auth/sign-in; httpOnly, SameSite=Strict, 12 hours.',
      },
      panelistSession: {
        type: 'apiKey' as const,
        in: 'cookie' as const,
        name: 'delphi_panelist',
        description: 'Set by POST /api/panelist/session in exchange for the invitation token; httpOnly, SameSite=Strict, 30 days.',
      },
    },
  },
};
