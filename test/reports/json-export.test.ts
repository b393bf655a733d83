import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStudy } from '../../api/repositories/studies';
import { studyExportJsonSchema, SCHEMA_FILE } from '../../api/reports/study-file/export-schema';
import { recomputeStudy } from '../../api/reports/study-file/recompute';
import { STUDY_EXPORT_SCHEMA_VERSION } from '../../api/schemas/study-export';
import { build, signedInFacilitator, type TestApp } from '../helpers/build';
import { closeOpenRound, demoApp, type DemoApp } from './helpers';

let d: DemoApp;
let exported: any;
let raw: string;

beforeAll(async () => {
  d = await demoApp();
  await closeOpenRound(d);
  const res = await d.get(`/api/studies/${d.studyId}/export.json`);
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toBe('attachment; filename="demo-study-export.json"');
  raw = res.text;
  exported = JSON.parse(raw);
});
afterAll(() => d.t.close());

function validator() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
}

/** A result without the instance's own ids, for comparing across instances. */
const portable = (r: { itemId?: string; versionId?: string }) => {
  const { itemId: _i, versionId: _v, ...rest } = r;
  return rest;
};

describe('GET /api/studies/:studyId/export.json', () => {
  it('validates against the published JSON Schema (2020-12) and carries its version', async () => {
    const validate = validator();
    expect(validate(exported), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(exported.schemaVersion).toBe(STUDY_EXPORT_SCHEMA_VERSION);
    expect(exported.responses).toHaveLength(((await d.t.db.raw('select count(*) as n from responses'))[0] as { n: number }).n);
    // Round 2 carries the 16 items without consensus on both criteria.
    expect(exported.results).toHaveLength(24 + 16);
    expect(exported.disclosure).toMatch(/NOT suppressed/);
    // Panelists travel without contact or link, under references P0001... (1.4.0).
    expect(Object.keys(exported.panelists[0]).sort()).toEqual(['attributes', 'code', 'language', 'status']);
    expect(exported.panelists.map((p: { code: string }) => p.code)).toEqual(
      exported.panelists.map((_: unknown, i: number) => `P${String(i + 1).padStart(4, '0')}`),
    );
    expect(/[\w.+-]+@[\w-]+\.[a-z]{2,}/.test(raw), 'an e-mail address in the export').toBe(false);
    expect(/token|P-\d{6}|"D\d\d"/.test(raw), 'a token or a stored panelist code in the export').toBe(false);
  });

  it('is rejected by the schema when something is wrong', () => {
    const validate = validator();
    expect(validate({ ...exported, responses: [{ ...exported.responses[0], value: 'high' }] })).toBe(false);
    expect(validate({ ...exported, extra: 1 })).toBe(false);
  });

  it('publishes the committed schema, which matches the contract it is generated from', async () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), 'regenerate: npx tsx api/reports/export-schema.ts --write').toEqual(studyExportJsonSchema());
    const res = await d.t.app.inject({ method: 'GET', url: '/api/schemas/study-export.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    expect(res.body).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('POST /api/studies/import', () => {
  let other: TestApp;
  let cookie: string;
  beforeAll(async () => {
    other = await build();
    cookie = (await signedInFacilitator(other, 'importer@example.org')).cookie;
  });
  afterAll(() => other.close());

  it('restores the export into another instance; recomputing every closed round gives identical results', async () => {
    const res = await other.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie, 'content-type': 'application/json' }, payload: raw });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ slug: 'demo', counts: { items: 24, rounds: 2, panelists: 40, responses: exported.responses.length, results: 40 } });
    expect(body.verification).toEqual({ roundsChecked: 2, itemsChecked: 40, identical: true, differences: [] });

    // Recompute again, independently of the import, and compare with the original instance's results.
    const study = (await findStudy(other.db, body.studyId))!;
    expect((await recomputeStudy(other.db, study)).identical).toBe(true);
    const get = (t: TestApp, url: string, c: string) => t.app.inject({ method: 'GET', url, headers: { cookie: c } }).then((r) => r.json());
    const before = await get(d.t, `/api/studies/${d.studyId}/rounds`, d.owner);
    const after = await get(other, `/api/studies/${body.studyId}/rounds`, cookie);
    for (const [i, round] of before.entries()) {
      const a = await get(d.t, `/api/rounds/${round.id}/results`, d.owner);
      const b = await get(other, `/api/rounds/${after[i].id}/results`, cookie);
      expect(b.items.map((x: { code: string; result: object }) => [x.code, portable(x.result)])).toEqual(
        a.items.map((x: { code: string; result: object }) => [x.code, portable(x.result)]),
      );
      const pa = await get(d.t, `/api/rounds/${round.id}/participation`, d.owner);
      const pb = await get(other, `/api/rounds/${after[i].id}/participation`, cookie);
      expect(pb.overall).toEqual(pa.overall);
    }

    // The importer owns the new study; panelists are pseudonyms without e-mail or link.
    const mine = await get(other, '/api/studies', cookie);
    expect(mine).toEqual([expect.objectContaining({ id: body.studyId, role: 'owner' })]);
    const panel = await get(other, `/api/studies/${body.studyId}/panelists`, cookie);
    expect(panel.every((p: { code: string; email: string | null }) => /^P-\d{6}$/.test(p.code) && p.email === null)).toBe(true);
    const audit = await get(other, `/api/studies/${body.studyId}/audit`, cookie);
    expect(audit.map((a: { action: string }) => a.action)).toContain('study.import');
  });

  it('gives the study a new slug when its own is taken', async () => {
    const res = await other.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie, 'content-type': 'application/json' }, payload: raw });
    expect(res.statusCode).toBe(201);
    expect(res.json().slug).toBe('demo-2');
  });

  it('refuses an export whose references do not hold, listing the problems and importing nothing', async () => {
    const broken = { ...exported, responses: [exported.responses[0], { ...exported.responses[0], item: 'NOPE' }, { ...exported.responses[1], value: 12 }] };
    const before = ((await other.db.raw('select count(*) as n from studies'))[0] as { n: number }).n;
    const res = await other.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie }, payload: broken });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DELPHI_VALIDATION');
    const messages = res.json().details.problems.map((p: { message: string }) => p.message);
    expect(messages.slice(0, 2)).toEqual(['Round 1 did not present NOPE version 1.', '12 is not on the scale 1-9.']);
    // The comments lost the answers they sat on: each is named.
    expect(messages.slice(2).every((m: string) => /^P\d{4} has no answer to \w+ in round \d for the comment to sit on\.$/.test(m))).toBe(true);
    expect(((await other.db.raw('select count(*) as n from studies'))[0] as { n: number }).n).toBe(before);
  });

  it('refuses anyone who is not a signed-in facilitator', async () => {
    const res = await other.app.inject({ method: 'POST', url: '/api/studies/import', headers: { 'content-type': 'application/json' }, payload: raw });
    expect(res.statusCode).toBe(401);
  });
});
