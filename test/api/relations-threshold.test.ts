import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, signedInFacilitator, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const call = ctx.call;

const ELEMENTS = ['CI', 'IA', 'PD'];
const pairs = ELEMENTS.flatMap((from) => ELEMENTS.filter((to) => to !== from).map((to) => `${from}>${to}`));
/** PD drives the rest strongly; the rest barely touch each other. */
const rating = (subject: string, i: number) => (subject.startsWith('PD>') ? 4 : subject.endsWith('>PD') ? 1 : (i % 2) + 1);

/** A study whose round 1 asks one relations block over three elements, answered by six panelists and closed. */
async function closedRelationsRound() {
  const study = await call('POST', '/api/studies', { ...studyBody, minGroupSize: 3 });
  const studyId = study.body.id as number;
  await call('POST', `/api/studies/${studyId}/items/import`, { createCategories: true, csv: itemsCsv(3) });
  const invited = await call('POST', `/api/studies/${studyId}/panelists/import`, { csv: panelistsCsv(6) });
  const roundId = (await call('POST', `/api/studies/${studyId}/rounds`, {})).body.id as number;
  const elements = ELEMENTS.map((code) => ({ code, label: { en: `Asymmetry ${code}` } }));
  const block = await call('POST', `/api/rounds/${roundId}/blocks`, { kind: 'relations', config: { elements } });
  const blockId = block.body.id as number;
  expect((await call('POST', `/api/rounds/${roundId}/open`)).status).toBe(200);
  for (const [i, invitation] of (invited.body.invitations as { link: string }[]).entries()) {
    const session = await panelistSession(ctx.t, invitation.link);
    const answers = pairs.map((subject) => ({ subject, value: rating(subject, i) }));
    const res = await call('PUT', `/api/panelist/blocks/${blockId}/answers`, { answers }, session, { 'idempotency-key': `threshold-${i}-0000` });
    expect(res.status).toBe(200);
  }
  expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
  return { studyId, roundId, blockId };
}

const download = async (studyId: number, file: string) =>
  (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/${file}`, headers: { cookie: ctx.fac } })).body;
const edgeRows = (csv: string) => csv.split('\r\n').filter((line) => /^1,1,,,total,[A-Z]+,[A-Z]+,above_threshold,1$/.test(line));

describe('the influence-map threshold of a closed relations block', () => {
  it('is stored on the block, leaves the frozen result alone and is used by the report and the relations CSV', async () => {
    const { studyId, roundId, blockId } = await closedRelationsRound();
    const before = (await call('GET', `/api/rounds/${roundId}/results`)).body.blocks[0];
    expect(before.threshold).toBeNull();
    const alpha = before.result.map.threshold as number;
    const frozenEdges = before.result.map.edges.length as number;
    expect(frozenEdges).toBeGreaterThan(0);
    expect(edgeRows(await download(studyId, 'relations.csv'))).toHaveLength(frozenEdges);

    const set = await call('PUT', `/api/rounds/${roundId}/blocks/${blockId}/threshold`, { threshold: 100 });
    expect(set.status).toBe(200);
    expect(set.body.threshold).toBe(100);
    const after = (await call('GET', `/api/rounds/${roundId}/results`)).body.blocks[0];
    expect(after.threshold).toBe(100);
    expect(after.result).toEqual(before.result);
    expect((await call('GET', `/api/rounds/${roundId}/blocks`)).body[0].threshold).toBe(100);

    expect(edgeRows(await download(studyId, 'relations.csv'))).toHaveLength(0);
    const report = await download(studyId, 'report.html');
    expect(report).toContain(`Threshold set by the facilitator: 100.0000; mean of T: ${alpha.toFixed(4)}`);
    expect(report).not.toMatch(/<g class="edge"/);
    const audit = (await call('GET', `/api/studies/${studyId}/audit`)).body as { action: string; details: { threshold?: number } }[];
    expect(audit.find((a) => a.action === 'block.threshold')?.details.threshold).toBe(100);

    expect((await call('PUT', `/api/rounds/${roundId}/blocks/${blockId}/threshold`, { threshold: null })).body.threshold).toBeNull();
    expect(edgeRows(await download(studyId, 'relations.csv'))).toHaveLength(frozenEdges);
  });

  it.each([
    ['a negative number', { threshold: -0.1 }],
    ['a string', { threshold: '0.2' }],
    ['no threshold at all', {}],
    ['an unknown field', { threshold: 0.2, colour: 'red' }],
  ])('refuses %s with a 400 in the one error shape and stores nothing', async (_, body) => {
    const { roundId, blockId } = await closedRelationsRound();
    const res = await call('PUT', `/api/rounds/${roundId}/blocks/${blockId}/threshold`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'DELPHI_VALIDATION' });
    expect((await call('GET', `/api/rounds/${roundId}/blocks`)).body[0].threshold).toBeNull();
  });

  it('refuses a non-finite number sent as JSON text', async () => {
    const { roundId, blockId } = await closedRelationsRound();
    const res = await ctx.t.app.inject({
      method: 'PUT',
      url: `/api/rounds/${roundId}/blocks/${blockId}/threshold`,
      headers: { cookie: ctx.fac, 'content-type': 'application/json' },
      payload: '{"threshold": 1e999}',
    });
    expect(res.statusCode).toBe(400);
    expect((await call('GET', `/api/rounds/${roundId}/blocks`)).body[0].threshold).toBeNull();
  });

  it('needs write access: an observer gets 403 and nothing changes', async () => {
    const { studyId, roundId, blockId } = await closedRelationsRound();
    const observer = await signedInFacilitator(ctx.t, 'observer@example.org');
    expect((await call('PUT', `/api/studies/${studyId}/members`, { email: 'observer@example.org', role: 'observer' })).status).toBe(200);
    const res = await call('PUT', `/api/rounds/${roundId}/blocks/${blockId}/threshold`, { threshold: 0.5 }, observer.cookie);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('DELPHI_FORBIDDEN');
    expect((await call('GET', `/api/rounds/${roundId}/blocks`)).body[0].threshold).toBeNull();
  });

  it('is refused with 409 before the close, when there is no frozen result to draw', async () => {
    const study = await call('POST', '/api/studies', studyBody);
    await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(3) });
    const roundId = (await call('POST', `/api/studies/${study.body.id}/rounds`, {})).body.id;
    const elements = ELEMENTS.map((code) => ({ code, label: { en: code } }));
    const blockId = (await call('POST', `/api/rounds/${roundId}/blocks`, { kind: 'relations', config: { elements } })).body.id;
    const res = await call('PUT', `/api/rounds/${roundId}/blocks/${blockId}/threshold`, { threshold: 0.5 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DELPHI_ROUND_NOT_CLOSED');
  });
});
