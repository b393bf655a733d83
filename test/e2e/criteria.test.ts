/**
 * Several criteria per item through the browser (issue 15): the facilitator names two criteria in
 * the study editor; a panelist on a 360 px phone rates each item on both by keyboard alone, each
 * scale announced with its criterion; the console shows each criterion's results and the
 * content-validity table; in round 2 the panelist sees the feedback per criterion and keeps an
 * answer on one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { itemCard as item, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, tabTo, type TestServer } from './harness';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a slow boat along the Danube';
const RELEVANCE = 'This element is relevant to integrated care';
const IMPORTANCE = 'Reducing it matters';
const S1 = 'Partners share their budgets openly.';

let server: TestServer;
let browser: Browser;
let fac: Page;
let phone: Page;
const links: Record<string, string> = {};
let studyId: number;
let roundId: number;

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

/** Calls the API with the page's cookies, as the page itself would. */
async function ok<T>(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await page.evaluate(
    async ({ method, path, body, headers }) => {
      const r = await fetch(`/api${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, text: await r.text() };
    },
    { method, path, body, headers },
  );
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return (res.text ? JSON.parse(res.text) : null) as T;
}

const criterion = (page: Page, code: string, c: string): Locator => item(page, code).locator(`section[data-criterion="${c}"]`);

/** A panelist who answers through the API from their own browser session. */
async function panelistSession(code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/panel`);
  const token = new URL(links[code]).hash.slice(1) || new URL(links[code]).searchParams.get('token')!;
  await ok(page, 'POST', '/panelist/session', { token });
  return page;
}

async function answer(page: Page, version: number, criterion: string, value: number): Promise<void> {
  await ok(page, 'PUT', `/panelist/answers/${version}`, { value, criterion }, { 'idempotency-key': `key-${criterion}-${version}-${Math.random()}` });
}

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD, { viewport: { width: 1200, height: 900 } }));
  const study = await ok<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Integration asymmetries',
    aim: 'To validate the framework.',
    languages: ['en'],
    scale: { min: 1, max: 9 },
    minGroupSize: 3,
  });
  studyId = study.id;
  await ok(fac, 'POST', `/studies/${studyId}/items`, { code: 'S1', texts: { en: S1 } });
  await ok(fac, 'POST', `/studies/${studyId}/items`, { code: 'S2', texts: { en: 'Staff can reach the partner’s decision makers.' } });
  const csv = ['code,email,language', ...['A1', 'B2', 'C3', 'D4'].map((c) => `${c},${c.toLowerCase()}@example.org,en`)].join('\n');
  const { invitations } = await ok<{ invitations: { code: string; link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, { csv });
  for (const inv of invitations) links[inv.code] = inv.link;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a study rated on two criteria, in the browser', () => {
  stopAtFirstFailure(() => ({ console: fac, phone }), 'failure-criteria');

  it('lets the facilitator name two criteria in the study editor, with their scales and rules', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/details`);
    const form = fac.getByRole('form', { name: 'Criteria' });
    await form.getByText('No criteria yet').waitFor();
    await form.getByRole('button', { name: 'Add a criterion' }).click();
    const first = form.getByRole('group', { name: 'Criterion 1' });
    await first.getByLabel('Code').fill('relevance');
    await first.getByLabel('Question in English').fill(RELEVANCE);
    await first.getByLabel('English label for 1').fill('Not relevant');
    await first.getByLabel('English label for 4').fill('Highly relevant');
    await first.getByLabel('Measure content validity').check();
    await form.getByRole('button', { name: 'Add a criterion' }).click();
    const second = form.getByRole('group', { name: 'Criterion 2' });
    await second.getByLabel('Code').fill('importance');
    await second.getByLabel('Question in English').fill(IMPORTANCE);
    await second.getByLabel('From', { exact: true }).fill('1');
    await second.getByLabel('To', { exact: true }).fill('9');
    await second.getByLabel('Offer “I cannot judge this”').check();
    await second.getByLabel('Agreement from').fill('7');
    await second.getByLabel('Agreement to').fill('9');
    // A clash is refused with the API's words, and nothing is stored.
    await second.getByLabel('Code').fill('relevance');
    await form.getByRole('button', { name: 'Save criteria' }).click();
    await form.getByRole('alert').getByText('used twice').waitFor();
    expect((await ok<{ criteria: unknown[] }>(fac, 'GET', `/studies/${studyId}`)).criteria).toEqual([]);
    await second.getByLabel('Code').fill('importance');
    await form.getByLabel('Consensus rules').selectOption('cvi_078');
    await form.getByRole('button', { name: 'Save criteria' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    const study = await ok<{
      criteria: { code: string; scale: { min: number; max: number }; agree: number[]; relevance: boolean }[];
      protocol: { rules: unknown[] };
    }>(fac, 'GET', `/studies/${studyId}`);
    expect(study.criteria.map((c) => [c.code, c.scale.min, c.scale.max, c.agree, c.relevance])).toEqual([
      ['relevance', 1, 4, [3, 4], true],
      ['importance', 1, 9, [7, 9], false],
    ]);
    expect(study.protocol.rules).toEqual([{ outcome: 'consensus_in', when: 'relevance.icvi >= 0.78' }]);
    await expectAccessible(fac, 'study editor with two criteria');
    await screenshot(fac, 'criteria-00-editor');
    const round = await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {});
    roundId = round.id;
    await ok(fac, 'POST', `/rounds/${roundId}/open`);
  });

  it('lets a panelist on a 360 px phone rate both criteria by keyboard alone, each scale named with its criterion', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    phone = await context.newPage();
    phone.setDefaultTimeout(10_000);
    await phone.goto(links.A1);
    await phone.getByRole('heading', { name: 'You are invited to an expert panel' }).waitFor();
    await tabTo(phone, 'input[type=checkbox]');
    await phone.keyboard.press('Space');
    await tabTo(phone, 'button[type=submit]');
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { name: 'Round 1' }).waitFor();
    // A screen reader hears the statement and the criterion with each scale.
    await phone.getByRole('group', { name: `${S1} — ${RELEVANCE}` }).waitFor();
    await phone.getByRole('group', { name: `${S1} — ${IMPORTANCE}` }).waitFor();
    expect(await criterion(phone, 'S1', 'relevance').getByRole('radio').count()).toBe(4);
    expect(await criterion(phone, 'S1', 'importance').getByRole('radio').count()).toBe(10);

    await tabTo(phone, 'input[type=radio][name$="-relevance"]');
    await phone.keyboard.press('Space');
    for (let v = 1; v < 4; v++) await phone.keyboard.press('ArrowRight');
    await criterion(phone, 'S1', 'relevance').locator('.save.saved').waitFor();
    await tabTo(phone, 'input[type=radio][name$="-importance"]');
    await phone.keyboard.press('Space');
    for (let v = 1; v < 8; v++) await phone.keyboard.press('ArrowRight');
    await criterion(phone, 'S1', 'importance').locator('.save.saved').waitFor();
    expect(await criterion(phone, 'S1', 'relevance').locator('input[value="4"]').isChecked()).toBe(true);
    expect(await criterion(phone, 'S1', 'importance').locator('input[value="8"]').isChecked()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await expectAccessible(phone, 'item with two criteria at 360 px');
    await screenshot(phone, 'criteria-01-phone');

    const view = await ok<{ items: { code: string; criteria: { criterion: string; answer: { value: number } | null }[] }[] }>(phone, 'GET', '/panelist/round');
    expect(view.items[0].criteria.map((c) => [c.criterion, c.answer?.value])).toEqual([
      ['relevance', 4],
      ['importance', 8],
    ]);
  });

  it('shows the console each criterion’s results and the content-validity table once the round closes', async () => {
    const view = await ok<{ items: { code: string; itemVersionId: number }[] }>(phone, 'GET', '/panelist/round');
    const [v1, v2] = view.items.map((i) => i.itemVersionId);
    await answer(phone, v2, 'relevance', 2);
    await answer(phone, v2, 'importance', 3);
    for (const [code, rel, imp] of [
      ['B2', 3, 7],
      ['C3', 4, 9],
      ['D4', 2, 6],
    ] as const) {
      const page = await panelistSession(code);
      await answer(page, v1, 'relevance', rel);
      await answer(page, v1, 'importance', imp);
      await answer(page, v2, 'relevance', 1);
      await answer(page, v2, 'importance', 2);
      await page.context().close();
    }
    await ok(fac, 'POST', `/rounds/${roundId}/close`);
    await fac.goto(`${server.url}/studies/${studyId}/results`);
    const s1 = fac.locator('article[data-item="S1"]');
    await s1.getByRole('heading', { name: RELEVANCE }).waitFor();
    await s1.getByRole('heading', { name: IMPORTANCE }).waitFor();
    const cvi = fac.getByRole('region', { name: `Content validity: ${RELEVANCE}` });
    // S1: three of four rated 3-4, I-CVI 0.75; S2: none, 0.
    const row = (code: string) => cvi.getByRole('row').filter({ has: fac.getByRole('rowheader', { name: code, exact: true }) });
    expect(await row('S1').getByRole('cell').allTextContents()).toEqual(['—', '4', '0.75', '0.67', 'good']);
    expect(await row('S2').getByRole('cell').allTextContents()).toEqual(['—', '4', '0', '-0.07', 'poor']);
    const overall = cvi.getByRole('row').filter({ has: fac.getByRole('rowheader', { name: 'All statements' }) });
    expect(await overall.getByRole('cell').allTextContents()).toEqual(['2', '0.38', '0']);
    await expectAccessible(fac, 'results with two criteria and content validity');
    await screenshot(fac, 'criteria-02-results');
  });

  it('gives the panelist round 2 feedback per criterion beside their own answer, and keeps an answer on one criterion by keyboard', async () => {
    const items = await ok<{ id: number }[]>(fac, 'GET', `/studies/${studyId}/items`);
    const round2 = await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, { decisions: items.map((i) => ({ itemId: i.id, action: 'carry' })) });
    await ok(fac, 'POST', `/rounds/${round2.id}/open`);
    await phone.reload();
    await phone.getByRole('heading', { name: 'Round 2' }).waitFor();
    const relevance = criterion(phone, 'S1', 'relevance');
    await relevance.getByText('How the panel answered in round 1').waitFor();
    await relevance.getByText('Your answer: 4').waitFor();
    await criterion(phone, 'S1', 'importance').getByText('Your answer: 8').waitFor();
    await tabTo(phone, 'section[data-criterion="relevance"] button.keep');
    expect(await phone.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keep my answer (4)');
    await phone.keyboard.press('Enter');
    await relevance.getByText('You kept your answer.').waitFor();
    await relevance.locator('.save.saved').waitFor();
    // The other criterion is still open: its own keep button waits.
    await criterion(phone, 'S1', 'importance').getByRole('button', { name: 'Keep my answer (8)' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await expectAccessible(phone, 'round 2 feedback per criterion at 360 px');
    await screenshot(phone, 'criteria-03-keep');
    const view = await ok<{ items: { criteria: { criterion: string; answer: { value: number } | null }[] }[] }>(phone, 'GET', '/panelist/round');
    expect(view.items[0].criteria.map((c) => [c.criterion, c.answer?.value ?? null])).toEqual([
      ['relevance', 4],
      ['importance', null],
    ]);
  });
});
