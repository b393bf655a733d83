import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../api/schemas/common';
import { build, type TestApp } from '../helpers/build';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  tags?: string[];
  parameters?: { name: string; in: string; description?: string; schema: { type?: string } }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  servers?: { url: string }[];
  info: { license?: { name: string; url?: string } };
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, { type: string; in: string; name: string }> };
}

/** operationIds start with a verb (createStudy, closeRound, saveAnswer). */
const VERBS =
  'get|list|create|update|set|remove|reset|import|export|invite|reissue|revoke|withdraw|open|close|save|add|send|resend|sign|start|read|change|unsubscribe';
const VERB_FIRST = new RegExp(`^(${VERBS})([A-Z][A-Za-z]*)?$`);

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await build();
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

/** Fastify writes /a/:id where OpenAPI writes /a/{id}. */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** Not operations of the document: the websocket streams (described in the tag "live"), the document itself and its viewer, the web app. */
const undocumented = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/live/') || url.startsWith('/api/docs') || url === '/api/openapi.json';

describe('the OpenAPI document', () => {
  it('passes Redocly’s recommended ruleset without an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'delphi-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const { stdout } = await promisify(execFile)(
        join(process.cwd(), 'node_modules/.bin/redocly'),
        ['lint', '--extends', 'recommended', '--format', 'json', file],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 64 * 1024 * 1024 },
      ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
      type Report = { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] };
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as Report;
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives every route of the route table a unique, verb-first operationId and a security requirement', () => {
    const routes = t.app.routeTable.filter((r) => !undocumented(r.url));
    expect(routes.length).toBeGreaterThan(60);
    const ids = new Set<string>();
    for (const route of routes) {
      const op = doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url} is documented`).toBeDefined();
      expect(op.operationId, `${route.method} ${route.url} has an operationId`).toMatch(VERB_FIRST);
      expect(ids.has(op.operationId!), `${op.operationId} is unique`).toBe(false);
      ids.add(op.operationId!);
      expect(op.security, `${route.method} ${route.url} states who may call it`).toBeDefined();
      for (const requirement of op.security!) for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
    }
    expect(doc.components.securitySchemes.facilitatorSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'delphi_facilitator' });
    expect(doc.components.securitySchemes.panelistSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'delphi_panelist' });
    expect(doc.paths['/api/auth/sign-in'].post.security).toEqual([]);
    expect(doc.paths['/api/panelist/answers/{itemVersionId}'].put.security).toEqual([{ panelistSession: [] }]);
    expect(doc.paths['/api/rounds/{roundId}/close'].post.security).toEqual([{ facilitatorSession: [] }]);
  });

  it('names the shared shapes, enumerates the error codes and describes every response', () => {
    for (const name of ['Error', 'Study', 'Round', 'Item', 'Invitation', 'Protocol', 'ItemResult', 'RoundAnalysis', 'StudyExport', 'Descriptives'])
      expect(doc.components.schemas).toHaveProperty(name);
    expect(doc.components.schemas.Error.properties).toMatchObject({ code: { enum: [...ERROR_CODES] } });
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.info.license).toMatchObject({ name: 'AGPL-3.0-or-later' });
    for (const tag of doc.tags) expect(tag.description, tag.name).toBeTruthy();
    for (const { key, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) expect(response.description, `${key} ${status}`).not.toBe('Default Response');
    }
  });

  it('documents replies with their real media types and the results with their full shape', () => {
    const content = (path: string, method: string, status = '200') => doc.paths[path][method].responses[status].content ?? {};
    expect(Object.keys(content('/api/studies/{studyId}/export.json', 'get'))).toEqual(['application/json']);
    expect(content('/api/studies/{studyId}/export.json', 'get')['application/json'].schema).toEqual({ $ref: '#/components/schemas/StudyExport' });
    expect(content('/api/schemas/study-export.json', 'get')['application/schema+json'].schema).toMatchObject({ type: 'object' });
    expect(Object.keys(content('/api/studies/{studyId}/panelists/import', 'post', '201')).sort()).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(content('/api/studies/{studyId}/export.csv', 'get'))).toEqual(['text/csv']);
    expect(Object.keys(content('/api/studies/{studyId}/report.pdf', 'get'))).toEqual(['application/pdf']);
    expect(Object.keys(content('/api/studies/{studyId}/export.xlsx', 'get'))).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    const results = JSON.stringify(content('/api/rounds/{roundId}/results', 'get'));
    expect(results).toContain('#/components/schemas/ItemResult');
    expect(results).toContain('#/components/schemas/RoundAnalysis');
  });

  it('declares the errors that can happen where they happen, and only those', () => {
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).filter((s) => s >= '400');
    // A validation problem is a 400; 422 is only the reuse of an Idempotency-Key for another answer.
    expect(statuses('/api/panelist/answers/{itemVersionId}', 'put')).toEqual(['400', '401', '403', '404', '409', '413', '415', '422']);
    expect(doc.paths['/api/panelist/answers/{itemVersionId}'].put.responses['422'].description).toMatch(/Idempotency-Key/);
    expect(statuses('/api/auth/sign-in', 'post')).toEqual(['400', '401', '403', '413', '415', '429']);
    expect(statuses('/api/panelist/session', 'post')).toContain('429');
    // A read behind a session cannot conflict and takes no body.
    expect(statuses('/api/studies/{studyId}/rounds', 'get')).toEqual(['400', '401', '403', '404']);
    const studyId = doc.paths['/api/studies/{studyId}'].get.parameters!.find((p) => p.name === 'studyId')!;
    expect(studyId.description).toMatch(/numeric id or its slug/i);
  });
});
