/**
 * A real-time round in a study that rates each item on two criteria (issue 15), through the
 * browser: a panelist on a 360 px phone answers by keyboard alone; each criterion's figures appear
 * on the open page by themselves beside the panelist's own answer on it, once k = 3 panelists have
 * answered that criterion, named to a screen reader with the criterion; the strict-anonymity
 * dashboard shows each criterion's released figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { apiCall, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type TestServer } from './harness';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a slow boat along the Danube';
const RESONANCE = 'This asymmetry resonates with my experience';
const IMPORTANCE = 'Reducing it matters for integrated care';
const S1 = 'Partners share their budgets openly.';
const LIVE_TITLE = 'How the panel answers so far';
/** The live figures' heading as a screen reader names it: the title, then the criterion. */
const titled = (label: string) => new RegExp(`^${LIVE_TITLE}\\s*—\\s*${label}$`);

let server: TestServer;
let browser: Browser;
let fac: Page;
let phone: Page;
const links: Record<string, string> = {};
let studyId: number;
let roundId: number;
let s1: number;

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

const ok = apiCall;
const item = (page: Page, code: string): Locator => page.locator(`article[data-item="${code}"]`);
const criterion = (page: Page, code: string, c: string): Locator => item(page, code).locator(`section[data-criterion="${c}"]`);

