import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, caller, itemsCsv, panelistSession, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';
import { resonance, twoCriteriaStudy } from '../helpers/criteria';
import { dataExportSheets, htmlText, pdfText, sheetRows } from './helpers';

/**
 * A two-criteria study through the report and the XLSX. Twelve panelists (k = 5) rate four items on
 * resonance (the relevance criterion, relevant band 7-9) and importance; P1-P6 answer round 2,
 * P7-P12 leave. Expected figures were computed apart from the engine (Python, scipy 1.17):
 *   I1: every resonance rating 8: I-CVI 12/12, Pc = 0.5^12, κ* 1.00 (excellent)
 *   I2: stayers rate resonance 8, leavers 2: I-CVI 6/12, Pc = C(12,6)/4096 = 0.226, κ* 0.354 (poor);
 *       mannwhitneyu([8]*6, [2]*6, use_continuity=True, method='asymptotic'): U 36, p 0.00126; Holm × 4 = 0.00505
 *   I3: P1 and P7 rate 3, the rest 8: I-CVI 10/12, Pc = 66/4096, κ* 0.831 (excellent); stayers and leavers alike, p 1
 *   I4: P7 and P8 cannot judge, the rest 8: I-CVI 10/10, κ* 1.00; 4 leavers with a rating, fewer than k: withheld
 *   S-CVI/Ave (1 + 0.5 + 0.8333 + 1) / 4 = 0.83, S-CVI/UA 2/4; KNOW (I1, I3) 0.92 / 0.50, POWER (I2, I4) 0.75 / 0.50.
 */
const twoCriteria = twoCriteriaStudy({ ...resonance, relevance: true });

let t: TestApp;
let fac: string;
let studyId: number;
let html: string;
let pdf: string;
const call = caller(
  () => t,
  () => fac,
);
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: fac } });

function resonanceOf(item: number, p: number): number | null {
  if (item === 2) return p < 6 ? 8 : 2;
  if (item === 3) return p === 0 || p === 6 ? 3 : 8;
  if (item === 4) return p === 6 || p === 7 ? null : 8;
  return 8;
}

beforeAll(async () => {
  t = await build();
  fac = (await signedInFacilitator(t)).cookie;
  const created = await call('POST', '/api/studies', twoCriteria);
  expect(created.body).toMatchObject({ criteria: [{ code: 'resonance' }, { code: 'importance' }] });
  studyId = created.body.id;
  await call('POST', `/api/studies/${studyId}/items/import`, { createCategories: true, csv: itemsCsv(4) });
  const { invitations } = (await call('POST', `/api/studies/${studyId}/panelists/import`, { csv: panelistsCsv(12) })).body;
  const r1 = (await call('POST', `/api/studies/${studyId}/rounds`, {})).body;
  await call('POST', `/api/rounds/${r1.id}/open`);
  const sessions = await Promise.all((invitations as { link: string }[]).map((i) => panelistSession(t, i.link)));
  const view = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body.items as { itemVersionId: number }[];
  for (const [p, cookie] of sessions.entries()) {
    for (const [i, { itemVersionId: v }] of view.entries()) {
      const value = resonanceOf(i + 1, p);
      const res = await call('PUT', `/api/panelist/answers/${v}`, { value, cannotJudge: value === null, criterion: 'resonance' }, cookie, {
        'idempotency-key': `resonance-${p}-${v}`,
      });
      expect(res.status).toBe(200);
      await call('PUT', `/api/panelist/answers/${v}`, { value: 7 + (p % 3), criterion: 'importance' }, cookie, { 'idempotency-key': `importance-${p}-${v}` });
    }
  }
  expect((await call('POST', `/api/rounds/${r1.id}/close`)).status).toBe(200);
  const r2 = (await call('POST', `/api/studies/${studyId}/rounds`, {})).body;
  await call('POST', `/api/rounds/${r2.id}/open`);
  for (const [p, cookie] of sessions.slice(0, 6).entries()) {
    for (const { itemVersionId: v } of (await call('GET', '/api/panelist/round', undefined, cookie)).body.items) {
      const res = await call('PUT', `/api/panelist/answers/${v}`, { value: 8, criterion: 'resonance' }, cookie, { 'idempotency-key': `round-two-${p}-${v}` });
      expect(res.status).toBe(200);
    }
  }
  expect((await call('POST', `/api/rounds/${r2.id}/close`)).status).toBe(200);
  html = htmlText((await get(`/api/studies/${studyId}/report.html`)).body);
  pdf = await pdfText((await get(`/api/studies/${studyId}/report.pdf`)).rawPayload);
});
afterAll(() => t.close());

