import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, panelistSession, signedInFacilitator, type TestApp } from '../helpers/build';
import { htmlText } from '../reports/helpers';

/**
 * Issue 13 finding 2 through the routes: a strict study whose one social-care panelist rated 2 and
 * whose one voluntary panelist answered only "cannot judge". The old rule counted voluntary as the
 * second hidden group, showed health, and overall − health gave the social-care rating.
 */
const SECTORS = [...Array<string>(6).fill('health'), 'social_care', 'voluntary'];

let t: TestApp;
let cookie: string;
let studyId: number;
let roundId: number;

async function call(method: string, url: string, payload?: unknown, c = cookie, headers: Record<string, string> = {}) {
  return t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: c, ...headers } });
}

beforeAll(async () => {
  t = await build();
  cookie = (await signedInFacilitator(t)).cookie;
  const study = await call('POST', '/api/studies', {
    title: 'Disclosure study',
    languages: ['en'],
    anonymity: 'strict',
    minGroupSize: 5,
    attributes: [{ name: 'sector', label: 'Sector', values: ['health', 'social_care', 'voluntary'] }],
    scale: { min: 1, max: 5, cannotJudge: true, labels: {} },
  });
  studyId = study.json().id;
  await call('POST', `/api/studies/${studyId}/items`, { code: 'X1', texts: { en: 'Budgets are pooled' } });
  const csv = ['code,email,language,sector', ...SECTORS.map((s) => `,,en,${s}`)].join('\n');
  const links: string[] = (await call('POST', `/api/studies/${studyId}/panelists/import`, { csv })).json().invitations.map((i: { link: string }) => i.link);
  roundId = (await call('POST', `/api/studies/${studyId}/rounds`, {})).json().id;
  await call('POST', `/api/rounds/${roundId}/open`);
  for (const [p, link] of links.entries()) {
    const session = await panelistSession(t, link);
    const [item] = (await call('GET', '/api/panelist/round', undefined, session)).json().items;
    const answer = SECTORS[p] === 'voluntary' ? { value: null, cannotJudge: true } : { value: SECTORS[p] === 'social_care' ? 2 : 4 };
    const saved = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, answer, session, { 'idempotency-key': `disclosure-${p}` });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  expect((await call('POST', `/api/rounds/${roundId}/close`)).statusCode).toBe(200);
});
afterAll(() => t.close());

type Group = { group: string; suppressed: boolean; stats: unknown; nValid: number | null };
const hiddenEverywhere = (groups: Group[]) => groups.length === 3 && groups.every((g) => g.suppressed && g.stats === null && g.nValid === null);

describe('a one-person group beside a group that only answered "cannot judge" (issue 13 finding 2)', () => {
  it('hides health too in the results, so overall − health cannot give the social-care rating', async () => {
    const res = await call('GET', `/api/rounds/${roundId}/results`);
    expect(res.statusCode).toBe(200);
    const [item] = res.json().items;
    expect(item.result.stats.nValid).toBe(7);
    expect(hiddenEverywhere(item.result.groups.sector.perGroup)).toBe(true);
  });

  it('hides it in the HTML report, saying why', async () => {
    const page = htmlText((await call('GET', `/api/studies/${studyId}/report.html`)).body);
    expect(page).toContain('Every comparison in round 1 involves a group hidden to protect small groups (k = 5), so none is shown.');
    // Participation per group is protected by the same rule: invited 6 / 1 / 1 would expose the same two panelists.
    expect(page).toMatch(/health 1 hidden to protect small groups/);
    expect(page).not.toMatch(/health: \d|health 1 6/);
  });

  it('hides it in the XLSX subgroup sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await call('GET', `/api/studies/${studyId}/export.xlsx`)).rawPayload as unknown as ArrayBuffer);
    const cells: unknown[][] = [];
    wb.getWorksheet('Subgroups')!.eachRow((row, n) => void (n > 1 && cells.push((row.values as unknown[]).slice(1))));
    expect(cells.map((c) => [c[4], c[5]])).toEqual([
      ['health', 'suppressed'],
      ['social_care', 'suppressed'],
      ['voluntary', 'suppressed'],
    ]);
  });

  it('hides it in the JSON export of the strict study', async () => {
    const exported = JSON.parse((await call('GET', `/api/studies/${studyId}/export.json`)).body);
    expect(hiddenEverywhere(exported.results[0].result.groups.sector.perGroup)).toBe(true);
  });
});

const hiddenFigures = (groups: Record<string, Record<string, unknown>>) =>
  Object.values(groups).every((g) => g.suppressed === true && Object.entries(g).every(([key, v]) => key === 'suppressed' || v === null));

describe('participation per group on the live dashboard and the reminders summary (issue 13 finding 2)', () => {
  it('hides the one-person groups and the health complement in the participation figures of the strict study', async () => {
    const res = await call('GET', `/api/rounds/${roundId}/participation`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.overall).toMatchObject({ invited: 8, responded: 8 });
    // Invited 6 / 1 / 1 and overall 8: health shown would give away both small groups at once.
    expect(Object.keys(body.byGroup.sector)).toEqual(['health', 'social_care', 'voluntary']);
    expect(hiddenFigures(body.byGroup.sector)).toBe(true);
  });

  it('hides the same groups in the reminders summary, reminders and opt-outs included', async () => {
    const res = await call('GET', `/api/rounds/${roundId}/reminders-summary`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.overall).toMatchObject({ invited: 8, responded: 8 });
    expect(Object.keys(body.byGroup.sector)).toEqual(['health', 'social_care', 'voluntary']);
    expect(hiddenFigures(body.byGroup.sector)).toBe(true);
  });

  it('hides them in quasi anonymity too, while the names for reminders stay listed', async () => {
    const study = await call('POST', '/api/studies', {
      title: 'Quasi participation',
      languages: ['en'],
      anonymity: 'quasi',
      minGroupSize: 5,
      attributes: [{ name: 'sector', label: 'Sector', values: ['health', 'social_care'] }],
      scale: { min: 1, max: 5, cannotJudge: true, labels: {} },
    });
    const id = study.json().id;
    await call('POST', `/api/studies/${id}/items`, { code: 'Q1', texts: { en: 'Budgets are pooled' } });
    const csv = ['code,email,language,sector', ...['health', 'health', 'health', 'health', 'health', 'health', 'social_care'].map((s) => `,,en,${s}`)];
    expect((await call('POST', `/api/studies/${id}/panelists/import`, { csv: csv.join('\n') })).statusCode).toBe(201);
    const round = (await call('POST', `/api/studies/${id}/rounds`, {})).json().id;
    expect((await call('POST', `/api/rounds/${round}/open`)).statusCode).toBe(200);
    const live = (await call('GET', `/api/rounds/${round}/participation`)).json();
    expect(live.notAnswered).toHaveLength(7);
    expect(hiddenFigures(live.byGroup.sector)).toBe(true);
    expect(hiddenFigures((await call('GET', `/api/rounds/${round}/reminders-summary`)).json().byGroup.sector)).toBe(true);
  });
});
