/**
 * A whole Delphi study through the browser: a facilitator sets it up in the console, three
 * panelists answer from their own browsers (one by keyboard alone, one on a 360 px phone that goes
 * offline, one in German), the facilitator closes the round and every open panelist page shows
 * the feedback by itself; then round 2 opens the same way.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  eventually,
  itemCard as item,
  openPage,
  screenshot,
  seriousA11yViolations,
  serverAndBrowser,
  stopAtFirstFailure,
  tabTo,
  type TestServer,
} from './harness';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a long walk in the Black Forest';

let server: TestServer;
let browser: Browser;
let oneTimePassword: string;
let fac: Page;
const links: Record<string, string> = {};
const panelists: Record<string, { context: BrowserContext; page: Page }> = {};

const ITEMS_CSV = [
  'code,category,text_en,text_de',
  'K1,KNOW,Unclear roles after integration weaken trust.,Unklare Rollen nach der Integration schwächen das Vertrauen.',
  'K2,KNOW,Partners cannot see each other’s expertise.,Partner können die Expertise der anderen nicht erkennen.',
  'P1,POWER,Social care partners are under-resourced.,Sozialpartner sind unterfinanziert.',
  'P2,POWER,One partner’s agenda tends to dominate.,Die Agenda eines Partners dominiert meist.',
].join('\n');

const BAD_ITEMS_CSV = ['code,category,text_en,text_de', 'K1,KNOW,Fine,Gut', 'bad code!,KNOW,Text,Text', 'K1,KNOW,Again,Wieder'].join('\n');

const PANEL_CSV = ['code,email,language,sector', 'A1,a1@example.org,en,health', 'B2,b2@example.org,en,social_care', 'C3,c3@example.org,de,health'].join('\n');

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

/** Opens a section of the study in the console by its tab. */
const studyTab = (name: string) => fac.getByRole('navigation', { name: 'Study sections' }).getByRole('link', { name, exact: true }).click();

/** The card of one item on a panelist page, found by its code. */

/** Rates the visible item by keyboard alone: Tab into its radio group, arrows to the value. */
async function rateByKeyboard(page: Page, code: string, value: number): Promise<void> {
  await tabTo(page, 'input[type=radio][name^="item-"]');
  // With nothing chosen, Tab lands on the first point (1); Space chooses it, arrows move and choose.
  await page.keyboard.press('Space');
  for (let v = 1; v < value; v++) await page.keyboard.press('ArrowRight');
  await item(page, code).locator('.save.saved').waitFor({ timeout: 5000 });
  expect(await item(page, code).locator(`input[type=radio][value="${value}"]`).isChecked()).toBe(true);
}

async function rateByClick(page: Page, code: string, value: number | 'cannot-judge'): Promise<void> {
  await item(page, code).locator(`input[type=radio][value="${value}"]`).check();
}

/** The panelist's own stored answers, read through the API with the page's session. */
async function storedAnswers(
  page: Page,
): Promise<Record<string, { value: number | null; cannotJudge: boolean; comment: string | null; revision: number } | null>> {
  return page.evaluate(async () => {
    const res = await fetch('/api/panelist/round');
    const body = (await res.json()) as { items: { code: string; answer: unknown }[] };
    return Object.fromEntries(body.items.map((i) => [i.code, i.answer])) as never;
  });
}

async function openPanelist(code: string, options: { width: number; height: number; locale?: string }) {
  const page = await openPage(browser, code, { viewport: { width: options.width, height: options.height }, locale: options.locale ?? 'en-GB' });
  panelists[code] = { context: page.context(), page };
  return page;
}

