import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, rewordCitingComments, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';
import { StudyExportSchema } from '../../api/schemas/study-export';
import { htmlText, pdfText } from './helpers';

/** Where an item's wording came from: the report quotes the comments a rewording cites, within the k rule. */
const ctx = signedInAppPerTest();
const { call } = ctx;
const reportHtml = async (studyId: number) =>
  htmlText((await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/report.html`, headers: { cookie: ctx.fac } })).body);

/** A study with one open rating round of two items; each panelist rates every item with the given comment. */
async function ratedRound(panel: number, minGroupSize: number, comments: string[]) {
  const s = (await call('POST', '/api/studies', { ...studyBody, minGroupSize })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelistsCsv(panel) })).body;
  const r = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
  await call('POST', `/api/rounds/${r.id}/open`);
  for (const [i, inv] of (invitations as { link: string }[]).entries()) {
    const cookie = await panelistSession(ctx.t, inv.link);
    for (const it of (await call('GET', '/api/panelist/round', undefined, cookie)).body.items) {
      const res = await call('PUT', `/api/panelist/answers/${it.itemVersionId}`, { value: 7, comment: comments[i] ?? null }, cookie, {
        'idempotency-key': `lineage-${i}-${it.itemVersionId}`,
      });
      expect(res.status).toBe(200);
    }
  }
  await call('POST', `/api/rounds/${r.id}/close`);
  const { planned } = await rewordCitingComments(call, s.id, r.id, 'A clearer statement', 'panelists found it ambiguous');
  expect(planned.status).toBe(201);
  return s.id as number;
}

describe('the item flow quotes the comments that prompted a rewording', () => {
  it('quotes them, text only, in the HTML and the PDF', async () => {
    const studyId = await ratedRound(3, 3, ['Which partner is meant?', 'Too long a sentence.']);
    const html = await reportHtml(studyId);
    const flow = html.slice(html.indexOf('Decisions taken by the facilitators'));
    expect(flow).toMatch(/A clearer statement panelists found it ambiguous “Too long a sentence\.” “Which partner is meant\?”/);
    const pdf = await pdfText((await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/report.pdf`, headers: { cookie: ctx.fac } })).rawPayload);
    expect(pdf).toContain('“Which partner is meant?”');
    expect(pdf).toContain('Prompted by (panel comments, anonymised)');
    const file = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    const reworded = file.items[0].versions.find((v: { version: number }) => v.version === 2);
    expect(reworded.promptedBy).toEqual([
      { ref: 'C0001', round: 1, item: file.items[0].code, version: 1, text: 'Too long a sentence.' },
      { ref: 'C0002', round: 1, item: file.items[0].code, version: 1, text: 'Which partner is meant?' },
    ]);
    // Since 1.4.0 the cited comments are the file's own, under their author's reference.
    expect(
      file.comments.filter((c: { ref: string }) => ['C0001', 'C0002'].includes(c.ref)).map((c: { panelist: string }) => /^P\d{4}$/.test(c.panelist)),
    ).toEqual([true, true]);
    expect(StudyExportSchema.safeParse(file).success).toBe(true);
  });

  it('does not quote a comment on an item rated by fewer than k panelists, and says so', async () => {
    const studyId = await ratedRound(3, 5, ['Which partner is meant?']);
    const html = await reportHtml(studyId);
    expect(html).not.toContain('Which partner is meant?');
    expect(html).toContain('1 more, not quoted: fewer than k valid ratings');
  });
});
