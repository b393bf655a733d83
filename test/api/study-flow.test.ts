import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const { call } = ctx;

async function setUpStudy(items = 20, panel = 30) {
  const study = await call('POST', '/api/studies', studyBody);
  expect(study.status).toBe(201);
  const imported = await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  expect(imported.body).toEqual({ imported: items });
  const invited = await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelistsCsv(panel) });
  expect(invited.status).toBe(201);
  return { studyId: study.body.id as number, links: invited.body.invitations.map((i: { link: string }) => i.link) as string[] };
}

describe('a whole Delphi study through the API', () => {
  it('runs round 1 with 30 panelists, closes it, and carries items without consensus into round 2', async () => {
    const { studyId, links } = await setUpStudy();
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ number: 1, status: 'draft', itemCount: 20 });
    expect((await call('POST', `/api/rounds/${r1.body.id}/open`)).body.status).toBe('open');

    const sessions = await Promise.all(links.map((l) => panelistSession(ctx.t, l)));
    const round = await call('GET', '/api/panelist/round', undefined, sessions[0]);
    expect(round.body.items).toHaveLength(20);
    const versions: number[] = round.body.items.map((i: { itemVersionId: number }) => i.itemVersionId);
    // Items 1-10: everyone agrees (8-9). Items 11-20: the panel splits between 2 and 8.
    for (const [p, cookie] of sessions.entries()) {
      for (const [i, v] of versions.entries()) {
        const value = i < 10 ? 8 + (p % 2) : p % 2 ? 2 : 8;
        const res = await call('PUT', `/api/panelist/answers/${v}`, { value, comment: p === 0 && i === 0 ? 'Clear to me' : null }, cookie, {
          'idempotency-key': `answer-${p}-${v}`,
        });
        expect(res.status).toBe(200);
      }
    }
    const part = await call('GET', `/api/rounds/${r1.body.id}/participation`);
    expect(part.body.overall).toEqual({ invited: 30, responded: 30, completed: 30, responseRate: 1, retention: 1, attrition: null, cumulativeResponse: 1 });
    expect(part.body.byGroup.sector.health.invited).toBe(10);

    const provisional = await call('GET', `/api/rounds/${r1.body.id}/results`);
    expect(provisional.body.status).toBe('provisional');

    const closed = await call('POST', `/api/rounds/${r1.body.id}/close`);
    expect(closed.body.status).toBe('closed');
    const results = await call('GET', `/api/rounds/${r1.body.id}/results`);
    expect(results.body.status).toBe('final');
    expect(results.body.items).toHaveLength(20);
    const outcome = (code: string) => results.body.items.find((i: { code: string }) => i.code === code).outcome;
    expect(outcome('I1')).toBe('consensus_in');
    expect(outcome('I15')).toBe('no_consensus');

    // Panelists see last round's feedback between rounds, with their own answer.
    const fb = await call('GET', `/api/panelist/rounds/${r1.body.id}/feedback`, undefined, sessions[0]);
    const first = fb.body.items.find((i: { code: string }) => i.code === 'I1');
    expect(first.feedback).toMatchObject({
      withheld: false,
      nValid: 30,
      median: 8.5,
      yourAnswer: { value: 8, cannotJudge: false },
      comments: [{ text: 'Clear to me', language: 'en', translated: false, original: null }],
    });

    const r2 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    expect(r2.body).toMatchObject({ number: 2, itemCount: 10 });
    expect((await call('POST', `/api/rounds/${r2.body.id}/open`)).status).toBe(200);
    const r2view = await call('GET', '/api/panelist/round', undefined, sessions[3]);
    expect(r2view.body.items.map((i: { code: string }) => i.code)).toEqual(['I11', 'I12', 'I13', 'I14', 'I15', 'I16', 'I17', 'I18', 'I19', 'I20']);
    expect(r2view.body.items[0].feedback).toMatchObject({ round: 1, yourAnswer: { value: 2 } });

    // 24 of the 30 answer round 2 (six health or social-care panelists drop out): attrition 20 %.
    for (const [p, cookie] of sessions.entries()) {
      if (p >= 24) continue;
      const res = await call('PUT', `/api/panelist/answers/${r2view.body.items[0].itemVersionId}`, { value: 5 }, cookie, { 'idempotency-key': `round2-${p}` });
      expect(res.status).toBe(200);
    }
    const part2 = (await call('GET', `/api/rounds/${r2.body.id}/participation`)).body;
    expect(part2.overall).toMatchObject({ invited: 30, responded: 24, completed: 0, responseRate: 0.8, retention: 0.8, cumulativeResponse: 0.8 });
    expect(part2.overall.attrition).toBeCloseTo(0.2, 12);
    expect(part2.notAnswered).toHaveLength(6);
    expect(part2.byGroup.sector.voluntary).toMatchObject({ invited: 10, responded: 8 });

    const flow = await call('GET', `/api/studies/${studyId}/item-flow`);
    expect(flow.body.filter((d: { action: string }) => d.action === 'carry')).toHaveLength(10);
    expect(flow.body.filter((d: { action: string }) => d.action === 'retire')).toHaveLength(10);
  });

  it('records reworded, dropped and added items as decisions for the item flow', async () => {
    const { studyId, links } = await setUpStudy(3, 6);
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await call('POST', `/api/rounds/${r1.body.id}/open`);
    const cookie = await panelistSession(ctx.t, links[0]);
    const item = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items[0];
    const saved = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: 5, comment: 'Ambiguous wording' }, cookie, {
      'idempotency-key': 'first-answer',
    });
    expect(saved.status).toBe(200);
    await call('POST', `/api/rounds/${r1.body.id}/close`);
    const comments = await call('GET', `/api/rounds/${r1.body.id}/comments`);
    const responseId = comments.body.comments[0].responseId;
    const items = (await call('GET', `/api/studies/${studyId}/items`)).body;
    const r2 = await call('POST', `/api/studies/${studyId}/rounds`, {
      decisions: [
        { itemId: items[0].id, action: 'reword', texts: { en: 'Clearer statement' }, reason: 'Panelists found it ambiguous', sourceResponseIds: [responseId] },
        { itemId: items[1].id, action: 'drop', reason: 'Duplicate of I3' },
      ],
      newItems: [{ code: 'N1', texts: { en: 'A new statement from round 1 ideas' } }],
    });
    expect(r2.status).toBe(201);
    expect(r2.body.itemCount).toBe(3); // reworded I1, carried I3 (insufficient data), new N1
    const flow = (await call('GET', `/api/studies/${studyId}/item-flow`)).body;
    expect(flow.map((d: { action: string }) => d.action).sort()).toEqual(['add', 'carry', 'drop', 'reword']);
    const after = (await call('GET', `/api/studies/${studyId}/items`)).body;
    expect(after.find((i: { code: string }) => i.code === 'I1')).toMatchObject({ version: 2, texts: { en: 'Clearer statement' } });
    expect(after.find((i: { code: string }) => i.code === 'I2').status).toBe('dropped');
  });
});

