import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

/* Issue 15: what a panelist's browser receives in a study that rates each item on several criteria. */
const ctx = signedInAppPerTest();
const { call } = ctx;

const four = { min: 1, max: 4, cannotJudge: false, labels: { en: { '1': 'Not relevant', '4': 'Highly relevant' }, fr: { '1': 'Pas pertinent' } } };
const nine = { min: 1, max: 9, cannotJudge: true, labels: {} };
const relevance = { code: 'relevance', labels: { en: 'This element is relevant', fr: 'Cet élément est pertinent' }, scale: four, relevance: true };
const importance = { code: 'importance', labels: { en: 'Reducing it matters' }, scale: nine };
const twoCriteria = {
  ...studyBody,
  criteria: [relevance, importance],
  protocol: {
    bands: { agree: [3, 4], disagree: [1, 2] },
    rules: [{ outcome: 'consensus_in', when: 'relevance.icvi >= 0.78 AND importance.median >= 7' }],
    stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
  },
};

async function openStudy(body: object, items: number, panel: number) {
  const created = await call('POST', '/api/studies', body);
  expect(created.body).toMatchObject({ id: expect.any(Number) });
  const study = created.body;
  await call('POST', `/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  const invited = await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(panel) });
  const round = await call('POST', `/api/studies/${study.id}/rounds`, {});
  expect((await call('POST', `/api/rounds/${round.body.id}/open`)).status).toBe(200);
  const sessions = await Promise.all(invited.body.invitations.map((i: { link: string }) => panelistSession(ctx.t, i.link)));
  const view = await call('GET', '/api/panelist/round', undefined, sessions[0]);
  return {
    studyId: study.id as number,
    roundId: round.body.id as number,
    sessions,
    versions: view.body.items.map((i: { itemVersionId: number }) => i.itemVersionId),
  };
}

const save = (cookie: string, version: number, body: object, key: string) =>
  call('PUT', `/api/panelist/answers/${version}`, body, cookie, { 'idempotency-key': key });

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('the panelist view of a study with criteria', () => {
  it("shows each criterion's question and scale in the panelist's language, and the answers per criterion", async () => {
    const { sessions, versions } = await openStudy(twoCriteria, 2, 2);
    expect((await call('PATCH', '/api/panelist/me', { language: 'fr' }, sessions[1])).status).toBe(200);
    const me = (await call('GET', '/api/panelist/me', undefined, sessions[1])).body;
    expect(me.study.criteria).toEqual([
      { code: 'relevance', label: 'Cet élément est pertinent', scale: { min: 1, max: 4, cannotJudge: false, labels: { '1': 'Pas pertinent' } } },
      // No French label: the study's first language stands in.
      { code: 'importance', label: 'Reducing it matters', scale: { min: 1, max: 9, cannotJudge: true, labels: {} } },
    ]);

    await save(sessions[0], versions[0], { value: 4, criterion: 'relevance', comment: 'Seen it often' }, 'key-relevance');
    let round = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body;
    expect(round.items[0].criteria).toEqual([
      { criterion: 'relevance', answer: { value: 4, cannotJudge: false, comment: 'Seen it often', revision: 1 }, feedback: null },
      { criterion: 'importance', answer: null, feedback: null },
    ]);
    // An item counts as answered once every criterion has an answer.
    expect(round.progress).toEqual({ answered: 0, total: 2 });
    await save(sessions[0], versions[0], { value: null, cannotJudge: true, criterion: 'importance' }, 'key-importance');
    round = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body;
    expect(round.items[0].criteria[1].answer).toMatchObject({ value: null, cannotJudge: true });
    expect(round.items[0].answer).toEqual(round.items[0].criteria[0].answer);
    expect(round.progress).toEqual({ answered: 1, total: 2 });
  });

  it("gives round 2 each criterion's figures beside the panelist's own earlier answer on it", async () => {
    const { studyId, roundId, sessions, versions } = await openStudy(twoCriteria, 1, 6);
    for (const [p, cookie] of sessions.entries()) {
      await save(cookie, versions[0], { value: p < 5 ? 4 : 1, criterion: 'relevance', comment: p === 0 ? 'Clear to me' : null }, `relevance-${p}`);
      await save(cookie, versions[0], { value: 3 + p, criterion: 'importance', comment: p === 1 ? 'Matters less' : null }, `importance-${p}`);
    }
    await call('POST', `/api/rounds/${roundId}/close`);
    const r2 = await call('POST', `/api/studies/${studyId}/rounds`, { decisions: [{ itemId: (await firstItemId(studyId)) as number, action: 'carry' }] });
    expect((await call('POST', `/api/rounds/${r2.body.id}/open`)).status).toBe(200);
    const item = (await call('GET', '/api/panelist/round', undefined, sessions[5])).body.items[0];
    const [rel, imp] = item.criteria;
    expect(rel.criterion).toBe('relevance');
    expect(rel.feedback).toMatchObject({ round: 1, withheld: false, nValid: 6, median: 4, distribution: { '1': 1, '4': 5 }, yourAnswer: { value: 1 } });
    expect(rel.feedback.comments.map((c: { text: string }) => c.text)).toEqual(['Clear to me']);
    expect(imp.feedback).toMatchObject({ round: 1, nValid: 6, median: 5.5, yourAnswer: { value: 8, cannotJudge: false } });
    expect(imp.feedback.comments.map((c: { text: string }) => c.text)).toEqual(['Matters less']);
    expect(item.feedback).toEqual(rel.feedback);
    expect(rel.answer).toBeNull();
  });

  it('keeps a study without named criteria as before: no criteria in the study or on any item', async () => {
    const { sessions, versions } = await openStudy(studyBody, 1, 1);
    await save(sessions[0], versions[0], { value: 7 }, 'plain-key');
    const me = (await call('GET', '/api/panelist/me', undefined, sessions[0])).body;
    expect(me.study.criteria).toEqual([]);
    const round = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body;
    expect(round.items[0]).toMatchObject({ answer: { value: 7 }, criteria: [] });
    expect(round.progress).toEqual({ answered: 1, total: 1 });
  });
});

async function firstItemId(studyId: number) {
  return (await call('GET', `/api/studies/${studyId}/items`)).body[0].id;
}

describe('criteria with a preset of rules, as the study editor saves them', () => {
  it('replaces the rules with the preset computed for the new criteria, and back to the plain default without criteria', async () => {
    const study = (await call('POST', '/api/studies', studyBody)).body;
    const both = await call('PATCH', `/api/studies/${study.id}`, { criteria: [relevance, importance], protocolPreset: 'cvi_078' });
    expect(both.status).toBe(200);
    expect(both.body.protocol.rules).toEqual([{ outcome: 'consensus_in', when: 'relevance.icvi >= 0.78' }]);
    expect(both.body.scale).toMatchObject({ min: 1, max: 4 });
    const none = await call('PATCH', `/api/studies/${study.id}`, { criteria: [], protocolPreset: 'criteria_default' });
    expect(none.status).toBe(200);
    expect(none.body.criteria).toEqual([]);
    expect(none.body.protocol.rules).toEqual([{ outcome: 'consensus_in', when: 'pct_agree >= 75 AND iqr <= 1' }]);
  });

  it.each([
    ['a preset the criteria do not fit', { criteria: [importance], protocolPreset: 'cvi_078' }, 'protocolPreset'],
    ['a preset without criteria', { protocolPreset: 'cvi_078' }, 'protocolPreset'],
    ['a preset and a protocol', { criteria: [relevance], protocolPreset: 'cvi_078', protocol: twoCriteria.protocol }, 'protocolPreset'],
  ])('refuses %s with a 400 naming the field, and changes nothing', async (_, patch, path) => {
    const study = (await call('POST', '/api/studies', studyBody)).body;
    const res = await call('PATCH', `/api/studies/${study.id}`, patch);
    expect(res.status).toBe(400);
    expect(res.body.details.problems[0].path).toBe(path);
    const after = (await call('GET', `/api/studies/${study.id}`)).body;
    expect([after.criteria, after.protocol]).toEqual([study.criteria, study.protocol]);
  });
});

describe('real-time rounds and criteria', () => {
  it('opens a real-time round in a study with two criteria, each criterion saved on its own', async () => {
    const study = (await call('POST', '/api/studies', twoCriteria)).body;
    await call('POST', `/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    const invited = await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(1) });
    const created = await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime', closesAt: inAWeek() });
    expect(created.status).toBe(201);
    expect(created.body.mode).toBe('realtime');
    expect((await call('POST', `/api/rounds/${created.body.id}/open`)).status).toBe(200);
    const cookie = await panelistSession(ctx.t, invited.body.invitations[0].link);
    const [item] = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items;
    expect((await save(cookie, item.itemVersionId, { value: 4, criterion: 'relevance' }, 'rt-relevance')).status).toBe(200);
    expect((await save(cookie, item.itemVersionId, { value: 8, criterion: 'importance' }, 'rt-importance')).status).toBe(200);
    const round = (await call('GET', '/api/panelist/round', undefined, cookie)).body;
    expect(round.round.mode).toBe('realtime');
    expect(round.items[0].criteria.map((c: { answer: { value: number } }) => c.answer.value)).toEqual([4, 8]);
  });

  it('accepts a second criterion while a real-time round is prepared, before the protocol locks', async () => {
    const study = (await call('POST', '/api/studies', { ...studyBody, criteria: [importance] })).body;
    await call('POST', `/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    expect((await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime', closesAt: inAWeek() })).status).toBe(201);
    const changed = await call('PATCH', `/api/studies/${study.id}`, { criteria: [relevance, importance], protocol: twoCriteria.protocol });
    expect(changed.status).toBe(200);
    expect((await call('GET', `/api/studies/${study.id}`)).body.criteria.map((c: { code: string }) => c.code)).toEqual(['relevance', 'importance']);
  });
});
