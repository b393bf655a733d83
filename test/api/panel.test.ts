import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const { call } = ctx;

async function study(extra: Record<string, unknown> = {}, panel = 6) {
  const s = (await call('POST', '/api/studies', { ...studyBody, ...extra })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelistsCsv(panel) })).body;
  return { id: s.id as number, links: invitations.map((i: { link: string }) => i.link) as string[] };
}

async function rateAll(links: string[], value: (p: number) => number, comment?: string) {
  const cookies = [];
  for (const [p, link] of links.entries()) {
    const cookie = await panelistSession(ctx.t, link);
    cookies.push(cookie);
    const items = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items;
    for (const it of items) {
      await call('PUT', `/api/panelist/answers/${it.itemVersionId}`, { value: value(p), comment: comment ? `${comment} ${p}` : null }, cookie, {
        'idempotency-key': `rate-${p}-${it.itemVersionId}`,
      });
    }
  }
  return cookies;
}

describe('feedback between rounds', () => {
  it('withholds statistics and comments when fewer than k panelists rated an item', async () => {
    const s = await study({ minGroupSize: 5 }, 6);
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    const cookies = await rateAll(s.links.slice(0, 4), () => 8, 'Private thought');
    await call('POST', `/api/rounds/${r1.id}/close`);
    const fb = (await call('GET', `/api/panelist/rounds/${r1.id}/feedback`, undefined, cookies[0])).body;
    expect(fb.items[0].feedback).toMatchObject({ withheld: true, nValid: null, distribution: null, median: null, comments: [], yourAnswer: { value: 8 } });
  });

  it('shows the anonymised comments in an order unrelated to who wrote them', async () => {
    const s = await study({ minGroupSize: 5 }, 6);
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    const cookies = await rateAll([...s.links].reverse(), (p) => 3 + p, 'Note');
    await call('POST', `/api/rounds/${r1.id}/close`);
    const fb = (await call('GET', `/api/panelist/rounds/${r1.id}/feedback`, undefined, cookies[0])).body;
    expect(fb.items[0].feedback.comments.map((c: { text: string }) => c.text)).toEqual(['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 4', 'Note 5']);
    expect(JSON.stringify(fb)).not.toMatch(/P[1-6]\b|example\.org|createdAt|updatedAt/);
  });
});

describe('open-ended rounds', () => {
  it('collects ideas in an open round and refuses ratings there', async () => {
    const s = await study();
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, { kind: 'ideas' })).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    const cookie = await panelistSession(ctx.t, s.links[0]);
    const round = (await call('GET', '/api/panelist/round', undefined, cookie)).body;
    expect(round.round.kind).toBe('ideas');
    expect((await call('POST', '/api/panelist/ideas', { text: 'Joint budgets need joint scrutiny' }, cookie)).status).toBe(201);
    const rating = await call('PUT', `/api/panelist/answers/${round.items[0].itemVersionId}`, { value: 5 }, cookie, { 'idempotency-key': 'open-round-rating' });
    expect(rating.status).toBe(409);
    expect((await call('GET', `/api/rounds/${r1.id}/participation`)).body.overall).toMatchObject({ responded: 1, completed: 1 });
    await call('POST', `/api/rounds/${r1.id}/close`);
    // The report counts the round as the participation endpoint does: one idea answers it.
    const report = (await ctx.t.app.inject({ url: `/api/studies/${s.id}/report.html`, headers: { cookie: ctx.fac } })).body;
    const row = /<tr>\s*<td[^>]*>1 \(open-ended\)<\/td>(.*?)<\/tr>/s.exec(report)?.[1] ?? '';
    expect([...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]).slice(0, 4)).toEqual(['closed', '6', '1', '1']);
    const { ideas } = (await call('GET', `/api/rounds/${r1.id}/comments`)).body;
    expect(ideas).toEqual([{ id: expect.any(Number), text: 'Joint budgets need joint scrutiny', language: 'en', categoryId: null }]);
    const r2 = await call('POST', `/api/studies/${s.id}/rounds`, {
      newItems: [{ code: 'IDEA1', texts: { en: 'Joint budgets need joint scrutiny' }, sourceIdeaIds: [ideas[0].id] }],
    });
    expect(r2.body.itemCount).toBe(3);
  });

  it("calls the kind ideas, never open (a round's status), and still imports study files that said open", async () => {
    const s = await study();
    const refused = await call('POST', `/api/studies/${s.id}/rounds`, { kind: 'open' });
    expect(refused.status).toBe(400);
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, { kind: 'ideas' })).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    await call('POST', '/api/panelist/ideas', { text: 'Shared records' }, await panelistSession(ctx.t, s.links[0]));
    await call('POST', `/api/rounds/${r1.id}/close`);
    const file = (await call('GET', `/api/studies/${s.id}/export.json`)).body;
    expect(file.rounds.map((r: { kind: string }) => r.kind)).toEqual(['ideas']);
    const older = { ...file, schemaVersion: '1.3.0', rounds: [{ ...file.rounds[0], kind: 'open' }], study: { ...file.study, slug: 'older' } };
    const imported = await call('POST', '/api/studies/import', older);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const rounds = (await call('GET', `/api/studies/${imported.body.studyId}/rounds`)).body;
    expect(rounds.map((r: { kind: string; status: string }) => [r.kind, r.status])).toEqual([['ideas', 'closed']]);
  });
});

