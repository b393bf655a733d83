/**
 * A three-round ranking study in the browser: the facilitator adds the ranking to the first round in
 * the console, one operational and one strategic panelist order the items by keyboard alone on a
 * 360 px phone in every round (axe clean), starting in rounds 2 and 3 from their own previous order
 * beside the panel's mean-rank order; four more panelists rank through the API. After round 3 the
 * console shows W with Schmidt's reading, the groups' orders with their W and ρ, and the change since
 * round 2; the PDF report, the XLSX Rankings sheet and the rankings CSV carry W and ρ for every round, and
 * the ranks CSV each panelist's ranks.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type TestServer } from './harness';
import { pdfText } from '../reports/helpers';

const EMAIL = 'ranking-rounds@example.org';
const PASSWORD = 'a long three-round ranking password';
const ITEMS = ['K1', 'K2', 'K3', 'K4'];
const TEXTS = ['Power distance between partners', 'Role ambiguity after integration', 'Unequal access to data', 'Different professional cultures'];
const QUESTION = 'Which asymmetries most need reducing for effective integration?';

/**
 * Per round, each panelist's order: operational staff (P1, P3, P5) come to put K1 first, strategic staff (P2, P4, P6) K4.
 * In round 3 each group agrees perfectly, and the two orders are not exact opposites (ρ = -0.8), so the panel's mean
 * ranks are not all tied and ρ with round 2 is defined.
 */
const ORDERS: Record<string, string[][]> = {
  P1: [
    ['K2', 'K1', 'K4', 'K3'],
    ['K1', 'K2', 'K4', 'K3'],
    ['K1', 'K2', 'K3', 'K4'],
  ],
  P2: [
    ['K3', 'K4', 'K1', 'K2'],
    ['K4', 'K3', 'K2', 'K1'],
    ['K4', 'K3', 'K1', 'K2'],
  ],
  P3: [
    ['K1', 'K3', 'K2', 'K4'],
    ['K1', 'K2', 'K3', 'K4'],
    ['K1', 'K2', 'K3', 'K4'],
  ],
  P4: [
    ['K4', 'K2', 'K3', 'K1'],
    ['K4', 'K3', 'K2', 'K1'],
    ['K4', 'K3', 'K1', 'K2'],
  ],
  P5: [
    ['K2', 'K1', 'K3', 'K4'],
    ['K1', 'K2', 'K3', 'K4'],
    ['K1', 'K2', 'K3', 'K4'],
  ],
  P6: [
    ['K3', 'K4', 'K2', 'K1'],
    ['K4', 'K3', 'K2', 'K1'],
    ['K4', 'K3', 'K1', 'K2'],
  ],
};
const ON_PHONES = ['P1', 'P2'] as const;

interface Ranking {
  overall: { m: number; w: number | null; band: string | null };
  ranked: { item: string; meanRank: number | null }[];
  groups: Record<string, Record<string, { suppressed: boolean; m: number; w: number | null }>>;
  groupPairs: { a: string; b: string; rho: number | null; differs: boolean }[];
  previous: { round: number; rho: number | null; wChange: number | null } | null;
}

let server: TestServer;
let browser: Browser;
let fac: Page;
let studyId: number;
const links: Record<string, string> = {};
const phones: Record<string, Page> = {};
/** Per round: its id, its ranking block's id and the frozen result. */
const rounds: { id: number; blockId: number; result?: Ranking }[] = [];

const ok = <T>(page: Page, method: string, path: string, body?: unknown) => apiCall<T>(page, method, path, body);
const num = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));
const entries = (page: Page, blockId: number) =>
  page.locator(`section[data-block="${blockId}"] li.entry`).evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));

