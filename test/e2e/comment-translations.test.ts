/**
 * Comments across languages in the browser: German panelists comment, the study team exports the
 * comments for translation as XLIFF from the console, imports the Polish translation through the
 * console, and a Polish-speaking panelist reads it marked as translated, with the original one
 * click away. The page is located by `lang` attributes and roles, not by wording, so the test holds
 * whichever catalogue the panelist app shows Polish panelists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { answerAsPanelist, apiCall, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type TestServer } from './harness';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a quiet evening on the Vistula';
const GERMAN = 'Ohne gemeinsame Haushaltsführung bleibt Vertrauen eine Absichtserklärung.';
const POLISH = 'Bez wspólnego zarządzania budżetem zaufanie pozostaje deklaracją.';

let server: TestServer;
let browser: Browser;
let fac: Page;
let polish: Page;
let studyId: number;
let roundId: number;
const links: Record<string, string> = {};

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

const ok = apiCall;
const answerAs = (code: string, comment: string | null) => answerAsPanelist(browser, server.url, links[code], 8, comment);

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD, { acceptDownloads: true }));
  studyId = (
    await ok<{ id: number }>(fac, 'POST', '/studies', {
      title: 'Grenzüberschreitende Pflege',
      languages: ['de', 'pl'],
      scale: { min: 1, max: 9 },
      minGroupSize: 3,
    })
  ).id;
  await ok(fac, 'POST', `/studies/${studyId}/items`, {
    code: 'S1',
    texts: { de: 'Gemeinsame Budgets stärken Vertrauen.', pl: 'Wspólne budżety wzmacniają zaufanie.' },
  });
  const csv = ['code,email,language', 'D1,,de', 'D2,,de', 'D3,,de', 'P1,,pl'].join('\n');
  const { invitations } = await ok<{ invitations: { code: string; link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, { csv });
  for (const i of invitations) links[i.code] = i.link;
  roundId = (await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {})).id;
  await ok(fac, 'POST', `/rounds/${roundId}/open`);
  await answerAs('D1', GERMAN);
  await answerAs('D2', null);
  await answerAs('D3', null);
  await answerAs('P1', null);
  await ok(fac, 'POST', `/rounds/${roundId}/close`);
  polish = await (await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'pl-PL' })).newPage();
  polish.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a German comment translated into Polish through XLIFF', () => {
  stopAtFirstFailure(() => ({ facilitator: fac, polish }), 'failure-translations');

  it('exports the untranslated comment from the console as XLIFF and imports the Polish translation', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/rounds/${roundId}`);
    const section = fac.getByRole('region', { name: 'Comments and translations' });
    await section.locator('[lang="de"]', { hasText: GERMAN }).waitFor();
    expect(await section.getByLabel('Translate into').inputValue()).toBe('pl');
    const href = (await section.getByRole('link', { name: 'Export as XLIFF' }).getAttribute('href'))!;
    const xliff = await fac.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(xliff).toContain('source-language="de" target-language="pl"');
    expect(xliff).not.toMatch(/D1|P1/);
    const translated = xliff.replace('<target xml:lang="pl"></target>', `<target xml:lang="pl">${POLISH}</target>`);
    await section.getByLabel(/Translated file/).setInputFiles({ name: 'comments-pl.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(translated) });
    await section.getByRole('button', { name: 'Import translations' }).click();
    await section.getByRole('status').filter({ hasText: '1 translation imported' }).waitFor();
    await section.locator('[lang="pl"]', { hasText: POLISH }).waitFor();
    await expectAccessible(fac, 'console comments and translations');
    await screenshot(fac, 'translations-01-console');
  });

  it('shows the Polish panelist the translation, marked, with the German original one click away', async () => {
    await polish.goto(links.P1);
    await polish.locator('input[type=checkbox]').check();
    await polish.locator('button[type=submit]').click();
    await polish.locator('#between-title').waitFor();
    await polish.locator('details summary').first().click();
    const comment = polish.locator('.comments li').first();
    await comment.locator('[lang="pl"]', { hasText: POLISH }).waitFor();
    expect(await comment.locator('[lang="de"]').count()).toBe(0);
    const toggle = comment.getByRole('button');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await expectAccessible(polish, 'panelist feedback with a translated comment');
    await toggle.click();
    await comment.locator('blockquote[lang="de"]', { hasText: GERMAN }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // At 360 px the comment, its note and the original stay inside the page.
    expect(await polish.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(polish, 'panelist feedback with the original shown');
    await screenshot(polish, 'translations-02-panelist-360');
  });
});
