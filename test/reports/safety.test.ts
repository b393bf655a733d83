import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../../api/reports/spreadsheet/csv-export';
import { build, panelistSession, signedInFacilitator, type TestApp } from '../helpers/build';
import { htmlText, pdfText } from './helpers';

/**
 * A study built to attack the exports: markup in an item, a comment and the title; formula-like
 * comments and group names; a group of two panelists, below k = 5.
 */
const GROUPS = ['=health', '-care', '@home', 'tiny'];
const SIZES = [6, 6, 6, 2];
const SCRIPT = '<script>alert("comment")</script>';
const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)'];

let t: TestApp;
let cookie: string;
let studyId: number;

async function call(method: string, url: string, payload?: unknown, c = cookie, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: c, ...headers } });
  return { status: res.statusCode, raw: res };
}

beforeAll(async () => {
  t = await build();
  cookie = (await signedInFacilitator(t)).cookie;
  const study = await call('POST', '/api/studies', {
    title: 'Trust <b>bold</b> study',
    languages: ['en'],
    attributes: [{ name: 'sector', label: 'Sector', values: GROUPS }],
    scale: { min: 1, max: 5, cannotJudge: true, labels: {} },
  });
  studyId = study.raw.json().id;
  await call('POST', `/api/studies/${studyId}/items`, { code: 'X1', texts: { en: '<img src=x onerror=alert(1)> partners share data' } });
  await call('POST', `/api/studies/${studyId}/items`, { code: 'X2', texts: { en: 'Budgets are pooled' } });
  const rows = GROUPS.flatMap((g, i) => Array.from({ length: SIZES[i] }, () => `,,en,${g}`));
  const invited = await call('POST', `/api/studies/${studyId}/panelists/import`, { csv: ['code,email,language,sector', ...rows].join('\n') });
  const links: string[] = invited.raw.json().invitations.map((i: { link: string }) => i.link);
  const round = (await call('POST', `/api/studies/${studyId}/rounds`, {})).raw.json();
  await call('POST', `/api/rounds/${round.id}/open`);
  for (const [p, link] of links.entries()) {
    const session = await panelistSession(t, link);
    const items = (await call('GET', '/api/panelist/round', undefined, session)).raw.json().items;
    for (const [i, item] of items.entries()) {
      const comment = i === 0 ? (p === 0 ? SCRIPT : (FORMULAS[p - 1] ?? null)) : null;
      const res = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: 4 + (p % 2), comment }, session, {
        'idempotency-key': `safety-${p}-${i}`,
      });
      expect(res.status).toBe(200);
    }
  }
  expect((await call('POST', `/api/rounds/${round.id}/close`)).status).toBe(200);
});
afterAll(() => t.close());

function neutral(cell: string) {
  return !/^[=+\-@\t\r]/.test(cell);
}

describe('text written by people is shown as text', () => {
  it('escapes markup from comments, items and the title in the HTML report; nothing can run', async () => {
    const res = await call('GET', `/api/studies/${studyId}/report.html`);
    expect(res.status).toBe(200);
    const page = res.raw.body;
    expect(/<script/i.test(page), 'a script element in the page').toBe(false);
    expect(page.includes('<img'), 'an img element in the page').toBe(false);
    expect(page.includes('<b>bold</b>'), 'markup from the title').toBe(false);
    expect(page.includes('&lt;script&gt;alert(&quot;comment&quot;)&lt;/script&gt;'), 'the comment, escaped').toBe(true);
    expect(page.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the item text, escaped').toBe(true);
    expect(htmlText(page).includes(SCRIPT), 'the comment shown as text').toBe(true);
    expect(res.raw.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const pdf = await call('GET', `/api/studies/${studyId}/report.pdf`);
    expect((await pdfText(pdf.raw.rawPayload)).includes(SCRIPT), 'the comment as text in the PDF').toBe(true);
  });

  it('neutralises cells that start with = + - @ or a tab in the CSV and the XLSX', async () => {
    const csv = (await call('GET', `/api/studies/${studyId}/export.csv`)).raw.body;
    const records = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true, comments: '# ' }).data;
    for (const record of records) for (const cell of record) expect(neutral(cell), cell).toBe(true);
    expect(records.some((r) => r.includes("'=health"))).toBe(true);

    const xlsx = (await call('GET', `/api/studies/${studyId}/export.xlsx`)).raw.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const texts: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && texts.push(c.value))));
    for (const text of texts) expect(neutral(text), text).toBe(true);
    for (const f of FORMULAS) expect(texts).toContain(`'${f}`);
    expect(texts).toContain("'@home");
  });
});

