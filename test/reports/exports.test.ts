import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenRound, dataExportSheets, demoApp, sheetRows, type DemoApp } from './helpers';

let d: DemoApp;
let storedCodes: Set<string>;
let responsesInDb: number;

beforeAll(async () => {
  d = await demoApp();
  await closeOpenRound(d);
  storedCodes = new Set((await d.json(`/api/studies/${d.studyId}/panelists`)).map((p: { code: string }) => p.code));
  responsesInDb = ((await d.t.db.raw('select count(*) as n from responses'))[0] as { n: number }).n;
});
afterAll(() => d.t.close());

async function workbook(): Promise<ExcelJS.Workbook> {
  const res = await d.get(`/api/studies/${d.studyId}/export.xlsx`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toBe('attachment; filename="demo-data.xlsx"');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  return wb;
}

/** The long-format CSV: a first line (a # comment) saying how attributes were coarsened, then the records. */
async function csvExport(): Promise<{ note: string; rows: Record<string, string>[] }> {
  const res = await d.get(`/api/studies/${d.studyId}/export.csv`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.text.charCodeAt(0)).toBe(0xfeff);
  const [first, ...rest] = res.text.slice(1).split('\r\n');
  expect(first).toMatch(/^# /);
  const parsed = Papa.parse<Record<string, string>>(rest.join('\r\n'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { note: first.slice(2), rows: parsed.data };
}

const csvRows = async () => (await csvExport()).rows;

describe('GET /api/studies/:studyId/export.xlsx', () => {
  it('has the sheets of the data export, and its totals match the database and the API', async () => {
    const wb = await workbook();
    // The demo study also asks a ranking and a relations question: their sheets follow the results and the attrition.
    const blockSheetsAfter: Record<string, string[]> = { 'Results R2': ['Rankings'], Attrition: ['Relations', 'Relation elements', 'Relation matrices'] };
    expect(wb.worksheets.map((w) => w.name)).toEqual(dataExportSheets.flatMap((name) => [name, ...(blockSheetsAfter[name] ?? [])]));
    // The demo's relations question in both closed rounds: one row per round and ordered pair of its five asymmetries.
    expect(sheetRows(wb.getWorksheet('Relations')!)).toHaveLength(2 * 20);

    expect(sheetRows(wb.getWorksheet('Responses')!)).toHaveLength(responsesInDb);

    const rounds = await d.json(`/api/studies/${d.studyId}/rounds`);
    const participation = sheetRows(wb.getWorksheet('Participation')!);
    for (const [i, round] of rounds.entries()) {
      const endpoint = await d.json(`/api/rounds/${round.id}/participation`);
      const overall = participation.find((r) => r.round === i + 1 && r.attribute === 'all')!;
      expect(overall).toMatchObject({ invited: endpoint.overall.invited, responded: endpoint.overall.responded, completed: endpoint.overall.completed });
      for (const [group, figures] of Object.entries(endpoint.byGroup.sector as Record<string, { invited: number; responded: number }>)) {
        const row = participation.find((r) => r.round === i + 1 && r.attribute === 'sector' && r.group === group)!;
        expect(row, group).toMatchObject({ invited: figures.invited, responded: figures.responded });
      }
    }

    const results = await d.json(`/api/rounds/${rounds[0].id}/results`);
    // The demo rates each item on two criteria: a row per item and criterion.
    const sheet = sheetRows(wb.getWorksheet('Results R1')!);
    expect(sheet).toHaveLength(2 * results.items.length);
    for (const item of results.items) {
      for (const c of item.result.criteria) {
        const row = sheet.find((r) => r.item === item.code && r.criterion === c.criterion)!;
        expect(row).toMatchObject({
          n_valid: c.stats.nValid,
          median: c.stats.median,
          iqr: c.stats.iqr,
          agree_k: c.stats.agree.k,
          icvi: c.contentValidity?.icvi ?? null,
          outcome: item.outcome,
        });
      }
    }
    const comments = (await d.json(`/api/rounds/${rounds[0].id}/comments`)).comments;
    expect(sheetRows(wb.getWorksheet('Comments')!).filter((r) => r.round === 1)).toHaveLength(comments.length);
  });

  it('suppresses groups below k in the subgroup sheet and attribute values below k in the responses', async () => {
    const wb = await workbook();
    const subgroups = sheetRows(wb.getWorksheet('Subgroups')!);
    for (const row of subgroups) {
      if (row.n_valid === 'suppressed') expect(row.median).toBeNull();
      // k counts every answer a distribution publishes, "cannot judge" included.
      else {
        const label = `${String(row.item)} ${String(row.attribute)}=${String(row.group)}`;
        expect((row.n_valid as number) + (row.n_cannot_judge as number), label).toBeGreaterThanOrEqual(5);
      }
    }
    // Every group the API hides (the demo's round 2 has some) is hidden in the sheet or left out of it.
    const rounds = await d.json(`/api/studies/${d.studyId}/rounds`);
    const hidden = new Set<string>();
    for (const [i, round] of rounds.entries()) {
      for (const item of (await d.json(`/api/rounds/${round.id}/results`)).items) {
        for (const [dimension, g] of Object.entries(item.result.groups as Record<string, { perGroup: { group: string; suppressed: boolean }[] }>)) {
          for (const p of g.perGroup) if (p.suppressed) hidden.add(`${i + 1}|${item.code}|${dimension}|${p.group}`);
        }
      }
    }
    expect(hidden.size).toBeGreaterThan(0);
    for (const row of subgroups) {
      if (hidden.has([row.round, row.item, row.attribute, row.group].map(String).join('|'))) expect(row.n_valid).toBe('suppressed');
    }
    // A test over a suppressed group would expose its ranks: it is suppressed too.
    for (const row of subgroups.filter((r) => r.n_valid === 'suppressed')) expect(row.test).toBe('suppressed');

    const responses = sheetRows(wb.getWorksheet('Responses')!);
    const shown = new Map<string, Set<string>>();
    for (const r of responses) shown.set(r.country as string, (shown.get(r.country as string) ?? new Set()).add(r.panelist as string));
    for (const [country, people] of shown) if (country !== 'suppressed') expect(people.size, country).toBeGreaterThanOrEqual(5);
    // The demo has countries with fewer than 5 panelists who answered.
    expect(shown.has('suppressed')).toBe(true);
  });
});

describe('GET /api/studies/:studyId/export.csv', () => {
  it('lists every response in long format with pseudonyms, attributes, rating and cannot judge', async () => {
    const data = await csvRows();
    expect(Object.keys(data[0])).toEqual([
      'round',
      'item',
      'item_version',
      'panelist',
      'criterion',
      'sector',
      'role_level',
      'country',
      'rating',
      'cannot_judge',
    ]);
    expect(data).toHaveLength(responsesInDb);
    const cannotJudge = ((await d.t.db.raw('select count(*) as n from responses where cannot_judge'))[0] as { n: number }).n;
    expect(data.filter((r) => r.cannot_judge === 'true' && r.rating === '')).toHaveLength(cannotJudge);
    expect(data.every((r) => /^R-[0-9A-Z]{4}$/.test(r.panelist))).toBe(true);
  });

  it('draws new pseudonyms for every export, never a stored panelist code', async () => {
    const first = new Set((await csvRows()).map((r) => r.panelist));
    const second = new Set((await csvRows()).map((r) => r.panelist));
    const json = JSON.parse((await d.get(`/api/studies/${d.studyId}/export.json`)).text);
    const third = new Set<string>(json.panelists.map((p: { code: string }) => p.code));
    expect(first.size).toBe(second.size);
    for (const codes of [first, second, third]) for (const c of codes) expect(storedCodes.has(c)).toBe(false);
    // 40 random 4-character codes: a repeat of the same set would mean the mapping is not fresh.
    expect([...first].filter((c) => second.has(c)).length).toBeLessThan(3);
    expect([...first].filter((c) => third.has(c)).length).toBeLessThan(3);
  });

  it('does not single people out in quasi anonymity (issue 13 finding 6): each combination shared by k, coarsening named', async () => {
    const { note, rows: data } = await csvExport();
    const wb = await workbook();
    const sheet = sheetRows(wb.getWorksheet('Responses')!);
    for (const records of [data, sheet]) {
      const people = new Map<string, Set<string>>();
      for (const r of records) {
        const key = JSON.stringify([r.sector, r.role_level, r.country]);
        people.set(key, (people.get(key) ?? new Set()).add(r.panelist as string));
      }
      for (const [combination, who] of people) expect(who.size, combination).toBeGreaterThanOrEqual(5);
    }
    // Most demo panelists have a unique (sector, role level, country): coarsening had work to do.
    expect(note).toMatch(/^Attributes coarsened so that every combination of attribute values in this file is shared by at least k = 5 panelists: /);
    expect(note).toMatch(/country "suppressed" for \d+ panelists/);
    const about = sheetRows(wb.getWorksheet('About')!);
    expect(about.some((r) => Object.values(r).includes(note))).toBe(true);
  });

  it('orders rows by round, item and pseudonym, so row order says nothing about enrolment', async () => {
    const data = await csvRows();
    const k1 = data.filter((r) => r.round === '1' && r.item === 'K1').map((r) => r.panelist);
    expect(k1).toEqual([...k1].sort());
  });
});
