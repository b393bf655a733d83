import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';
import { importFile, studyFile } from '../helpers/study-file';

/**
 * What the study file 1.4.0 gives away now that answers, comments and ideas point at panelist
 * references: no more than the report does (design.md "Anonymity model", k rule), e-mail
 * addresses only in a full archive and never in strict anonymity, and nothing stored from a file
 * whose references do not hold.
 */
const ctx = signedInAppPerTest();
const { call } = ctx;

/** Nine panelists (sector: health, social_care, voluntary 3 each; role level 5 and 4; k = 4): each sector is a group the report hides. */
async function closedStudy(extra: Record<string, unknown> = {}) {
  const s = (await call('POST', '/api/studies', { ...studyBody, minGroupSize: 4, ...extra })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelistsCsv(9) })).body;
  const r = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
  await call('POST', `/api/rounds/${r.id}/open`);
  for (const [i, inv] of invitations.entries()) {
    const cookie = await panelistSession(ctx.t, inv.link);
    for (const it of (await call('GET', '/api/panelist/round', undefined, cookie)).body.items) {
      // P1 (health) alone writes a comment; every group rates differently, so a group's figures would name its members.
      const comment = i === 0 && it.code === 'I1' ? 'Only the first health panelist wrote this' : null;
      const res = await call('PUT', `/api/panelist/answers/${it.itemVersionId}`, { value: 1 + (i % 3) * 3, comment }, cookie, {
        'idempotency-key': `answer-${i}-${it.itemVersionId}`,
      });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    }
  }
  await call('POST', `/api/rounds/${r.id}/close`);
  return { id: s.id as number, roundId: r.id as number, invitations: invitations as { code: string; email: string }[] };
}

describe('the default study file and the report together', () => {
  it('do not tie a comment to the attributes of a group the report hides', async () => {
    const s = await closedStudy();
    const report = (await ctx.t.app.inject({ url: `/api/studies/${s.id}/report.html`, headers: { cookie: ctx.fac } })).body;
    const seen = (await call('GET', `/api/rounds/${s.roundId}/comments`)).body.comments.map((c: any) => c.text);
    const file = await studyFile(ctx.t, ctx.fac, s.id);
    // The adversary: a facilitator who reads the comment in the console, finds it in the file and follows its author.
    expect(seen).toEqual(['Only the first health panelist wrote this']);
    const comment = file.comments.find((c: any) => c.text === seen[0]);
    const author = file.panelists.find((p: any) => p.code === comment.panelist);
    // The report hides the sectors (groups of 3 < k) ...
    expect(report).toMatch(/<tr><td>health<\/td><td class="num">hidden to protect small groups \(k = 4\)<\/td>/);
    // ... and the file names no sector for anyone; role level (groups of 5 and 4) is shown in both.
    expect(author.attributes).toEqual({ role_level: 'operational' });
    expect(file.attributesWithheld).toEqual(['sector']);
    expect(file.panelists.every((p: any) => p.attributes.sector === undefined)).toBe(true);
    expect(JSON.stringify(file.panelists)).not.toMatch(/health|social_care|voluntary/);
    // Nor can the author's ratings be matched to a sector's figures: they are hidden in the file's results too.
    for (const r of file.results) expect(r.result.groups.sector.perGroup.every((g: any) => g.suppressed === true && g.stats === null)).toBe(true);
  });

  it('numbers panelists the same way in every export, in an order that is not the invitation order', async () => {
    const s = await closedStudy();
    const a = await studyFile(ctx.t, ctx.fac, s.id);
    const b = await studyFile(ctx.t, ctx.fac, s.id);
    expect(b.panelists).toEqual(a.panelists);
    expect(b.comments).toEqual(a.comments);
    // P1 wrote the comment; under the study's secret it is one of nine references, not P0001 by invitation order.
    const full = await studyFile(ctx.t, ctx.fac, s.id, '?archive=full');
    const byEmail = new Map(full.panelists.map((p: any) => [p.email, p.code]));
    const order = s.invitations.map((inv) => byEmail.get(inv.email));
    expect(order).not.toEqual([...order].sort());
  });
});

describe('the full archive', () => {
  it('carries the e-mail addresses and every attribute, and an import restores them', async () => {
    const s = await closedStudy();
    const file = await studyFile(ctx.t, ctx.fac, s.id, '?archive=full');
    expect(file.archive).toBe('full');
    expect(file.disclosure).toMatch(/^FULL ARCHIVE/);
    expect(file.attributesWithheld).toEqual([]);
    expect(file.members).toEqual([{ role: 'owner', email: 'owner@example.org' }]);
    expect(file.panelists.map((p: any) => p.email).sort()).toEqual(s.invitations.map((i) => i.email).sort());
    const imported = await importFile(ctx.t, ctx.fac, file);
    expect(imported.verification.identical).toBe(true);
    const again = await studyFile(ctx.t, ctx.fac, imported.studyId, '?archive=full');
    expect(again.panelists).toEqual(file.panelists);
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body;
    expect(audit.some((a: any) => a.action === 'study.export' && a.details?.archive === 'full')).toBe(true);
  });

  it('is refused with 409 in strict anonymity, and the default file of such a study has no panel', async () => {
    const s = await closedStudy({ anonymity: 'strict' });
    const res = await ctx.t.app.inject({ url: `/api/studies/${s.id}/export.json?archive=full`, headers: { cookie: ctx.fac } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DELPHI_ARCHIVE_NOT_ALLOWED', message: expect.stringMatching(/strict anonymity/) });
    const file = await studyFile(ctx.t, ctx.fac, s.id);
    expect(file.panelists).toBeNull();
    expect(file.comments.every((c: any) => c.panelist === undefined)).toBe(true);
    expect(JSON.stringify(file)).not.toMatch(/@example\.org/);
  });

  it('is for the JSON file only', async () => {
    const s = await closedStudy();
    const res = await ctx.t.app.inject({ url: `/api/studies/${s.id}/export.csv?archive=full`, headers: { cookie: ctx.fac } });
    expect(res.statusCode).toBe(400);
  });
});

describe('importing a file whose references do not hold', () => {
  it.each([
    ['a comment by a panelist the file lacks', (f: any) => (f.comments[0].panelist = 'P0099'), 'comments.0.panelist'],
    ['a comment on an answer the file lacks', (f: any) => (f.comments[0].criterion = 'other'), 'comments.0'],
    [
      'a rewording citing a comment the file lacks',
      (f: any) => (f.items[0].versions[0].promptedBy = [{ ref: 'C0999', round: 1, item: 'I1', version: 1, text: 'x' }]),
      'items.0.versions.0.promptedBy.0.ref',
    ],
    [
      'an item flow naming an idea the file lacks',
      (f: any) => f.itemFlow.push({ round: 1, item: 'I1', action: 'carry', version: 1, reason: null, byDefault: false, ideas: ['I0042'] }),
      'itemFlow.0.ideas.0',
    ],
    [
      'an idea by a panelist the file lacks',
      (f: any) => f.ideas.push({ ref: 'I0001', round: 1, category: null, panelist: 'P0999', language: 'en', text: 'x' }),
      'ideas.0.panelist',
    ],
  ])('refuses %s with a 400 naming the path, and stores nothing', async (_name, breakIt, path) => {
    const s = await closedStudy();
    const file = await studyFile(ctx.t, ctx.fac, s.id);
    breakIt(file);
    const studies = async () => ((await ctx.t.db.raw('select count(*) as n from studies'))[0] as { n: number }).n;
    const before = await studies();
    const res = await ctx.t.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie: ctx.fac }, payload: file });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(await studies()).toBe(before);
  });
});