describe('the report of a study rated on two criteria', () => {
  const both = (name: string, check: (text: string) => void) => {
    it(`HTML: ${name}`, () => check(html));
    it(`PDF: ${name}`, () => check(pdf));
  };

  both('shows each criterion’s statistics per item, then the verdicts that read both', (text) => {
    expect(text).toContain('This asymmetry resonates with my experience: scale 1-9, agreement band 7-9, relevance criterion (content validity)');
    expect(text).toContain('rated on “This asymmetry resonates with my experience”');
    expect(text).toContain('rated on “Reducing it matters for integrated care”');
    // I2 on resonance: half the panel in the agreement band, half in the disagreement band; all in it on importance.
    expect(text).toMatch(/I2 0 ?6 ?0 ?0 ?0 ?0 ?0 ?6 ?0 12 0 0 5\.00 2\.00 8\.00 6\.00 50\.0 % \(6\/12\) 50\.0 % \(6\/12\) 2\.55/);
    expect(text).toMatch(/I2 0 ?0 ?0 ?0 ?0 ?0 ?4 ?4 ?4 12 0 0 8\.00 7\.00 9\.00 2\.00 100\.0 % \(12\/12\) 0\.0 % \(0\/12\)/);
    expect(text).toContain('Round 1: verdicts');
  });

  both('has a content-validity section with I-CVI, κ* and its band per item, and S-CVI per category and overall', (text) => {
    const section = text.slice(text.lastIndexOf('Content validity asks'));
    expect(section).toContain('Lynn 1986');
    expect(section).toContain('Polit, Beck & Owen 2007');
    expect(section).toContain('Polit & Beck 2006');
    expect(section).toContain('Cicchetti & Sparrow (1981)');
    expect(section).toMatch(/I1 KNOW 12 12 1\.00 0\.000 1\.00 excellent/);
    expect(section).toMatch(/I2 POWER 12 6 0\.50 0\.226 0\.35 poor/);
    expect(section).toMatch(/I3 KNOW 12 10 0\.83 0\.016 0\.83 excellent/);
    expect(section).toMatch(/I4 POWER 10 10 1\.00 0\.001 1\.00 excellent/);
    expect(section).toMatch(/KNOW 2 1 0\.92 0\.50/);
    expect(section).toMatch(/POWER 2 1 0\.75 0\.50/);
    expect(section).toMatch(/S-CVI\/Ave, all items 0\.83/);
    expect(section).toMatch(/S-CVI\/UA, all items 0\.50/);
  });

  both('has an attrition-bias section naming the method, with U and p per item and criterion, in plain words', (text) => {
    const section = text.slice(text.indexOf('Panelists who leave a study'));
    expect(section).toContain('Mann-Whitney test, stayers as group 1');
    expect(section).toContain('continuity correction');
    expect(section).toContain(
      'Round 1, “This asymmetry resonates with my experience”: 1 of 3 items differ between stayers and leavers (Holm p < 0.05): I2. ' +
        'For this item, those who left',
    );
    expect(section).toContain('1 more item is withheld (fewer than k stayers or leavers)');
    expect(section).toMatch(/I2 6 6 8\.00 2\.00 36\.0 0\.001 0\.005 1\.00/);
    expect(section).toMatch(/I3 6 6 8\.00 8\.00 18\.0 1\.000 1\.000 0\.00/);
    expect(section).toContain('Round 1, “Reducing it matters for integrated care”: 0 of 4 items differ between stayers and leavers');
  });

  both('withholds an item’s attrition comparison when its leavers number fewer than k', (text) => {
    const section = text.slice(text.indexOf('Panelists who leave a study'));
    expect(section).toMatch(/I4 Withheld \(fewer than k\)/);
    // The four leavers' median (8) is nowhere beside I4.
    expect(section).not.toMatch(/I4 \d+ 4 /);
  });
});

describe('the report of a study rated on two criteria, in French', () => {
  it('names the new sections, tables and evaluation bands from the report’s catalogue', async () => {
    const text = htmlText((await get(`/api/studies/${studyId}/report.html?language=fr`)).body);
    for (const label of ['Validité de contenu', 'Biais d’attrition', 'Critères de pertinence', 'Évaluation', 'Restés', 'Partis', 'p de Holm']) {
      expect(text, label).toContain(label);
    }
    expect(text).toMatch(/I2 POWER 12 6 0\.50 0\.226 0\.35 faible/);
    expect(text).toMatch(/I4 Retenu \(moins de k\)/);
    expect(text).toContain('S-CVI/Ave, tous les items 0.83');
  });
});

