import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacilitator } from '../../api/services/facilitator-service';
import { build, itemsCsv, panelistsCsv, studyBody, type TestApp } from '../helpers/build';

let t: TestApp;
let base: string;
let doc: {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> }
    >
  >;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  t = await build();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  doc = await (await fetch(`${base}/api/openapi.json`)).json();
  // The document names its shared schemas under components; a $ref such as #/components/schemas/Error resolves against this root.
  ajv.addSchema({ $id: 'openapi.json', components: (doc as { components?: object }).components ?? {} });
});

/** A schema from the document, compiled with the document's components reachable through its $refs. */
const rewritten = new WeakMap<object, object>();
function withComponents(schema: object): object {
  let out = rewritten.get(schema);
  // Kept per schema object, so ajv compiles each operation's schema once.
  if (!out) rewritten.set(schema, (out = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'))));
  return out!;
}
afterAll(() => t.close());

/**
 * Calls an operation the way a client generated from the OpenAPI document would: the path and
 * method must be documented, the request body must satisfy the documented schema, and so must the reply.
 */
async function callOp(
  method: string,
  template: string,
  params: Record<string, string | number>,
  body: unknown,
  cookie: string,
  headers: Record<string, string> = {},
) {
  const op = doc.paths[template]?.[method.toLowerCase()];
  expect(op, `${method} ${template} is documented`).toBeDefined();
  if (body !== undefined) {
    const schema = op.requestBody?.content['application/json']?.schema;
    expect(schema, `${method} ${template} documents its body`).toBeDefined();
    const valid = ajv.validate(withComponents(schema!), body);
    expect(valid, JSON.stringify(ajv.errors)).toBe(true);
  }
  const url = template.replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  const responseSchema = op.responses[String(res.status)]?.content?.['application/json']?.schema;
  expect(responseSchema, `${method} ${template} documents status ${res.status}: ${JSON.stringify(json)}`).toBeDefined();
  expect(ajv.validate(withComponents(responseSchema!), json), JSON.stringify(ajv.errors)).toBe(true);
  return { status: res.status, json, setCookie: res.headers.getSetCookie() };
}

const cookieNamed = (setCookie: string[], name: string) => setCookie.find((c) => c.startsWith(`${name}=`))!.split(';')[0];

describe('a scripted client using only the OpenAPI document', () => {
  it('runs a study: 20 items, 30 panelists, round 1 rated and closed, results read, round 2 opened', async () => {
    const { oneTimePassword } = await createFacilitator(t.db, { email: 'script@example.org' }, null);
    const signIn = await callOp('POST', '/api/auth/sign-in', {}, { email: 'script@example.org', password: oneTimePassword }, '');
    // A one-time password only allows choosing a real one.
    const first = cookieNamed(signIn.setCookie, 'delphi_facilitator');
    const changed = await callOp('POST', '/api/auth/password', {}, { currentPassword: oneTimePassword, newPassword: 'a long scripted passphrase' }, first);
    const fac = cookieNamed(changed.setCookie, 'delphi_facilitator');

    const study = await callOp('POST', '/api/studies', {}, studyBody, fac);
    expect(study.status).toBe(201);
    const studyId = study.json.id;
    expect((await callOp('POST', '/api/studies/{studyId}/items/import', { studyId }, { createCategories: true, csv: itemsCsv(20) }, fac)).json).toEqual({
      imported: 20,
    });
    const invited = await callOp('POST', '/api/studies/{studyId}/panelists/import', { studyId }, { csv: panelistsCsv(30) }, fac);
    expect(invited.json.invitations).toHaveLength(30);

    const r1 = await callOp('POST', '/api/studies/{studyId}/rounds', { studyId }, {}, fac);
    await callOp('POST', '/api/rounds/{roundId}/open', { roundId: r1.json.id }, undefined, fac);

    for (const [p, inv] of invited.json.invitations.entries()) {
      const session = await callOp('POST', '/api/panelist/session', {}, { token: inv.link.split('#')[1] }, '');
      const cookie = cookieNamed(session.setCookie, 'delphi_panelist');
      const round = await callOp('GET', '/api/panelist/round', {}, undefined, cookie);
      for (const [i, item] of round.json.items.entries()) {
        const value = i % 2 === 0 ? 7 + (p % 3) : 1 + (p % 9);
        const saved = await callOp('PUT', '/api/panelist/answers/{itemVersionId}', { itemVersionId: item.itemVersionId }, { value }, cookie, {
          'idempotency-key': `script-${p}-${i}`,
        });
        expect(saved.status).toBe(200);
      }
    }
    await callOp('POST', '/api/rounds/{roundId}/close', { roundId: r1.json.id }, undefined, fac);
    const results = await callOp('GET', '/api/rounds/{roundId}/results', { roundId: r1.json.id }, undefined, fac);
    expect(results.json.items).toHaveLength(20);
    const outcomes = results.json.items.map((i: { outcome: string }) => i.outcome);
    expect(outcomes.filter((o: string) => o === 'consensus_in')).toHaveLength(10);

    const r2 = await callOp('POST', '/api/studies/{studyId}/rounds', { studyId }, {}, fac);
    expect(r2.json).toMatchObject({ number: 2, itemCount: 10 });
    const opened = await callOp('POST', '/api/rounds/{roundId}/open', { roundId: r2.json.id }, undefined, fac);
    expect(opened.json.status).toBe('open');
    // About 700 calls, each reply checked against the document: slow on a busy machine, not stuck.
  }, 120_000);
});
