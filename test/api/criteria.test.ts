import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { importance, nine, resonance, twoCriteriaStudy } from '../helpers/criteria';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const { call } = ctx;

const twoCriteria = twoCriteriaStudy();

async function openStudy(body: object = twoCriteria, items = 4, panel = 6) {
  const study = await call('POST', '/api/studies', body);
  expect(study.status).toBe(201);
  await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  const invited = await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelistsCsv(panel) });
  const round = await call('POST', `/api/studies/${study.body.id}/rounds`, {});
  expect((await call('POST', `/api/rounds/${round.body.id}/open`)).status).toBe(200);
  const sessions = await Promise.all(invited.body.invitations.map((i: { link: string }) => panelistSession(ctx.t, i.link)));
  const view = await call('GET', '/api/panelist/round', undefined, sessions[0]);
  const versions: number[] = view.body.items.map((i: { itemVersionId: number }) => i.itemVersionId);
  return { studyId: study.body.id as number, roundId: round.body.id as number, sessions, versions };
}

const save = (cookie: string, version: number, body: object, key: string) =>
  call('PUT', `/api/panelist/answers/${version}`, body, cookie, { 'idempotency-key': key });

describe('criteria on a study (consensus-methods.md §15.1)', () => {
  it('stores the criteria with their default bands and gives a multi-criteria study a protocol that names them', async () => {
    const created = await call('POST', '/api/studies', { ...studyBody, criteria: [resonance, { ...importance, agree: [8, 9] }] });
    expect(created.status).toBe(201);
    expect(created.body.criteria.map((c: { code: string; agree: number[] }) => [c.code, c.agree])).toEqual([
      ['resonance', [7, 9]],
      ['importance', [8, 9]],
    ]);
    expect(created.body.protocol.rules[0].when).toBe('resonance.pct_agree >= 75 AND resonance.iqr <= 2 AND importance.pct_agree >= 75 AND importance.iqr <= 2');
    const plain = await call('POST', '/api/studies', studyBody);
    expect(plain.body.criteria).toEqual([]);
  });

  it.each([
    ['a clashing code', { criteria: [resonance, { ...importance, code: 'resonance' }] }, 'criteria.1.code'],
    ['a code of the rule language', { criteria: [{ ...importance, code: 'median' }] }, 'criteria.0.code'],
    ['a scale of two points', { criteria: [{ ...importance, scale: { ...nine, min: 1, max: 2 } }] }, 'criteria.0.scale.max'],
    ['a band off the scale', { criteria: [{ ...importance, agree: [8, 10] }] }, 'criteria.0.agree'],
    ['a label in no study language', { criteria: [{ ...importance, labels: { en: 'x', de: 'y' } }] }, 'criteria.0.labels'],
    ['four criteria', { criteria: [1, 2, 3, 4].map((i) => ({ ...importance, code: `c${i}` })) }, 'criteria'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_, patch, path) => {
    const res = await call('POST', '/api/studies', { ...studyBody, ...patch });
    expect(res.status).toBe(400);
    expect(res.body.details.problems.map((p: { path: string }) => p.path.replace(/^body\./, ''))).toContain(path);
    expect((await call('GET', '/api/studies')).body).toEqual([]);
  });

  it.each([
    ['an unknown criterion', 'clarity.median >= 7', "unknown criterion 'clarity'"],
    ['an unqualified metric', 'pct_agree >= 70', "'pct_agree' needs a criterion"],
  ])('refuses a rule naming %s with the rule path', async (_, when, message) => {
    const res = await call('POST', '/api/studies', { ...twoCriteria, protocol: { ...twoCriteria.protocol, rules: [{ outcome: 'consensus_in', when }] } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DELPHI_PROTOCOL_INVALID');
    expect(res.body.details.problems[0]).toMatchObject({ path: 'rules[0].when' });
    expect(res.body.details.problems[0].message).toContain(message);
  });

  it('changes criteria with their protocol before the lock, refuses criteria the stored rules cannot read, and nothing after the lock', async () => {
    const study = (await call('POST', '/api/studies', studyBody)).body;
    const bare = await call('PATCH', `/api/studies/${study.id}`, { criteria: [resonance, importance] });
    expect(bare.status).toBe(400);
    expect(bare.body.details.problems[0].message).toContain('needs a criterion');
    const withRules = await call('PATCH', `/api/studies/${study.id}`, { criteria: [resonance, importance], protocol: twoCriteria.protocol });
    expect(withRules.status).toBe(200);
    expect(withRules.body.criteria).toHaveLength(2);
    await call('POST', `/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    const round = await call('POST', `/api/studies/${study.id}/rounds`, {});
    await call('POST', `/api/rounds/${round.body.id}/open`);
    const locked = await call('PATCH', `/api/studies/${study.id}`, { criteria: [importance] });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('DELPHI_PROTOCOL_LOCKED');
    expect((await call('GET', `/api/studies/${study.id}`)).body.criteria).toHaveLength(2);
  });
});

describe('answers per criterion', () => {
  it('saves each (item, criterion) on its own, idempotently, and refuses a missing or foreign criterion', async () => {
    const { roundId, sessions, versions } = await openStudy();
    const first = await save(sessions[0], versions[0], { value: 8, criterion: 'resonance' }, 'key-resonance');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ itemVersionId: versions[0], criterion: 'resonance', value: 8, cannotJudge: false, comment: null, revision: 1 });
    const other = await save(sessions[0], versions[0], { value: 3, criterion: 'importance' }, 'key-importance');
    expect(other.body).toMatchObject({ criterion: 'importance', value: 3, revision: 1 });
    expect((await save(sessions[0], versions[0], { value: 8, criterion: 'resonance' }, 'key-resonance')).body).toEqual(first.body);
    const reused = await save(sessions[0], versions[0], { value: 8, criterion: 'importance' }, 'key-resonance');
    expect(reused.status).toBe(422);

    const missing = await save(sessions[1], versions[0], { value: 8 }, 'key-missing');
    expect(missing.status).toBe(400);
    expect(missing.body.details.problems).toEqual([{ path: 'body.criterion', message: 'one of resonance, importance' }]);
    const foreign = await save(sessions[1], versions[0], { value: 8, criterion: 'clarity' }, 'key-foreign');
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toBe('This item is not rated on "clarity".');
    const offScale = await save(sessions[1], versions[0], { value: 10, criterion: 'importance' }, 'key-off');
    expect(offScale.status).toBe(400);

    await call('POST', `/api/rounds/${roundId}/close`);
    const results = (await call('GET', `/api/rounds/${roundId}/results`)).body;
    const criteria = results.items[0].result.criteria;
    expect(criteria.map((c: { criterion: string; stats: { nValid: number } }) => [c.criterion, c.stats.nValid])).toEqual([
      ['resonance', 1],
      ['importance', 1],
    ]);
  });

  it('closes a two-criteria round with one verdict per item from a rule that reads both, and flags attrition in round 2', async () => {
    const { studyId, roundId, sessions, versions } = await openStudy();
    for (const [p, cookie] of sessions.entries()) {
      for (const [i, v] of versions.entries()) {
        // Item 1: both criteria high. Item 2: resonates, but not important. Items 3-4: split.
        const [res, imp] = i === 0 ? [8, 8] : i === 1 ? [8, 2] : [p % 2 ? 2 : 8, p % 2 ? 2 : 8];
        expect((await save(cookie, v, { value: res, criterion: 'resonance' }, `resonance-${p}-${v}`)).body).toMatchObject({ revision: 1 });
        expect((await save(cookie, v, { value: imp, criterion: 'importance' }, `importance-${p}-${v}`)).status).toBe(200);
      }
    }
    await call('POST', `/api/rounds/${roundId}/close`);
    const results = (await call('GET', `/api/rounds/${roundId}/results`)).body;
    expect(results.items.map((i: { outcome: string }) => i.outcome)).toEqual(['consensus_in', 'no_consensus', 'no_consensus', 'no_consensus']);
    expect(results.items[1].result.metricsUsed).toMatchObject({ 'resonance.pct_agree': 100, 'importance.median': 2 });
    expect(results.analysis.settings.criteria.map((c: { code: string }) => c.code)).toEqual(['resonance', 'importance']);

    const r2 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    expect(r2.body).toMatchObject({ itemCount: 3 });
    expect((await call('POST', `/api/rounds/${r2.body.id}/open`)).status).toBe(200);
    const carried = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body.items[0].itemVersionId;
    // Only the panelists who rated 8 (even numbers) come back.
    for (const [p, cookie] of sessions.entries()) {
      if (p % 2 === 0) expect((await save(cookie, carried, { value: 8, criterion: 'resonance' }, `round-two-${p}`)).body).toMatchObject({ revision: 1 });
    }
    await call('POST', `/api/rounds/${r2.body.id}/close`);
    const attrition = (await call('GET', `/api/rounds/${r2.body.id}/results`)).body.analysis.attrition;
    expect(attrition.fromRound).toBe(1);
    expect(attrition.criteria.map((c: { criterion: string; m: number }) => [c.criterion, c.m])).toEqual([
      ['resonance', 4],
      ['importance', 4],
    ]);
    expect(attrition.criteria[0].items[0].attrition).toMatchObject({ p: 1, flags: ['no_variation'] });
    const split = attrition.criteria[0].items[2].attrition;
    expect(split).toMatchObject({ nStayed: 3, nLeft: 3, medianStayed: 8, medianLeft: 2 });
  });

  it('keeps a study without named criteria answering and closing as before', async () => {
    const { roundId, sessions, versions } = await openStudy(studyBody, 1, 5);
    const saved = await save(sessions[0], versions[0], { value: 8 }, 'plain-key');
    expect(saved.body).toEqual({ itemVersionId: versions[0], value: 8, cannotJudge: false, comment: null, revision: 1 });
    await call('POST', `/api/rounds/${roundId}/close`);
    const results = (await call('GET', `/api/rounds/${roundId}/results`)).body;
    expect(results.items[0].result).not.toHaveProperty('criteria');
    expect(results.analysis).not.toHaveProperty('attrition');

    // A version 1.0 file (no criteria anywhere) still imports, with the same results.
    const studyId = (await call('GET', '/api/studies')).body[0].id;
    const file = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    expect(file.responses[0]).not.toHaveProperty('criterion');
    const { criteria: _criteria, ...v1Study } = file.study;
    const imported = await call('POST', '/api/studies/import', { ...file, schemaVersion: '1.0.0', study: { ...v1Study, slug: 'version-one' } });
    expect(imported.body.verification).toMatchObject({ identical: true, differences: [] });
  });

  it('carries both criteria through the long CSV and the JSON study file, which re-imports with the same results', async () => {
    const { roundId, sessions, versions } = await openStudy(twoCriteria, 2, 5);
    for (const [p, cookie] of sessions.entries()) {
      for (const v of versions) {
        await save(cookie, v, { value: 8, criterion: 'resonance' }, `resonance-${p}-${v}`);
        await save(cookie, v, { value: 7 + (p % 3), criterion: 'importance' }, `importance-${p}-${v}`);
      }
    }
    await call('POST', `/api/rounds/${roundId}/close`);
    const studyId = (await call('GET', '/api/studies')).body[0].id;
    const exported = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/export.csv`, headers: { cookie: ctx.fac } });
    const csv = exported.body.split('\n');
    expect(csv.find((l) => l.startsWith('round,'))).toMatch(/^round,item,item_version,panelist,criterion,/);
    expect(csv.filter((l: string) => /,resonance,/.test(l))).toHaveLength(10);
    expect(csv.filter((l: string) => /,importance,/.test(l))).toHaveLength(10);

    const file = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    expect(file.schemaVersion).toBe('1.4.0');
    expect(file.study.criteria.map((c: { code: string }) => c.code)).toEqual(['resonance', 'importance']);
    expect(file.responses.filter((r: { criterion: string }) => r.criterion === 'importance')).toHaveLength(10);
    const imported = await call('POST', '/api/studies/import', { ...file, study: { ...file.study, slug: 'copy-of-criteria' } });
    expect(imported.body).toMatchObject({ counts: { responses: 20 } });
    expect(imported.body.verification).toMatchObject({ roundsChecked: 1, itemsChecked: 2, identical: true, differences: [] });

    const old = {
      ...file,
      schemaVersion: '1.0.0',
      study: { ...file.study, slug: 'one-criterion', criteria: undefined },
      responses: null,
      results: file.results,
    };
    const foreign = await call('POST', '/api/studies/import', { ...old, responses: [{ ...file.responses[0] }] });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body.details)).toContain('responses.0.criterion');
  });

  it('hides every sector below k in a two-criteria study, though each panelist answered twice per item', async () => {
    const { roundId, sessions, versions } = await openStudy(twoCriteria, 1, 9);
    for (const [p, cookie] of sessions.entries()) {
      await save(cookie, versions[0], { value: 8, criterion: 'resonance' }, `resonance-${p}`);
      await save(cookie, versions[0], { value: 8, criterion: 'importance' }, `importance-${p}`);
    }
    await call('POST', `/api/rounds/${roundId}/close`);
    const groups = (await call('GET', `/api/rounds/${roundId}/results`)).body.items[0].result.groups.sector.perGroup;
    // Three panelists per sector, below k = 5.
    expect(groups.map((g: { suppressed: boolean; nValid: number | null }) => [g.suppressed, g.nValid])).toEqual([
      [true, null],
      [true, null],
      [true, null],
    ]);
  });
});
