/**
 * A two-round relations study (Delphi–DEMATEL) in the browser. Panelist A answers on a 360 px phone
 * one pair at a time by keyboard alone (one answer given offline is sent when the connection is
 * back); panelist B answers in the grid on a 1280 px screen, also by keyboard; C answers over the
 * API. In round 2, A and B see the panel's median and spread and their own earlier answer for a
 * pair. After the second close the report PDF carries the relations section.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, eventually, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type TestServer } from './harness';

const ELEMENTS = [
  { code: 'CI', label: { en: 'capacity imbalance' } },
  { code: 'PD', label: { en: 'power distance' } },
  { code: 'RA', label: { en: 'role ambiguity' } },
];
/** The six ordered pairs in the order the panelist sees them, and what A, B and C answer in round 1 (null: cannot judge). */
const PAIRS = ['CI>PD', 'CI>RA', 'PD>CI', 'PD>RA', 'RA>CI', 'RA>PD'];
const A = [3, 1, 4, null, 2, 0];
const B = [4, 2, 3, 1, null, 1];
const C = [2, 2, 4, 1, 3, 0];

let server: TestServer;
let browser: Browser;
let fac: Page;
let phone: Page;
let wide: Page;
let studyId: number;
let links: string[];

async function relationsRound(): Promise<{ roundId: number; blockId: number }> {
  const round = await apiCall<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {});
  const block = await apiCall<{ id: number }>(fac, 'POST', `/rounds/${round.id}/blocks`, {
    kind: 'relations',
    config: { elements: ELEMENTS },
    instructions: { en: 'How might capacity imbalance or power distance affect the other asymmetries?' },
  });
  await apiCall(fac, 'POST', `/rounds/${round.id}/open`);
  return { roundId: round.id, blockId: block.id };
}

/** A panelist who answers every pair through the API, from a browser session of their own. */
async function answerOverApi(link: string, blockId: number, values: (number | null)[]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await apiCall(page, 'POST', '/panelist/session', { token: link.split('#')[1] });
  const answers = PAIRS.map((subject, i) => ({ subject, value: values[i], cannotJudge: values[i] === null }));
  await apiCall(page, 'PUT', `/panelist/blocks/${blockId}/answers`, { answers });
  await context.close();
}

async function panelistPage(width: number, height: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height }, locale: 'en-GB' })).newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => console.error(`[panelist ${width}] page error:`, e.message));
  return page;
}

async function joinStudy(page: Page, link: string) {
  await page.goto(link);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('heading', { name: 'How do these influence each other?' }).waitFor();
}

/** On the phone: the pair's answer by keyboard (arrow keys move and choose within the radio group; space picks the first). */
async function answerPairByKeyboard(page: Page, value: number | null) {
  const radios = page.locator('fieldset.pair input[type="radio"]');
  if (value === null) {
    await radios.last().focus();
    await page.keyboard.press('Space');
  } else {
    await radios.first().focus();
    if (value === 0) await page.keyboard.press('Space');
    for (let k = 0; k < value; k++) await page.keyboard.press('ArrowRight');
  }
}