describe('failure paths', () => {
  it('reports every bad CSV line with its line and column and imports nothing', async () => {
    const study = await call('POST', '/api/studies', studyBody);
    const csv = ['code,category,text_en', 'A1,KNOW,Fine', 'bad code!,KNOW,Text', 'A1,KNOW,Duplicate', 'A4,KNOW,'].join('\n');
    const res = await call('POST', `/api/studies/${study.body.id}/items/import`, { csv, createCategories: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DELPHI_CSV_INVALID');
    expect(res.body.details.problems).toEqual([
      { line: 3, column: 'code', message: 'The code must be 1-40 letters, digits, dot, dash or underscore.' },
      { line: 4, column: 'code', message: 'The code A1 is also used on line 2.' },
      { line: 5, column: 'text_en', message: 'A text in en is required.' },
    ]);
    expect((await call('GET', `/api/studies/${study.body.id}/items`)).body).toEqual([]);

    const panel = await call('POST', `/api/studies/${study.body.id}/panelists/import`, {
      csv: 'code,email,language,sector,role_level\nX1,x@example.org,en,hospital,strategic\nX2,not-an-email,de,health,operational',
    });
    expect(panel.status).toBe(400);
    expect(panel.body.details.problems.map((p: { line: number; column: string }) => `${p.line}:${p.column}`)).toEqual(['2:sector', '3:email', '3:language']);
    expect((await call('GET', `/api/studies/${study.body.id}/panelists`)).body).toEqual([]);
  });

  it('reports an item CSV category the study does not have as a problem of its line, unless creating it is confirmed', async () => {
    const study = await call('POST', '/api/studies', studyBody);
    await call('POST', `/api/studies/${study.body.id}/categories`, { code: 'KNOW', names: { en: 'Knowledge' } });
    const csv = ['code,category,text_en', 'A1,KNOW,Fine', 'A2,KNWO,Typo in the category', 'A3,,No category'].join('\n');
    const refused = await call('POST', `/api/studies/${study.body.id}/items/import`, { csv });
    expect(refused.status).toBe(400);
    expect(refused.body.details.problems).toEqual([
      { line: 3, column: 'category', message: 'The study has no category KNWO. Add it first, or import with createCategories to create it.' },
    ]);
    expect((await call('GET', `/api/studies/${study.body.id}/items`)).body).toEqual([]);
    expect((await call('GET', `/api/studies/${study.body.id}/categories`)).body.map((c: { code: string }) => c.code)).toEqual(['KNOW']);

    const confirmed = await call('POST', `/api/studies/${study.body.id}/items/import`, { csv, createCategories: true });
    expect(confirmed.status).toBe(201);
    expect((await call('GET', `/api/studies/${study.body.id}/categories`)).body.map((c: { code: string }) => c.code)).toEqual(['KNOW', 'KNWO']);
  });

  it('refuses a rating that arrives after the close with 409 and does not store it', async () => {
    const { studyId, links } = await setUpStudy(2, 3);
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await call('POST', `/api/rounds/${r1.body.id}/open`);
    const cookie = await panelistSession(ctx.t, links[0]);
    const item = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items[0];
    await call('POST', `/api/rounds/${r1.body.id}/close`);
    const late = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: 7 }, cookie, { 'idempotency-key': 'late-answer-1' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchInlineSnapshot(`
      {
        "code": "DELPHI_ROUND_CLOSED",
        "error": "Conflict",
        "message": "This round has closed; the answer was not saved.",
        "statusCode": 409,
      }
    `);
    const fb = await call('GET', `/api/panelist/rounds/${r1.body.id}/feedback`, undefined, cookie);
    expect(fb.body.items[0].answer).toBeNull();
  });

  it('returns the stored reply for a retried idempotency key and refuses the key with another payload', async () => {
    const { studyId, links } = await setUpStudy(2, 3);
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await call('POST', `/api/rounds/${r1.body.id}/open`);
    const cookie = await panelistSession(ctx.t, links[0]);
    const item = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items[0];
    const url = `/api/panelist/answers/${item.itemVersionId}`;
    const first = await call('PUT', url, { value: 6 }, cookie, { 'idempotency-key': 'same-key-123' });
    const again = await call('PUT', url, { value: 6 }, cookie, { 'idempotency-key': 'same-key-123' });
    expect(again.body).toEqual(first.body);
    expect(again.body.revision).toBe(1);
    const other = await call('PUT', url, { value: 2 }, cookie, { 'idempotency-key': 'same-key-123' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('DELPHI_IDEMPOTENCY_MISMATCH');
    const round = await call('GET', '/api/panelist/round', undefined, cookie);
    expect(round.body.items[0].answer).toMatchObject({ value: 6, revision: 1 });
  });

  it('rejects out-of-range ratings and "cannot judge" with a value, storing nothing', async () => {
    const { studyId, links } = await setUpStudy(1, 3);
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await call('POST', `/api/rounds/${r1.body.id}/open`);
    const cookie = await panelistSession(ctx.t, links[0]);
    const item = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items[0];
    const url = `/api/panelist/answers/${item.itemVersionId}`;
    for (const [i, body] of [{ value: 10 }, { value: 0 }, { value: 4.5 }, { value: 5, cannotJudge: true }, { value: null }, { value: '7' }].entries()) {
      const res = await call('PUT', url, body, cookie, { 'idempotency-key': `bad-input-${i}` });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('DELPHI_VALIDATION');
    }
    expect((await call('GET', '/api/panelist/round', undefined, cookie)).body.items[0].answer).toBeNull();
    const cj = await call('PUT', url, { value: null, cannotJudge: true }, cookie, { 'idempotency-key': 'cannot-judge-1' });
    expect(cj.body).toMatchObject({ value: null, cannotJudge: true });
  });

  it('keeps a panelist of one study out of another study', async () => {
    const a = await setUpStudy(2, 3);
    const b = await setUpStudy(2, 3);
    const rb = await call('POST', `/api/studies/${b.studyId}/rounds`, {});
    await call('POST', `/api/rounds/${rb.body.id}/open`);
    await call('POST', `/api/rounds/${rb.body.id}/close`);
    const ra = await call('POST', `/api/studies/${a.studyId}/rounds`, {});
    await call('POST', `/api/rounds/${ra.body.id}/open`);
    const cookieA = await panelistSession(ctx.t, a.links[0]);
    expect((await call('GET', `/api/panelist/rounds/${rb.body.id}/feedback`, undefined, cookieA)).status).toBe(404);
    const itemB = (await call('GET', `/api/studies/${b.studyId}/items`)).body[0];
    const res = await call('PUT', `/api/panelist/answers/${itemB.versionId}`, { value: 5 }, cookieA, { 'idempotency-key': 'cross-study-1' });
    expect(res.status).toBe(404);
    // A panelist session is not a facilitator session.
    expect((await call('GET', `/api/studies/${b.studyId}`, undefined, cookieA)).status).toBe(401);
  });

  it('locks the protocol when round 1 opens and refuses later changes with 409', async () => {
    const { studyId } = await setUpStudy(2, 3);
    const study = (await call('GET', `/api/studies/${studyId}`)).body;
    const edited = { ...study.protocol, rules: [{ outcome: 'consensus_in', when: 'pct_agree >= 80' }] };
    const saved = await call('PUT', `/api/studies/${studyId}/protocol`, edited);
    expect(saved.status).toBe(200);
    expect(saved.body.protocolReadings).toEqual([expect.stringMatching(/^Consensus: include when .*80\s?%/)]);
    const bad = await call('PUT', `/api/studies/${studyId}/protocol`, { ...edited, rules: [{ outcome: 'consensus_in', when: 'pct_agre >= 80' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('DELPHI_PROTOCOL_INVALID');
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await call('POST', `/api/rounds/${r1.body.id}/open`);
    const locked = await call('PUT', `/api/studies/${studyId}/protocol`, edited);
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('DELPHI_PROTOCOL_LOCKED');
    expect((await call('GET', `/api/studies/${studyId}`)).body.protocolLockedAt).not.toBeNull();
  });

  it('lets two concurrent closes produce one winner and one 409', async () => {
    const { studyId } = await setUpStudy(2, 3);
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await call('POST', `/api/rounds/${r1.body.id}/open`);
    const [a, b] = await Promise.all([call('POST', `/api/rounds/${r1.body.id}/close`), call('POST', `/api/rounds/${r1.body.id}/close`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('treats unknown, revoked and withdrawn invitation tokens alike', async () => {
    const { studyId, links } = await setUpStudy(1, 3);
    const panel = (await call('GET', `/api/studies/${studyId}/panelists`)).body;
    await call('POST', `/api/studies/${studyId}/panelists/${panel[0].id}/revoke`);
    await call('POST', `/api/studies/${studyId}/panelists/${panel[1].id}/withdraw`, {});
    const answers = [];
    for (const token of [links[0].split('#')[1], links[1].split('#')[1], 'x'.repeat(43)]) {
      const res = await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token } });
      answers.push([res.statusCode, res.body]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0][0]).toBe(401);
  });
});