describe('withdrawal and anonymity settings', () => {
  it('erases a withdrawn panelist’s answers when the study declared erase, and ends their session', async () => {
    const s = await study({ withdrawalPolicy: 'erase' }, 3);
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    const [cookie] = await rateAll(s.links.slice(0, 1), () => 6);
    expect((await call('GET', `/api/rounds/${r1.id}/participation`)).body.overall.responded).toBe(1);
    expect((await call('POST', '/api/panelist/withdraw', undefined, cookie)).status).toBe(200);
    expect((await call('GET', '/api/panelist/me', undefined, cookie)).status).toBe(401);
    expect((await call('GET', `/api/rounds/${r1.id}/participation`)).body.overall).toMatchObject({ invited: 2, responded: 0 });
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body;
    expect(audit[0]).toMatchObject({ action: 'panelist.withdraw_self', facilitatorId: null, details: { policy: 'erase' } });
  });

  it('allows tightening anonymity after round 1 opens but never loosening it', async () => {
    const s = await study({ anonymity: 'quasi', minGroupSize: 5 });
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    expect((await call('PATCH', `/api/studies/${s.id}`, { anonymity: 'strict', minGroupSize: 7 })).status).toBe(200);
    const loosen = await call('PATCH', `/api/studies/${s.id}`, { anonymity: 'quasi' });
    expect(loosen.status).toBe(409);
    expect(loosen.body.code).toBe('DELPHI_ANONYMITY_LOOSENED');
    expect((await call('PATCH', `/api/studies/${s.id}`, { minGroupSize: 5 })).status).toBe(409);
    expect((await call('PATCH', `/api/studies/${s.id}`, { minGroupSize: 2 })).status).toBe(400);
    expect((await call('GET', `/api/studies/${s.id}`)).body).toMatchObject({ anonymity: 'strict', minGroupSize: 7 });
  });

  it('re-issues a link: the old one stops working, the new one works', async () => {
    const s = await study({}, 3);
    const panel = (await call('GET', `/api/studies/${s.id}/panelists`)).body;
    const re = (await call('POST', `/api/studies/${s.id}/panelists/${panel[0].id}/reissue`)).body;
    expect(re.link).not.toBe(s.links[0]);
    const old = await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: s.links[0].split('#')[1] } });
    expect(old.statusCode).toBe(401);
    expect(await panelistSession(ctx.t, re.link)).toMatch(/^delphi_panelist=/);
  });

  it('exports the links of an import as CSV for a mail merge, stores no raw token, and neutralises formula cells', async () => {
    const s = (await call('POST', '/api/studies', studyBody)).body;
    const res = await ctx.t.app.inject({
      method: 'POST',
      url: `/api/studies/${s.id}/panelists/import?format=csv`,
      headers: { cookie: ctx.fac },
      payload: { csv: 'code,email,language,sector,role_level\n=HYPERLINK,a@example.org,en,health,strategic\nB2,,fr,voluntary,operational' },
    });
    expect(res.statusCode).toBe(400); // "=HYPERLINK" is not a valid code: nothing imported
    const ok = await ctx.t.app.inject({
      method: 'POST',
      url: `/api/studies/${s.id}/panelists/import?format=csv`,
      headers: { cookie: ctx.fac },
      payload: { csv: 'code,email,language,sector,role_level\nA1,a@example.org,en,health,strategic\n-B2,,fr,voluntary,operational' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['content-type']).toMatch(/text\/csv/);
    const lines = ok.body.trim().split('\r\n');
    expect(lines[0]).toBe('code,email,language,link');
    expect(lines[1]).toMatch(/^A1,a@example.org,en,http:\/\/127\.0\.0\.1:3000\/join#[A-Za-z0-9_-]{43}$/);
    expect(lines[2]).toMatch(/^'-B2,,fr,http/);
    const token = lines[1].split('#')[1];
    const dump = JSON.stringify(await ctx.t.db.raw('select * from panelists')) + JSON.stringify(await ctx.t.db.raw('select * from audit_log'));
    expect(dump).not.toContain(token);
  });
});

describe('small groups in results', () => {
  it('suppresses a subgroup below k, and the next-smallest so it cannot be derived from the total', async () => {
    const s = (await call('POST', '/api/studies', { ...studyBody, minGroupSize: 3 })).body;
    await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    // 6 health, 3 social care, 1 voluntary panelist.
    const sectors = [...Array(6).fill('health'), ...Array(3).fill('social_care'), 'voluntary'];
    const csv = ['sector,role_level', ...sectors.map((x) => `${x},strategic`)].join('\n');
    const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv })).body;
    const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${r1.id}/open`);
    await rateAll(
      invitations.map((i: { link: string }) => i.link),
      (p) => 2 + (p % 7),
    );
    await call('POST', `/api/rounds/${r1.id}/close`);
    const result = (await call('GET', `/api/rounds/${r1.id}/results`)).body.items[0].result;
    const groups = Object.fromEntries(result.groups.sector.perGroup.map((g: { group: string; suppressed: boolean; stats: unknown }) => [g.group, g]));
    expect(groups.voluntary).toMatchObject({ suppressed: true, stats: null, nValid: null });
    expect(groups.social_care).toMatchObject({ suppressed: true, stats: null });
    expect(groups.health.suppressed).toBe(false);
    expect(result.groups.sector.p).toBeNull();
    expect(result.stats.nValid).toBe(10);
  });
});