/** Tabs on (from a button: stays on it first) until the focus is on the button named `name`, then presses Enter. */
async function tabToAndPress(page: Page, name: string) {
  for (let k = 0; k < 6; k++) {
    if (k > 0 || (await page.evaluate(() => document.activeElement?.tagName)) !== 'BUTTON') await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`no "${name}" within six tabs: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
}

async function blockResult(roundId: number) {
  const res = await apiCall<{ blocks: { result: { nPanelists: number; cells: { from: string; to: string; stats: { median: number } }[] } | null }[] }>(
    fac,
    'GET',
    `/rounds/${roundId}/results`,
  );
  return res.blocks[0].result;
}

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole('relations@example.org', 'a long relations password'));
  const study = await apiCall<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Partnership asymmetries',
    languages: ['en'],
    scale: { min: 1, max: 9, cannotJudge: true, labels: {} },
    minGroupSize: 3,
  });
  studyId = study.id;
  const csv = 'code,email,language\nA,a@example.org,en\nB,b@example.org,en\nC,c@example.org,en';
  links = (await apiCall<{ invitations: { link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, { csv })).invitations.map((i) => i.link);
  phone = await panelistPage(360, 740);
  wide = await panelistPage(1280, 900);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

stopAtFirstFailure(() => ({ phone, wide }), 'relations');

describe('a two-round relations study', () => {
  let round1: { roundId: number; blockId: number };

  it('on a 360 px phone: one pair at a time by keyboard alone, progress announced, a skipped pair found again', async () => {
    round1 = await relationsRound();
    await joinStudy(phone, links[0]);
    await phone.getByText('Pair 1 of 6', { exact: true }).waitFor();
    // The radio group is named by the question, so a screen reader hears both elements with the scale.
    await phone.getByRole('group', { name: 'How strongly does capacity imbalance directly influence power distance?' }).waitFor();
    await phone.getByRole('radio', { name: '3 – High' }).waitFor();
    expect(await seriousA11yViolations(phone)).toEqual([]);

    // Pair 1, then skip pair 2 on to pair 3.
    await answerPairByKeyboard(phone, A[0]);
    await phone.locator('.save.saved').waitFor();
    await tabToAndPress(phone, 'Next pair');
    await phone.getByText('Pair 2 of 6. How strongly does capacity imbalance directly influence role ambiguity?').waitFor();
    await tabToAndPress(phone, 'Next pair');
    // Pair 3 is answered offline: kept on the device, sent when the connection is back.
    await phone.context().setOffline(true);
    await answerPairByKeyboard(phone, A[2]);
    await phone.locator('.save.waiting').getByText('Kept on this device').waitFor();
    await phone.context().setOffline(false);
    await phone.locator('.save.saved').waitFor();
    for (const i of [3, 4, 5]) {
      await tabToAndPress(phone, 'Next pair');
      await phone.getByText(`Pair ${i + 1} of 6`, { exact: true }).waitFor();
      await answerPairByKeyboard(phone, A[i]);
      await phone.locator('.save.saved').waitFor();
    }
    await phone.getByText('5 of 6 answered').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await tabToAndPress(phone, 'Go to the first pair you have not answered');
    await phone.getByText('Pair 2 of 6. How strongly does capacity imbalance directly influence role ambiguity?').waitFor();
    await answerPairByKeyboard(phone, A[1]);
    await phone.getByText('You have answered every pair. Thank you!').waitFor();
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await screenshot(phone, 'relations-360');

    const result = await eventually(async () => {
      const r = await blockResult(round1.roundId);
      return r && r.nPanelists === 1 && r.cells.filter((c) => c.stats.median !== null).length === 5 ? r : undefined;
    });
    expect(result.cells.map((c) => c.stats.median)).toEqual(A);
  });

  it('on a 1280 px screen: the grid, rows influencing columns, by keyboard alone', async () => {
    await joinStudy(wide, links[1]);
    await wide.getByRole('table').waitFor();
    // The diagonal offers no control: three elements, six selects.
    expect(await wide.locator('table select').count()).toBe(6);
    expect(await seriousA11yViolations(wide)).toEqual([]);
    const first = wide.getByRole('combobox', { name: /How strongly does capacity imbalance directly influence power distance\? From 0, No influence, to 4/ });
    await first.focus();
    // Type-ahead picks the option starting with the typed digit (or "I cannot judge this"); Tab goes to the next pair.
    for (const [i, value] of B.entries()) {
      await wide.keyboard.type(value === null ? 'I' : String(value));
      await wide.locator(`td[data-pair="${PAIRS[i]}"] .mark.saved`).waitFor();
      if (i < B.length - 1) await wide.keyboard.press('Tab');
    }
    await wide.getByText('6 of 6 answered').first().waitFor();
    expect(await seriousA11yViolations(wide)).toEqual([]);
    await screenshot(wide, 'relations-1280');
    await answerOverApi(links[2], round1.blockId, C);
    const result = await eventually(async () => {
      const r = await blockResult(round1.roundId);
      return r && r.nPanelists === 3 ? r : undefined;
    });
    expect(result.cells.find((c) => c.from === 'CI' && c.to === 'PD')!.stats.median).toBe(3);
  });

  it("in round 2 shows, per pair, the panel's median and spread and the panelist's own earlier answer", async () => {
    await apiCall(fac, 'POST', `/rounds/${round1.roundId}/close`);
    const round2 = await relationsRound();
    await phone.reload();
    await phone.getByText('Pair 1 of 6', { exact: true }).waitFor();
    // CI → PD: 3, 4 and 2 (hf7 quartiles 2.5 and 3.5).
    await phone.getByText('The panel: median 3, spread (IQR) 1, from 2.5 to 3.5.').waitFor();
    await phone.getByText('Your answer: 3 – High').waitFor();
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await screenshot(phone, 'relations-360-round2');
    await wide.reload();
    const cell = wide.locator('td[data-pair="CI>PD"]');
    await cell.getByText('Panel: median 3, IQR 1').waitFor();
    await cell.getByText('You: 4').waitFor();
    expect(await seriousA11yViolations(wide)).toEqual([]);

    await answerOverApi(links[0], round2.blockId, A);
    await answerOverApi(links[1], round2.blockId, B);
    await answerOverApi(links[2], round2.blockId, C);
    await apiCall(fac, 'POST', `/rounds/${round2.roundId}/close`);

    const cookie = (await fac.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pdf = await fetch(`${server.url}/api/studies/${studyId}/report.pdf`, { headers: { cookie } });
    expect(pdf.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'relations-pdf-')), 'report.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Relations between elements (influence map)');
    expect(text).toContain('power distance');
  });
});