async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Another panelist, answering through the API from a browser session of their own. */
async function answerAs(code: string, answers: [string, number][]): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/panel`);
  await ok(page, 'POST', '/panelist/session', { token: new URL(links[code]).hash.slice(1) });
  for (const [c, value] of answers) await ok(page, 'PUT', `/panelist/answers/${s1}`, { value, criterion: c });
  await context.close();
}

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD, { viewport: { width: 1280, height: 900 } }));
  const nine = { min: 1, max: 9, cannotJudge: true, labels: {} };
  const study = await ok<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Integration asymmetries',
    aim: 'To validate the framework.',
    languages: ['en'],
    scale: { min: 1, max: 9 },
    minGroupSize: 3,
    anonymity: 'strict',
    criteria: [
      { code: 'resonance', labels: { en: RESONANCE }, scale: nine },
      { code: 'importance', labels: { en: IMPORTANCE }, scale: nine },
    ],
    protocol: {
      bands: { agree: [7, 9], disagree: [1, 3] },
      rules: [{ outcome: 'consensus_in', when: 'resonance.pct_agree >= 70 AND importance.median >= 7' }],
      stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
    },
  });
  studyId = study.id;
  await ok(fac, 'POST', `/studies/${studyId}/items`, { code: 'S1', texts: { en: S1 } });
  await ok(fac, 'POST', `/studies/${studyId}/items`, { code: 'S2', texts: { en: 'Staff can reach the partner’s decision makers.' } });
  const csv = ['code,email,language', ...['A1', 'B2', 'C3', 'D4'].map((c) => `${c},${c.toLowerCase()}@example.org,en`)].join('\n');
  const { invitations } = await ok<{ invitations: { code: string; link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, { csv });
  for (const inv of invitations) links[inv.code] = inv.link;
  const round = await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {
    mode: 'realtime',
    closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  roundId = round.id;
  await ok(fac, 'POST', `/rounds/${roundId}/open`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a real-time round rated on two criteria, in the browser', () => {
  stopAtFirstFailure(() => ({ console: fac, phone }), 'failure-realtime-criteria');

  it('lets a panelist on a 360 px phone rate one criterion by keyboard alone, with no figures for either criterion yet', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    phone = await context.newPage();
    phone.setDefaultTimeout(10_000);
    phone.on('pageerror', (e) => console.error('[phone] page error:', e.message));
    await phone.goto(links.A1);
    await phone.getByRole('heading', { name: 'You are invited to an expert panel' }).waitFor();
    await tabTo(phone, 'input[type=checkbox]');
    await phone.keyboard.press('Space');
    await tabTo(phone, 'button[type=submit]');
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { name: 'Round 1' }).waitFor();
    await phone.getByText('This round runs in real time').waitFor();
    s1 = (await ok<{ items: { code: string; itemVersionId: number }[] }>(phone, 'GET', '/panelist/round')).items.find((i) => i.code === 'S1')!.itemVersionId;

    await tabTo(phone, 'input[type=radio][name$="-resonance"]');
    await phone.keyboard.press('Space');
    for (let v = 1; v < 7; v++) await phone.keyboard.press('ArrowRight');
    await criterion(phone, 'S1', 'resonance').locator('.save.saved').waitFor();
    expect(await criterion(phone, 'S1', 'resonance').locator('input[value="7"]').isChecked()).toBe(true);
    await criterion(phone, 'S1', 'resonance').getByText('The panel’s answers appear here once at least 3 panelists have answered.').waitFor();
    await criterion(phone, 'S1', 'importance').getByText('Rate this statement to see how the panel answers so far.').waitFor();
    expect(await phone.getByRole('heading', { name: new RegExp(LIVE_TITLE) }).count()).toBe(0);
    await expectAccessible(phone, 'real-time item, one criterion answered, no snapshot yet');
    await screenshot(phone, 'realtime-criteria-00-waiting');
  });

  it('shows the first criterion’s figures beside the panelist’s answer on it once k answered it, named with it, and none of the other', async () => {
    await answerAs('B2', [['resonance', 8]]);
    await answerAs('C3', [
      ['resonance', 9],
      ['importance', 2],
    ]);
    const resonance = criterion(phone, 'S1', 'resonance');
    // A screen reader hears the criterion with the title and with each update.
    await resonance.getByRole('heading', { name: titled(RESONANCE) }).waitFor();
    expect(await resonance.locator('[aria-live="polite"]').textContent()).toContain(`${RESONANCE}: Based on 3 answers, updated when more arrive`);
    await resonance.getByText('Your answer: 7').waitFor();
    expect(
      await criterion(phone, 'S1', 'importance')
        .getByRole('heading', { name: new RegExp(LIVE_TITLE) })
        .count(),
    ).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await expectAccessible(phone, 'real-time snapshot on one criterion at 360 px');
    await screenshot(phone, 'realtime-criteria-01-first-criterion');
  });

  it('shows the second criterion’s figures on their own once k answered it, marked new, and lists the changed item', async () => {
    await tabTo(phone, 'input[type=radio][name$="-importance"]');
    await phone.keyboard.press('Space');
    for (let v = 1; v < 8; v++) await phone.keyboard.press('ArrowRight');
    const importance = criterion(phone, 'S1', 'importance');
    await importance.locator('.save.saved').waitFor();
    await importance.getByText('The panel’s answers appear here once at least 3 panelists have answered.').waitFor();
    await answerAs('B2', [['importance', 9]]);
    await importance.getByRole('heading', { name: titled(IMPORTANCE) }).waitFor();
    expect(await importance.locator('[aria-live="polite"]').textContent()).toContain(`${IMPORTANCE}: Based on 3 answers`);
    await importance.getByText('Your answer: 8').waitFor();
    await importance.getByText('New figures since your last look').waitFor();
    // Importance moved on its own: resonance still shows the figures of its own batch.
    expect(await criterion(phone, 'S1', 'resonance').locator('[aria-live="polite"]').textContent()).toContain('Based on 3 answers');
    await phone.getByRole('heading', { name: 'Changed since your last visit' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await expectAccessible(phone, 'real-time snapshots on both criteria at 360 px');
    await screenshot(phone, 'realtime-criteria-02-both-criteria');
  });

  it('shows the facilitator’s live dashboard each criterion’s released figures', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/rounds/${roundId}`);
    const table = fac.locator('table.prov');
    await table.locator('tr[data-criterion="resonance"]').waitFor();
    const cells = async (c: string) => (await table.locator(`tr[data-criterion="${c}"] td`).allTextContents()).map((s) => s.trim());
    expect((await cells('resonance')).slice(0, 2)).toEqual([RESONANCE, '3']);
    expect((await cells('importance')).slice(0, 2)).toEqual([IMPORTANCE, '3']);
    // Panelists of a real-time round see the batches too; the dashboard must not say they see nothing.
    const heading = fac.getByRole('heading', { name: /Provisional/ });
    await expect.poll(() => heading.textContent()).toContain('panelists see each batch once they have answered the item');
    expect(await fac.locator('section').first().textContent()).not.toContain('until the round closes');
    await expectAccessible(fac, 'live dashboard of a real-time round with two criteria');
    await screenshot(fac, 'realtime-criteria-03-dashboard');
  });
});