beforeAll(async () => {
  ({ server, browser, oneTimePassword } = await serverAndBrowser(EMAIL));
  fac = await openPage(browser, 'facilitator', { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a Delphi study in the browser', () => {
  // Each step builds on the one before: after a failure the rest would only repeat it.
  stopAtFirstFailure(() => ({ facilitator: fac, ...Object.fromEntries(Object.entries(panelists).map(([code, p]) => [code, p.page])) }), 'failure');

  it('signs a facilitator in with the one-time password and makes them choose their own', async () => {
    await fac.goto(`${server.url}/`);
    await fac.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(fac.url()).pathname).toBe('/sign-in');
    await expectAccessible(fac, 'sign-in');
    await screenshot(fac, 'console-01-sign-in');

    await fac.getByLabel('E-mail').fill(EMAIL);
    await fac.getByLabel('Password', { exact: true }).fill('not the password');
    await fac.getByRole('button', { name: 'Sign in' }).click();
    await fac.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();

    await fac.getByLabel('Password', { exact: true }).fill(oneTimePassword);
    await fac.getByRole('button', { name: 'Sign in' }).click();
    await fac.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await expectAccessible(fac, 'forced password change');
    await screenshot(fac, 'console-02-password');
    await fac.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await fac.getByLabel('New password again').fill(PASSWORD);
    await fac.getByRole('button', { name: 'Save password' }).click();
    await fac.getByRole('heading', { name: 'Your studies' }).waitFor();
    await expectAccessible(fac, 'study list (empty)');
  });

  it('creates a study, sets its details and a panel attribute', async () => {
    await fac.getByRole('button', { name: 'New study' }).click();
    await fac.getByLabel('Title').fill('Trust between partners');
    await fac.getByLabel(/^Aim/).fill('To learn which asymmetries erode trust between health and social care partners.');
    await fac.getByLabel('Languages').fill('en, de');
    await fac.getByRole('button', { name: 'Create study' }).click();
    await fac.waitForURL(/\/studies\/\d+\/details$/);
    await fac.getByRole('heading', { name: 'Trust between partners', level: 1 }).waitFor();

    // Three panelists only: show groups from 3 and let 3 ratings decide.
    await fac.getByLabel('Smallest group shown (k)').fill('3');
    await fac.getByRole('button', { name: 'Add attribute' }).click();
    await fac.getByLabel('Column name').fill('sector');
    await fac.getByLabel('Label', { exact: true }).fill('Sector');
    await fac.getByLabel('Values (comma-separated)').fill('health, social_care');
    await fac.getByLabel('Values (comma-separated)').press('Tab');
    await fac.getByRole('button', { name: 'Save details' }).click();
    await fac.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expectAccessible(fac, 'study details');
    await screenshot(fac, 'console-03-details');
  });

  it('adds categories and imports items from CSV, showing each problem at its line first', async () => {
    await studyTab('Items');
    await fac.getByRole('heading', { name: 'Items and translations' }).waitFor();
    for (const [code, en, de] of [
      ['KNOW', 'Knowledge asymmetry', 'Wissensasymmetrie'],
      ['POWER', 'Power asymmetry', 'Machtasymmetrie'],
    ]) {
      await fac.getByLabel('Code', { exact: true }).fill(code);
      await fac.getByLabel('Name in English').fill(en);
      await fac.getByLabel('Name in German').fill(de);
      await fac.getByRole('button', { name: 'Add category' }).click();
      await fac.getByText(`${code} — ${en}`).waitFor();
    }

    await fac.getByLabel('…or paste it here').fill(BAD_ITEMS_CSV);
    await fac.getByRole('button', { name: 'Import' }).click();
    const alert = fac.getByRole('alert').filter({ hasText: 'nothing was imported' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Line 3, column “code”');
    await expect(alert.textContent()).resolves.toContain('Line 4, column “code”');
    // The file itself is shown with the problems under their lines.
    await fac.locator('.annotated tr.bad', { hasText: 'bad code!' }).waitFor();
    await expectAccessible(fac, 'items with CSV problems');
    await screenshot(fac, 'console-04-items-csv-problems');

    await fac.getByLabel('…or paste it here').fill(ITEMS_CSV);
    await fac.getByRole('button', { name: 'Import' }).click();
    await fac.getByRole('status').filter({ hasText: 'Imported 4 items.' }).waitFor();
    await fac.getByRole('heading', { name: 'Items (4)' }).waitFor();
    await screenshot(fac, 'console-05-items');
  });

  it('chooses the consensus rule with its plain-language reading', async () => {
    await studyTab('Consensus rule');
    await fac.getByRole('heading', { name: /^The rule now chosen/ }).waitFor();
    await fac.getByText('at least 75% rate in the agreement band and the IQR is at most 2').first().waitFor();
    await fac.getByRole('button', { name: 'Write your own rule' }).click();
    await fac.getByLabel('Fewest valid ratings for a verdict').fill('3');
    await fac.getByRole('button', { name: 'Save rule' }).click();
    await fac.getByRole('status').filter({ hasText: 'Saved your rule.' }).waitFor();
    await fac.getByText('fewer than 3 valid ratings').waitFor();
    await expectAccessible(fac, 'consensus rule');
    await screenshot(fac, 'console-06-protocol');
  });

  it('invites three panelists from CSV and offers their links once, also as a CSV download', async () => {
    await studyTab('Panel');
    await fac.getByRole('heading', { name: 'Panel', exact: true }).waitFor();
    await fac.getByLabel('…or paste it here').fill(PANEL_CSV);
    await fac.getByRole('button', { name: 'Import' }).click();
    await fac.getByRole('heading', { name: 'New invitation links (3)' }).waitFor();
    for (const code of ['A1', 'B2', 'C3']) links[code] = (await fac.locator(`code[data-link="${code}"]`).textContent())!.trim();
    expect(Object.values(links).every((l) => l.startsWith(`${server.url}/join#`))).toBe(true);

    const [download] = await Promise.all([fac.waitForEvent('download'), fac.getByRole('button', { name: 'Download links as CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('code,email,link');
    for (const l of Object.values(links)) expect(csv).toContain(l);

    await fac.getByRole('table', { name: 'Panelists and their status' }).getByRole('rowheader', { name: 'C3', exact: true }).waitFor();
    await expectAccessible(fac, 'panel with new links');
    await screenshot(fac, 'console-07-panel-links');
  });

  it('prepares and opens round 1 after a confirmation, which locks the rule', async () => {
    await studyTab('Rounds');
    await fac.getByRole('button', { name: 'Prepare round 1' }).click();
    await fac.getByRole('button', { name: 'Open round 1' }).click();
    const dialog = fac.getByRole('dialog', { name: 'Open round 1?' });
    await dialog.getByText('This locks the consensus rule').waitFor();
    await expectAccessible(fac, 'open-round confirmation');
    await dialog.getByRole('button', { name: 'Open round 1' }).click();
    await fac.getByRole('cell', { name: 'Open', exact: true }).waitFor();

    await studyTab('Consensus rule');
    await fac.getByRole('note').filter({ hasText: 'Locked.' }).waitFor();
    expect(await fac.getByRole('button', { name: 'Use this rule' }).count()).toBe(0);
    await screenshot(fac, 'console-08-protocol-locked');

    // The facilitator keeps the live dashboard open while the panel answers.
    await studyTab('Rounds');
    await fac.getByRole('link', { name: 'Live dashboard' }).click();
    await fac.getByText('0 of 3 have answered').waitFor();
    await fac.getByText('● Live').waitFor();
  });

  it('lets panelist A join from the link and rate with the keyboard alone', async () => {
    const page = await openPanelist('A1', { width: 1024, height: 800 });
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(links.A1);
    await page.getByRole('heading', { name: 'You are invited to an expert panel' }).waitFor();
    // The panelist page downloads the panelist app only, never the console.
    expect(scripts.some((s) => s.includes('PanelistApp'))).toBe(true);
    expect(scripts.filter((s) => s.includes('ConsoleApp'))).toEqual([]);
    // The real welcome, read from the invitation before anything is exchanged.
    await page.getByText('To learn which asymmetries erode trust').waitFor();
    await page.getByText('at least 3 panelists').waitFor();
    expect(await panelists.A1.context.cookies()).toEqual([]);
    await expectAccessible(page, 'invitation welcome');
    await screenshot(page, 'panel-01-invitation-welcome');

    await tabTo(page, 'input[type=checkbox]');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Round 1' }).waitFor();
    // The token is gone from the address bar once exchanged.
    expect(page.url()).toBe(`${server.url}/panel`);
    await page.getByText('Knowledge asymmetry').waitFor();
    for (const [code, value, last] of [
      ['K1', 7, false],
      ['K2', 3, false],
      ['P1', 5, false],
      ['P2', 8, true],
    ] as const) {
      await item(page, code).waitFor();
      await rateByKeyboard(page, code, value);
      if (code === 'K1') {
        await expectAccessible(page, 'rating an item');
        await screenshot(page, 'panel-03-item-one-at-a-time');
      }
      await tabTo(page, last ? 'button.btn:not(.secondary)' : 'nav.pager button.btn:not(.secondary)');
      await page.keyboard.press('Enter');
    }
    await page.getByRole('heading', { name: 'Thank you — all your answers are saved' }).waitFor();
    await expectAccessible(page, 'end page');
    await screenshot(page, 'panel-04-end');
    const stored = await storedAnswers(page);
    expect(Object.fromEntries(Object.entries(stored).map(([k, a]) => [k, a?.value]))).toEqual({ K1: 7, K2: 3, P1: 5, P2: 8 });
  });

  it('shows the facilitator the new answers on the live dashboard without a reload', async () => {
    await fac.getByText('1 of 3 have answered').waitFor({ timeout: 5000 });
    await fac.getByRole('heading', { name: /^Provisional results/ }).waitFor();
    await expectAccessible(fac, 'live dashboard');
    await screenshot(fac, 'console-09-live-dashboard');
  });

  it('keeps panelist B’s answers given offline on a 360 px phone: none lost, none doubled', async () => {
    const page = await openPanelist('B2', { width: 360, height: 740 });
    await page.goto(links.B2);
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByLabel('All on one page').check();
    await rateByClick(page, 'K1', 8);
    await rateByClick(page, 'K2', 8);
    await item(page, 'K2').locator('.save.saved').waitFor();
    await expectAccessible(page, 'list view on a phone');
    await screenshot(page, 'panel-05-list-360');

    // Offline, answer, back online, reload at once: the answer is sent from the stored queue.
    await panelists.B2.context.setOffline(true);
    await rateByClick(page, 'P1', 2);
    await item(page, 'P1').getByText('Kept on this device').waitFor();
    await page.getByText('You are offline.').waitFor();
    const queued = await page.evaluate(() =>
      Object.entries(localStorage)
        .filter(([k]) => k.startsWith('delphi.answers'))
        .map(([, v]) => JSON.parse(v)),
    );
    expect(queued.flat()).toMatchObject([{ body: { value: 2, cannotJudge: false } }]);
    await screenshot(page, 'panel-06-offline-360');
    await panelists.B2.context.setOffline(false);
    await page.reload();
    await item(page, 'P1').locator('.save.saved').waitFor();
    expect(await item(page, 'P1').locator('input[value="2"]').isChecked()).toBe(true);

    // Offline again: rate and comment, then close the tab before the connection returns.
    await panelists.B2.context.setOffline(true);
    await rateByClick(page, 'P2', 6);
    await item(page, 'P2').getByRole('button', { name: 'Add a comment' }).click();
    await item(page, 'P2').getByLabel('Comment (optional)').fill('Depends on <b>who</b> holds the budget.');
    await item(page, 'P2').getByLabel('Comment (optional)').press('Tab');
    await item(page, 'P2').getByText('Kept on this device').waitFor();
    await page.close();
    await panelists.B2.context.setOffline(false);
    const again = await panelists.B2.context.newPage();
    again.setDefaultTimeout(10_000);
    panelists.B2.page = again;
    await again.goto(`${server.url}/panel`);
    // Everything is answered, so the page opens on the thank-you page.
    await again.getByRole('button', { name: 'Review my answers' }).click();
    await item(again, 'P2').locator('.save.saved').waitFor();
    await eventually(
      async () => ((await again.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('delphi.answers')))) ? undefined : true),
      5000,
      'the queue to empty',
    );

    const stored = await storedAnswers(again);
    expect(stored.P1).toMatchObject({ value: 2, cannotJudge: false, revision: 1 });
    expect(stored.P2).toMatchObject({ value: 6, comment: 'Depends on <b>who</b> holds the budget.', revision: 1 });
    expect(stored.K1).toMatchObject({ value: 8, revision: 1 });
  });

  it('shows panelist C the study in German, with a language switch', async () => {
    const page = await openPanelist('C3', { width: 1280, height: 900, locale: 'de-DE' });
    await page.goto(links.C3);
    await page.getByRole('heading', { name: 'Sie sind zu einem Expertenpanel eingeladen' }).waitFor();
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Beginnen' }).click();
    await page.getByLabel('Alle auf einer Seite').check();
    await page.getByText('Unklare Rollen nach der Integration schwächen das Vertrauen.').first().waitFor();
    await page.getByRole('heading', { name: 'Wissensasymmetrie' }).waitFor();

    await page.getByLabel('Sprache').selectOption('en');
    await page.getByText('Unclear roles after integration weaken trust.').first().waitFor();
    await page.getByText('How far do you agree?').first().waitFor();
    await page.getByLabel('Language').selectOption('de');
    await page.getByText('Wie sehr stimmen Sie zu?').first().waitFor();

    await rateByClick(page, 'K1', 9);
    await rateByClick(page, 'K2', 5);
    await rateByClick(page, 'P1', 'cannot-judge');
    await rateByClick(page, 'P2', 7);
    await item(page, 'P2').locator('.save.saved').waitFor();
    await expectAccessible(page, 'German list view');
    await screenshot(page, 'panel-07-german');
  });

  it('closes the round after a confirmation; every open panelist page shows the feedback within two seconds, without a reload', async () => {
    for (const { page } of Object.values(panelists)) await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await fac.getByRole('button', { name: 'Close round 1' }).click();
    const dialog = fac.getByRole('dialog', { name: 'Close round 1?' });
    await dialog.waitFor();
    const closed = fac.waitForResponse((r) => r.url().endsWith('/close') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Close round 1' }).click();
    expect((await closed).status()).toBe(200);
    const started = Date.now();
    await Promise.all(Object.values(panelists).map(({ page }) => page.locator('#between-title').waitFor({ timeout: 2000 })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2000);
    for (const { page } of Object.values(panelists)) {
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    }

    const a = panelists.A1.page;
    const k1 = item(a, 'K1');
    await k1.getByRole('img').waitFor();
    expect(await k1.getByRole('img').getAttribute('aria-label')).toContain('Your previous answer: 7.');
    await k1.getByText('Your answer: 7').waitFor();
    await expectAccessible(a, 'feedback between rounds');
    await screenshot(a, 'panel-08-feedback');
    // The comment is shown as text, never as markup.
    const b = panelists.B2.page;
    await item(b, 'P2').getByText('Comments from the panel (1)').click();
    await item(b, 'P2').getByText('Depends on <b>who</b> holds the budget.').waitFor();
    expect(await item(b, 'P2').locator('li b').count()).toBe(0);
    await screenshot(b, 'panel-09-feedback-360');
    await screenshot(panelists.C3.page, 'panel-10-feedback-german');
  });

  it('shows the results per item with the asymmetry view, small groups suppressed', async () => {
    await studyTab('Results');
    await fac.getByRole('heading', { name: 'Results', exact: true }).waitFor();
    const k1 = fac.locator('article[data-item="K1"]');
    await k1.getByText('Consensus: include').first().waitFor();
    await k1.getByText('By subgroup').waitFor();
    await k1
      .getByText(/Hidden to protect small groups/)
      .first()
      .waitFor();
    await expectAccessible(fac, 'results');
    await screenshot(fac, 'console-10-results');
  });

  it('plans round 2 with a rewording beside its comment, opens it, and the panel pages switch to it by themselves', async () => {
    await studyTab('Rounds');
    await fac.getByRole('link', { name: 'Plan round 2' }).click();
    await fac.getByRole('heading', { name: 'Plan round 2' }).waitFor();
    const p2 = fac.locator('article[data-item="P2"]');
    await p2.getByLabel('Reword', { exact: true }).check();
    await p2.getByLabel('New wording in English').fill('One partner’s agenda tends to dominate joint budgets.');
    await p2.getByLabel('Why reword it').fill('Panelists tied it to budgets');
    await p2.getByRole('checkbox', { name: /holds the budget/ }).check();
    const k1 = fac.locator('article[data-item="K1"]');
    expect(await k1.getByLabel(/Retire/).isChecked()).toBe(true);
    await expectAccessible(fac, 'next-round planner');
    await screenshot(fac, 'console-11-planner');
    await fac.getByRole('button', { name: 'Prepare round 2' }).click();
    await fac.getByRole('button', { name: 'Open round 2' }).click();
    await fac.getByRole('dialog', { name: 'Open round 2?' }).getByRole('button', { name: 'Open round 2' }).click();

    const a = panelists.A1.page;
    await a.getByRole('heading', { name: 'Round 2' }).waitFor({ timeout: 2000 });
    await screenshot(a, 'panel-11-round2-feedback');
    // Keep the previous answer, by keyboard.
    await tabTo(a, 'button.keep');
    await a.keyboard.press('Enter');
    await a.getByText('You kept your answer.').waitFor();
    await item(a, 'K2').locator('.save.saved').waitFor();
    await expectAccessible(a, 'round 2 with feedback');
    expect((await storedAnswers(a)).K2).toMatchObject({ value: 3, revision: 1 });
    await panelists.B2.page.getByRole('heading', { name: 'Round 2' }).waitFor({ timeout: 2000 });
    await screenshot(panelists.B2.page, 'panel-12-round2-360');
  });

  it('re-issues, revokes and withdraws from the panel page, each after a confirmation', async () => {
    await studyTab('Panel');
    const table = fac.getByRole('table', { name: 'Panelists and their status' });
    await fac.getByRole('button', { name: 'Issue a new link for A1' }).click();
    const reissue = fac.getByRole('dialog', { name: 'Issue a new link?' });
    await reissue.getByText('Their current link stops working').waitFor();
    await expectAccessible(fac, 'confirmation dialog');
    await reissue.getByRole('button', { name: 'Issue new link' }).click();
    await fac.getByRole('heading', { name: 'New invitation links (1)' }).waitFor();
    const fresh = (await fac.locator('code[data-link="A1"]').textContent())!.trim();
    expect(fresh).not.toBe(links.A1);
    const exchange = (link: string) =>
      fetch(`${server.url}/api/panelist/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: link.split('#')[1] }),
      });
    expect((await exchange(links.A1)).status).toBe(401);

    await fac.getByRole('button', { name: 'Revoke the link of A1' }).click();
    await fac.getByRole('dialog', { name: 'Revoke this link?' }).getByRole('button', { name: 'Revoke link' }).click();
    await table.getByRole('row', { name: /A1/ }).getByRole('cell', { name: 'None', exact: true }).waitFor();
    expect((await exchange(fresh)).status).toBe(401);

    await fac.getByRole('button', { name: 'Withdraw C3' }).click();
    const withdraw = fac.getByRole('dialog', { name: 'Withdraw this panelist?' });
    await withdraw.getByLabel(/^Reason/).fill('Changed jobs');
    await withdraw.getByRole('button', { name: 'Withdraw' }).click();
    await table.getByRole('row', { name: /C3/ }).getByText('Withdrawn').waitFor();
    await screenshot(fac, 'console-12-panel-managed');
  });

  it('closes the last round and ends the study; a panelist coming back sees that it has finished', async () => {
    await studyTab('Rounds');
    await fac.getByRole('button', { name: 'Close round 2' }).click();
    await fac.getByRole('dialog', { name: 'Close round 2?' }).getByRole('button', { name: 'Close round 2' }).click();
    await fac.getByRole('button', { name: 'End the study' }).click();
    const dialog = fac.getByRole('dialog', { name: 'End the study?' });
    await expectAccessible(fac, 'end the study');
    await dialog.getByRole('button', { name: 'End the study' }).click();
    await fac.getByText('This study has ended.').waitFor();
    await screenshot(fac, 'console-13-study-ended');
    const b = panelists.B2.page;
    await b.reload();
    await b.getByRole('heading', { name: 'The study has ended — thank you' }).waitFor();
    await expectAccessible(b, 'study ended');
    await screenshot(b, 'panel-13-study-ended-360');
  });
});