/** Moves items into `target` order with the arrow keys only, from each item's own "move up" button, one place at a time. */
async function orderByKeyboard(page: Page, blockId: number, target: string[]): Promise<void> {
  for (let i = 0; i < target.length; i++) {
    const from = (await entries(page, blockId)).indexOf(target[i]);
    if (from === i) continue;
    await page.locator(`#rank-${blockId}-${target[i]}-up`).focus();
    for (let place = from; place > i; place--) {
      await page.keyboard.press('ArrowUp');
      await page.getByText(`${TEXTS[ITEMS.indexOf(target[i])]} is now number ${place} of 4`).waitFor();
    }
  }
  expect(await entries(page, blockId)).toEqual(target);
  await page.locator(`section[data-block="${blockId}"] .save.saved`).waitFor();
}

/** The four panelists who are not on a phone save their order through the API, from a browser session of their own. */
async function rankOverApi(round: number): Promise<void> {
  for (const code of ['P3', 'P4', 'P5', 'P6']) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/panel`);
    await ok(page, 'POST', '/panelist/session', { token: new URL(links[code]).hash.slice(1) || new URL(links[code]).searchParams.get('token') });
    const answers = ORDERS[code][round].map((subject, i) => ({ subject, value: i + 1 }));
    await ok(page, 'PUT', `/panelist/blocks/${rounds[round].blockId}/answers`, { answers });
    await page.context().close();
  }
}

async function closeRound(round: number): Promise<void> {
  await ok(fac, 'POST', `/rounds/${rounds[round].id}/close`);
  const results = await ok<{ blocks: { result: Ranking | null }[] }>(fac, 'GET', `/rounds/${rounds[round].id}/results`);
  const result = results.blocks[0].result!;
  expect(result.overall.m).toBe(6);
  rounds[round].result = result;
}

/** Creates the next round with the same ranking over the API and opens it. */
async function nextRound(): Promise<void> {
  const { id } = await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {});
  const block = await ok<{ id: number }>(fac, 'POST', `/rounds/${id}/blocks`, { kind: 'ranking', config: { items: ITEMS }, instructions: { en: QUESTION } });
  await ok(fac, 'POST', `/rounds/${id}/open`);
  rounds.push({ id, blockId: block.id });
}

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD, { viewport: { width: 1200, height: 900 } }));
  const study = await ok<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Which asymmetries first',
    languages: ['en'],
    minGroupSize: 3,
    scale: { min: 1, max: 9, cannotJudge: true, labels: {} },
    attributes: [{ name: 'role_level', label: 'Role level', values: ['operational', 'strategic'] }],
  });
  studyId = study.id;
  await ok(fac, 'POST', `/studies/${studyId}/items/import`, { csv: ['code,text_en', ...TEXTS.map((text, i) => `${ITEMS[i]},"${text}"`)].join('\n') });
  const csv = [
    'code,email,language,role_level',
    ...Object.keys(ORDERS).map((code, i) => `${code},${code.toLowerCase()}@example.org,en,${i % 2 ? 'strategic' : 'operational'}`),
  ];
  const { invitations } = await ok<{ invitations: { code: string; link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, {
    csv: csv.join('\n'),
  });
  for (const i of invitations) links[i.code] = i.link;
  for (const code of ON_PHONES) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB', hasTouch: true });
    phones[code] = await context.newPage();
    phones[code].setDefaultTimeout(10_000);
    phones[code].on('pageerror', (e) => console.error(`[${code}] page error:`, e.message));
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

stopAtFirstFailure(() => ({ facilitator: fac, ...Object.fromEntries(ON_PHONES.map((code) => [code, phones[code]])) }), 'ranking-rounds');

describe('a three-round ranking study', () => {
  it('adds the ranking to the first round in the console', async () => {
    const { id } = await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {});
    await fac.goto(`${server.url}/studies/${studyId}/rounds/${id}`);
    const blocks = fac.getByRole('region', { name: 'Rankings in this round' });
    await blocks.getByText('No ranking in this round.').waitFor();
    // The relations editor sits beside it with its own item checkboxes.
    const ranking = blocks.getByRole('group', { name: 'Add a ranking' });
    await ranking.getByLabel('Items I choose (2 to 20)').check();
    for (const [i, code] of ITEMS.entries()) await ranking.getByLabel(`${code}: ${TEXTS[i]}`).check();
    await ranking.getByLabel('Instructions for panelists').fill(QUESTION);
    await blocks.getByRole('button', { name: 'Add a ranking' }).click();
    await blocks.getByText('Ranking of 4 items').waitFor();
    expect(await seriousA11yViolations(fac)).toEqual([]);
    const [block] = await ok<{ id: number }[]>(fac, 'GET', `/rounds/${id}/blocks`);
    await ok(fac, 'POST', `/rounds/${id}/open`);
    rounds.push({ id, blockId: block.id });
  });

  it('round 1: two panelists of different groups order by keyboard alone at 360 px', async () => {
    for (const code of ON_PHONES) {
      const page = phones[code];
      await page.goto(links[code]);
      await page.getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByRole('heading', { name: 'Put these in order' }).waitFor();
      await page.getByText(QUESTION).waitFor();
      // The first round starts in the block's own order and has no panel order to show yet.
      expect(await entries(page, rounds[0].blockId)).toEqual(ITEMS);
      expect(await page.getByRole('heading', { name: "The panel's order last round" }).count()).toBe(0);
      await orderByKeyboard(page, rounds[0].blockId, ORDERS[code][0]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
    }
    await screenshot(phones.P1, 'ranking-rounds-1');
    await rankOverApi(0);
    await closeRound(0);
  });

  for (const round of [1, 2]) {
    it(`round ${round + 1}: each starts from their previous order beside the panel's mean-rank order, and reorders by keyboard`, async () => {
      await nextRound();
      const previous = rounds[round - 1].result!;
      const panelOrder = previous.ranked
        .filter((r) => r.meanRank !== null)
        .sort((a, b) => a.meanRank! - b.meanRank! || a.item.localeCompare(b.item))
        .map((r) => TEXTS[ITEMS.indexOf(r.item)]);
      for (const code of ON_PHONES) {
        const page = phones[code];
        await page.reload();
        await page.getByRole('heading', { name: `Round ${round + 1}` }).waitFor();
        const blockId = rounds[round].blockId;
        await page.locator(`section[data-block="${blockId}"]`).waitFor();
        expect(await entries(page, blockId)).toEqual(ORDERS[code][round - 1]);
        const panel = page.getByRole('region', { name: "The panel's order last round" });
        expect(await panel.locator('li .text').allTextContents()).toEqual(panelOrder);
        await orderByKeyboard(page, blockId, ORDERS[code][round]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
        expect(await seriousA11yViolations(page)).toEqual([]);
      }
      await screenshot(phones.P2, `ranking-rounds-${round + 1}`);
      await rankOverApi(round);
      await closeRound(round);
    });
  }

  it('shows W with Schmidt’s reading, the groups’ orders with W and ρ, and the change since round 2 in the console', async () => {
    const last = rounds[2].result!;
    // In round 3 each group agrees perfectly; the groups' mean ranks (1, 2, 3, 4) and (3, 4, 2, 1) give ρ = 1 − 6·18/60 = −0.8.
    expect(last.groups.role_level.operational).toMatchObject({ suppressed: false, m: 3, w: 1 });
    expect(last.groups.role_level.strategic).toMatchObject({ suppressed: false, m: 3, w: 1 });
    expect(last.groupPairs).toEqual([{ attribute: 'role_level', a: 'operational', b: 'strategic', rho: expect.closeTo(-0.8, 10), differs: true }]);
    expect(last.previous).toMatchObject({ round: 2, rho: expect.any(Number), wChange: expect.any(Number) });
    await fac.goto(`${server.url}/studies/${studyId}/results`);
    const view = fac.getByRole('region', { name: 'Ranking of 4 items' }).last();
    await view.getByText(`W = ${num(last.overall.w, 3)}`).waitFor();
    const text = (await view.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(`W = ${num(last.overall.w, 3)} (${last.overall.band!.replace('_', ' ')} agreement)`);
    expect(text).toContain(`Since round 2: ρ of the mean ranks = ${num(last.previous!.rho)}, change in W = ${num(last.previous!.wChange, 3)}`);
    expect(text).toMatch(/The Schmidt stop (holds|does not hold yet)/);
    expect(text).toContain('operational · W = 1.000 (m = 3)');
    expect(text).toContain('strategic · W = 1.000 (m = 3)');
    expect(text).toContain('operational and strategic: ρ = -0.80');
    expect(text).toContain('ranks differently');
    expect(await seriousA11yViolations(fac)).toEqual([]);
    await screenshot(fac, 'ranking-rounds-console');
  });

  it('carries W and ρ for all three rounds in the PDF report, the XLSX Rankings sheet and the rankings CSV, and the ranks in the ranks CSV', async () => {
    const bytes = (path: string) =>
      fac.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), `/api/studies/${studyId}/${path}`);
    const pdf = (await pdfText(Buffer.from(await bytes('report.pdf')))).replace(/\s+/g, ' ');
    for (const [i, r] of rounds.entries()) {
      expect(pdf).toContain(`Round ${i + 1}: ranking of 4 items`);
      expect(pdf).toContain(`W = ${num(r.result!.overall.w, 3)}`);
      if (i > 0) expect(pdf).toContain(`Since round ${i}: ρ of the mean ranks = ${num(r.result!.previous!.rho)}`);
    }
    expect(pdf).toContain('operational and strategic: ρ = -0.80 (the groups rank differently)');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(await bytes('export.xlsx')).buffer);
    const sheet = wb.getWorksheet('Rankings')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const sheetRows = sheet.getSheetValues().slice(2) as unknown[][];
    const csv = new TextDecoder()
      .decode(Uint8Array.from(await bytes('rankings.csv')))
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0].split(',')).toEqual(header);
    const csvRows = csv.slice(1).map((line) => line.split(','));
    const col = (name: string) => header.indexOf(name);
    for (const [i, r] of rounds.entries()) {
      const panelRow = (rows: unknown[][], at: number) => rows.find((x) => Number(x[col('round') + at]) === i + 1 && (x[col('group') + at] ?? '') === '')!;
      for (const [row, at] of [
        [panelRow(sheetRows, 1), 1],
        [panelRow(csvRows, 0), 0],
      ] as const) {
        expect(Number(row[col('w') + at])).toBeCloseTo(r.result!.overall.w!, 6);
        if (i === 0) expect(row[col('rho_previous') + at] ?? '').toBe('');
        else expect(Number(row[col('rho_previous') + at])).toBeCloseTo(r.result!.previous!.rho!, 6);
      }
    }

    // Each panelist's own ranks: 6 panelists × 4 items × 3 rounds under fresh codes, the roles (3 each) shown.
    const ranks = new TextDecoder()
      .decode(Uint8Array.from(await bytes('ranks.csv')))
      .trimEnd()
      .split('\r\n');
    expect(ranks[1]).toBe('round,ranking,panelist,role_level,item,rank');
    const rankRows = ranks.slice(2).map((line) => line.split(','));
    expect(rankRows).toHaveLength(6 * 4 * 3);
    expect(new Set(rankRows.map((r) => r[2])).size).toBe(6);
    const firstOf = (round: string, role: string) => rankRows.filter((r) => r[0] === round && r[3] === role && r[5] === '1').map((r) => r[4]);
    expect(firstOf('3', 'operational')).toEqual(['K1', 'K1', 'K1']);
    expect(firstOf('3', 'strategic')).toEqual(['K4', 'K4', 'K4']);
  });
});