describe('csvRecords', () => {
  it('neutralises a tab or carriage return that hides a formula, and quotes what needs quoting', () => {
    const record = csvRecords();
    expect(record(['\t=1+1', '\r=2', 'a,b', 'say "hi"', 3, true, null])).toBe(`'\t=1+1,"'\r=2","a,b","say ""hi""",3,true,\r\n`);
  });
});

describe('small groups are suppressed below k', () => {
  it('coarsens the long format until every attribute combination is shared by k panelists, and says so in the file', async () => {
    const csv = (await call('GET', `/api/studies/${studyId}/export.csv`)).raw.body;
    const [note, ...rest] = csv.slice(1).split('\r\n');
    expect(note).toBe(
      '# Attributes coarsened so that every combination of attribute values in this file is shared by at least k = 5 panelists: sector "suppressed" ' +
        'for 8 panelists.',
    );
    const rows = Papa.parse<Record<string, string>>(rest.join('\r\n'), { header: true, skipEmptyLines: true }).data;
    const sectors = new Set(rows.map((r) => r.sector));
    // tiny (2) is withheld, and with it the smallest other group, so that "suppressed" is shared by 8.
    expect(sectors).toEqual(new Set(["'=health", "'@home", 'suppressed']));
    expect(rows.filter((r) => r.sector === 'suppressed' && r.item === 'X2')).toHaveLength(2 + 6);
  });

  it('shows no statistic of the small group in the report or the subgroup sheet', async () => {
    const xlsx = (await call('GET', `/api/studies/${studyId}/export.xlsx`)).raw.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    // Sector is coarsened in the Responses sheet, so the same file gives no sector breakdown: matching
    // a pseudonym's ratings against it would put them back into their sector.
    const attributes = new Set<unknown>();
    wb.getWorksheet('Subgroups')!.eachRow((row, n) => void (n > 1 && attributes.add((row.values as unknown[])[4])));
    expect(attributes.has('sector')).toBe(false);
    const about = new Map<unknown, unknown>();
    wb.getWorksheet('About')!.eachRow((row) => void about.set((row.values as unknown[])[1], (row.values as unknown[])[2]));
    expect(String(about.get('Subgroups sheet'))).toMatch(/^without sector: /);
    const page = htmlText((await call('GET', `/api/studies/${studyId}/report.html`)).raw.body);
    expect(page.includes('Every comparison in round 1 involves a group hidden to protect small groups (k = 5), so none is shown.')).toBe(true);
    expect(/tiny 1 hidden to protect small groups \(fewer than 5 invited/.test(page)).toBe(true);
    expect(/tiny: \d/.test(page)).toBe(false);
  });
});

describe('strict anonymity', () => {
  it('exports aggregate results only, and says so, once the study is strict', async () => {
    expect((await call('PATCH', `/api/studies/${studyId}`, { anonymity: 'strict' })).status).toBe(200);
    const csv = await call('GET', `/api/studies/${studyId}/export.csv`);
    expect(csv.raw.headers['x-delphi-export-scope']).toBe('aggregate');
    expect(csv.raw.headers['content-disposition']).toContain('-results.csv');
    const lines = csv.raw.body.slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^# Strict anonymity: this study does not export ratings per person/);
    expect(lines[1]).toBe(
      'round,item,item_version,n_valid,n_cannot_judge,n_skipped,count_1,count_2,count_3,count_4,count_5,median,q1,q3,iqr,agree_k,agree_n,pct_agree,outcome',
    );
    expect(lines.filter((l) => l !== '')).toHaveLength(2 + 2);
    expect(csv.raw.body).not.toMatch(/R-[0-9A-Z]{4}/);

    const xlsx = (await call('GET', `/api/studies/${studyId}/export.xlsx`)).raw.rawPayload;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const responses = wb.getWorksheet('Responses')!;
    expect(responses.rowCount).toBe(2);
    expect(responses.getRow(2).getCell(1).text).toMatch(/^Strict anonymity/);

    const json = (await call('GET', `/api/studies/${studyId}/export.json`)).raw.json();
    expect(json.responses).toBeNull();
    expect(json.panelists).toBeNull();
    expect(json.responsesOmitted).toMatch(/strict anonymity/);
    expect(json.results).toHaveLength(2);
  });
});