describe('the report of a study without named criteria', () => {
  it('has neither a criteria list nor a content-validity section', async () => {
    const plain = (await call('POST', '/api/studies', { ...studyBody, title: 'Plain study' })).body.id;
    await call('POST', `/api/studies/${plain}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    const text = htmlText((await get(`/api/studies/${plain}/report.html`)).body);
    expect(text).toContain('Results per item and round');
    expect(text).not.toContain('Content validity');
    expect(text).not.toContain('Attrition bias');
    // "Criteria" alone also names an ACCORD item of the checklist appendix ("Criteria for choosing panelists").
    expect(text).not.toMatch(/Criteria(?! for choosing)/);
    expect(text).not.toContain('Each item was rated on every criterion');
  });
});

async function workbook(): Promise<ExcelJS.Workbook> {
  const res = await get(`/api/studies/${studyId}/export.xlsx`);
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

describe('the XLSX of a study rated on two criteria', () => {
  it('gives every sheet of item statistics a criterion column, with I-CVI and κ* on the relevance criterion', async () => {
    const wb = await workbook();
    expect(wb.worksheets.map((w) => w.name)).toEqual(dataExportSheets);
    const r1 = sheetRows(wb.getWorksheet('Results R1')!);
    expect(r1.map((r) => `${String(r.item)}:${String(r.criterion)}`)).toEqual([
      'I1:resonance',
      'I1:importance',
      'I2:resonance',
      'I2:importance',
      'I3:resonance',
      'I3:importance',
      'I4:resonance',
      'I4:importance',
    ]);
    const i2 = r1.find((r) => r.item === 'I2' && r.criterion === 'resonance')!;
    expect(i2).toMatchObject({ n_valid: 12, median: 5, count_2: 6, count_8: 6, cvi_n: 12, cvi_relevant: 6, icvi: 0.5, kappa_evaluation: 'poor' });
    expect(i2.pc).toBeCloseTo(0.2255859375, 12);
    expect(i2.kappa_star).toBeCloseTo(0.35435056746532156, 12);
    expect(r1.find((r) => r.item === 'I2' && r.criterion === 'importance')).toMatchObject({ n_valid: 12, median: 8, icvi: null, outcome: 'no_consensus' });
    for (const sheet of ['Results R2', 'Subgroups', 'Attrition', 'Content validity', 'Responses']) {
      expect((wb.getWorksheet(sheet)!.getRow(1).values as unknown[]).includes('criterion'), sheet).toBe(true);
    }
    // Groups are compared on each criterion: the sheet has both, the first's rows first per item.
    const subgroups = sheetRows(wb.getWorksheet('Subgroups')!);
    expect([...new Set(subgroups.map((r) => r.criterion))]).toEqual(['resonance', 'importance']);
  });

  it('lists S-CVI per round, criterion and category, and attrition per item with the k rule', async () => {
    const wb = await workbook();
    const cvi = sheetRows(wb.getWorksheet('Content validity')!).filter((r) => r.round === 1);
    expect(cvi.map((r) => [r.criterion, r.category, r.n_items, r.n_universal, r.s_cvi_ua])).toEqual([
      ['resonance', 'KNOW', 2, 1, 0.5],
      ['resonance', 'POWER', 2, 1, 0.5],
      ['resonance', 'all', 4, 2, 0.5],
    ]);
    expect(cvi[2].s_cvi_ave).toBeCloseTo(0.8333333333333334, 12);
    const attrition = sheetRows(wb.getWorksheet('Attrition')!).filter((r) => r.criterion === 'resonance');
    expect(attrition.map((r) => [r.round, r.next_round, r.item, r.n_stayed, r.n_left, r.u, r.note])).toEqual([
      [1, 2, 'I1', 6, 6, 18, 'no_variation'],
      [1, 2, 'I2', 6, 6, 36, null],
      [1, 2, 'I3', 6, 6, 18, null],
      [1, 2, 'I4', null, null, null, 'suppressed'],
    ]);
    expect(attrition[1].p).toBeCloseTo(0.0012619447673879731, 12);
    expect(attrition[1].p_holm).toBeCloseTo(4 * 0.0012619447673879731, 12);
  });
});
