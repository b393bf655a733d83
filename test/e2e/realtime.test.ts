/**
 * A real-time round through the browser (issue 20): four panelists answer from their own
 * browsers, one by keyboard alone. Nobody sees the panel's figures before answering; they appear
 * on the open pages by themselves once k = 3 panelists have answered, and advance only after k
 * more changed answers, with the changed item listed at the top.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, itemCard as item, openPage, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, tabTo, type TestServer } from './harness';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a slow boat along the Danube';

let server: TestServer;
let browser: Browser;
let fac: Page;
const links: Record<string, string> = {};
const pages: Record<string, Page> = {};
let studyId: number;

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

const ok = apiCall;

/** Joins from the invitation link; by keyboard alone when `keyboard` is set. */
async function join(code: string, keyboard = false): Promise<Page> {
  const page = await openPage(browser, code, { viewport: { width: 1024, height: 900 }, locale: 'en-GB' });
  pages[code] = page;
  await page.goto(links[code]);
  await page.getByRole('heading', { name: 'You are invited to an expert panel' }).waitFor();
  if (keyboard) {
    await tabTo(page, 'input[type=checkbox]');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Start' }).click();
  }
  await page.getByRole('heading', { name: 'Round 1' }).waitFor();
  return page;
}

async function rateByClick(page: Page, code: string, value: number): Promise<void> {
  await item(page, code).locator(`input[type=radio][value="${value}"]`).check();
  await item(page, code).locator('.save.saved').waitFor();
}

beforeAll(async () => {
  // The round itself is made in the console below.
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD, { viewport: { width: 1280, height: 720 } }));
  const study = await ok<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Ward staffing',
    aim: 'To agree on safe staffing signals.',
    languages: ['en'],
    scale: { min: 1, max: 9 },
    minGroupSize: 3,
  });
  await ok(fac, 'POST', `/studies/${study.id}/items`, { code: 'S1', texts: { en: 'Night shifts need two registered nurses.' } });
  await ok(fac, 'POST', `/studies/${study.id}/items`, { code: 'S2', texts: { en: 'Agency staff need a ward induction.' } });
  const csv = ['code,email,language', 'A1,a1@example.org,en', 'B2,b2@example.org,en', 'C3,c3@example.org,en', 'D4,d4@example.org,en'].join('\n');
  const { invitations } = await ok<{ invitations: { code: string; link: string }[] }>(fac, 'POST', `/studies/${study.id}/panelists/import`, { csv });
  for (const inv of invitations) links[inv.code] = inv.link;
  studyId = study.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a real-time round in the browser', () => {
  stopAtFirstFailure(() => pages, 'failure-realtime');

  it('lets the facilitator choose a real-time round by keyboard, asking for its end time, and marks it in the list', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/rounds`);
    const form = fac.getByRole('form', { name: 'Prepare round 1' });
    await form.getByRole('radio', { name: 'Classic round' }).focus();
    await fac.keyboard.press('ArrowDown');
    expect(await form.getByRole('radio', { name: 'Real-time round' }).isChecked()).toBe(true);
    await form.getByText('panelists see the panel’s answers so far').waitFor();
    await form.getByRole('button', { name: 'Prepare round 1' }).click();
    await form.getByText('A real-time round needs an end date and time.').waitFor();
    expect(await fac.evaluate(() => document.activeElement?.id)).toBe('r1-mode-ends');
    await expectAccessible(fac, 'real-time round without an end');
    await screenshot(fac, 'realtime-00-console');
    await form.getByLabel('Ends at').fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16));
    await form.getByRole('button', { name: 'Prepare round 1' }).click();
    const row = fac.getByRole('row').filter({ has: fac.getByRole('rowheader', { name: 'Round 1' }) });
    await row.getByText('Real-time', { exact: true }).waitFor();
    const [round] = await ok<{ id: number; mode: string; closesAt: string | null }[]>(fac, 'GET', `/studies/${studyId}/rounds`);
    expect(round.mode).toBe('realtime');
    expect(Date.parse(round.closesAt!)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    await expectAccessible(fac, 'rounds list with a real-time round');
    await ok(fac, 'POST', `/rounds/${round.id}/open`);
  });

  it('lets panelist A answer by keyboard alone and shows no figures until k panelists have answered', async () => {
    const page = await join('A1', true);
    await page.getByText('This round runs in real time').waitFor();
    await item(page, 'S1').getByText('Rate this statement to see how the panel answers so far.').waitFor();
    await tabTo(page, 'input[type=radio][name^="item-"]');
    await page.keyboard.press('Space');
    for (let v = 1; v < 4; v++) await page.keyboard.press('ArrowRight');
    await item(page, 'S1').locator('.save.saved').waitFor();
    await item(page, 'S1').getByText('The panel’s answers appear here once at least 3 panelists have answered.').waitFor();
    expect(await page.getByText('How the panel answers so far', { exact: true }).count()).toBe(0);
    await expectAccessible(page, 'real-time item answered, no snapshot yet');
    await screenshot(page, 'realtime-01-waiting');
  });

  it('shows the first snapshot on A’s open page by itself once B and C have answered, and never to D before D answers', async () => {
    await rateByClick(await join('B2'), 'S1', 6);
    const d = await join('D4');
    await rateByClick(await join('C3'), 'S1', 8);
    const a = pages.A1;
    await item(a, 'S1').getByText('How the panel answers so far', { exact: true }).waitFor();
    await item(a, 'S1').getByText('Based on 3 answers, updated when more arrive').waitFor();
    await item(pages.B2, 'S1').getByText('Based on 3 answers').waitFor();
    // D has the page open but has not answered S1: no figures, only the invitation to answer.
    await d.waitForTimeout(500);
    expect(await item(d, 'S1').getByText('How the panel answers so far', { exact: true }).count()).toBe(0);
    await item(d, 'S1').getByText('Rate this statement to see how the panel answers so far.').waitFor();
    const body = await ok<{ items: { code: string; feedback: unknown }[] }>(d, 'GET', '/panelist/round');
    expect(body.items.find((i) => i.code === 'S1')?.feedback).toBeNull();
    await expectAccessible(a, 'real-time item with a snapshot');
    await screenshot(a, 'realtime-02-snapshot');
  });

  it('lets A revise by keyboard and moves the figures only after k changed answers, live, listing the changed item', async () => {
    const a = pages.A1;
    // Focus is still on A's chosen point: one arrow revises 4 → 5.
    await item(a, 'S1').locator('input[type=radio][value="4"]').focus();
    await a.keyboard.press('ArrowRight');
    await item(a, 'S1').locator('.save.saved').waitFor();
    expect(await item(a, 'S1').locator('input[value="5"]').isChecked()).toBe(true);
    await rateByClick(pages.D4, 'S1', 2);
    // Two changed answers (A's revision, D's first) are fewer than k: the figures stay.
    await a.waitForTimeout(700);
    await item(a, 'S1').getByText('Based on 3 answers').waitFor();
    await rateByClick(pages.B2, 'S1', 7);
    await item(a, 'S1').getByText('Based on 4 answers, updated when more arrive').waitFor();
    await item(a, 'S1').getByText('New figures since your last look').waitFor();
    await a.getByRole('heading', { name: 'Changed since your last visit' }).waitFor();
    await expectAccessible(a, 'real-time item updated live');
    await screenshot(a, 'realtime-03-updated');
    // The list of changes leads to the item by keyboard.
    await tabTo(a, '.changes button');
    await a.keyboard.press('Enter');
    expect(await a.evaluate(() => document.activeElement?.textContent)).toContain('Night shifts need two registered nurses.');
  });
});
