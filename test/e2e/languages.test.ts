/**
 * Every language through the browser: a facilitator switches the console to German (and finds it
 * German again after a reload), opens and closes a round while panelists in Polish and Italian
 * answer on 360 px phones; then every console page and panelist page is checked at 360 px in each
 * of the six languages, with German compound words in the items: no horizontal overflow, axe
 * clean, and a screenshot per language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { UI_LANGUAGES } from '../../api/contract/languages';
import { eventually, openPage, screenshot, seriousA11yViolations, serverAndBrowser, stopAtFirstFailure, type TestServer } from './harness';

const EMAIL = 'moderation@example.org';
const PASSWORD = 'Donaudampfschifffahrt im Herbst';
const LANGS = ['de', 'pl', 'it', 'en', 'fr', 'es'] as const;
// Long German compounds, as real German item texts have them.
const LONG = 'Die Gesundheitsversorgungsstrukturweiterentwicklungsgesetzgebung überfordert Kinder- und Jugendhilfeeinrichtungsträgerverbände.';
const TEXTS: Record<(typeof LANGS)[number], [string, string]> = {
  de: [LONG, 'Datenschutzfolgenabschätzungsverfahren verzögern Krankenhausinformationssystemeinführungen.'],
  pl: ['Niejasne role po integracji osłabiają zaufanie.', 'Partnerzy nie widzą nawzajem swojej wiedzy.'],
  it: ['Ruoli poco chiari dopo l’integrazione indeboliscono la fiducia.', 'I partner non vedono le competenze gli uni degli altri.'],
  en: ['Unclear roles after integration weaken trust.', 'Partners cannot see each other’s expertise.'],
  fr: ['Des rôles flous après l’intégration affaiblissent la confiance.', 'Les partenaires ne voient pas l’expertise des autres.'],
  es: ['Los roles poco claros tras la integración debilitan la confianza.', 'Los socios no ven la experiencia de los demás.'],
};
const CODE = { de: 'D1', pl: 'P1', it: 'I1', en: 'E1', fr: 'F1', es: 'S1' } as const;

/** What the Polish and Italian panelist pages say, as their catalogues say it. */
const PANELIST_WORDS = {
  pl: { invite: 'Zapraszamy do panelu ekspertów', start: 'Zaczynam' },
  it: { invite: 'È invitata/o a un panel di esperti', start: 'Inizia' },
} as const;

let server: TestServer;
let browser: Browser;
let fac: Page;
let studyId: number;
let roundId: number;
const links: Record<string, string> = {};
const phones: Record<string, Page> = {};

async function apiAs(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return { json: (await res.json()) as never, setCookie: res.headers.get('set-cookie') ?? '' };
}
const cookieOf = (setCookie: string) => /delphi_facilitator=[^;]+/.exec(setCookie)![0];

/** Fails with the elements that stick out when the page is wider than its viewport. */
async function expectNoOverflow(page: Page, where: string) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return (
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null)
        // What a scrolling box holds is not the culprit: the box is.
        .filter((el) => {
          for (let p = el.parentElement; p; p = p.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false;
          return true;
        })
        .slice(0, 8)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}#${el.id}.${el.className}: ${Math.round(el.getBoundingClientRect().right)} px "${(el.textContent ?? '').slice(0, 60)}"`,
        )
    );
  });
  expect(wide, `${where} is wider than ${page.viewportSize()?.width} px:\n${wide.join('\n')}`).toEqual([]);
}

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

/** Holds a page to the rules at 360 px and keeps its picture. */
async function check(page: Page, where: string, shot: string) {
  await expectNoOverflow(page, where);
  await expectAccessible(page, where);
  await screenshot(page, shot);
}

async function phone(lang: string): Promise<Page> {
  const page = await openPage(browser, lang, { viewport: { width: 360, height: 740 }, locale: lang });
  phones[lang] = page;
  return page;
}

beforeAll(async () => {
  const started = await serverAndBrowser(EMAIL);
  ({ server, browser } = started);
  const oneTime = started.oneTimePassword;
  // The study is set up through the API: the console's own pages are the subject further down.
  const first = cookieOf((await apiAs('', 'POST', '/auth/sign-in', { email: EMAIL, password: oneTime })).setCookie);
  const changed = await apiAs(first, 'POST', '/auth/password', { currentPassword: oneTime, newPassword: PASSWORD });
  const cookie = cookieOf(changed.setCookie);
  const study = (
    await apiAs(cookie, 'POST', '/studies', {
      title: 'Vertrauen zwischen Partnerorganisationen',
      aim: LONG,
      languages: [...LANGS],
      scale: { min: 1, max: 9, cannotJudge: true, labels: {} },
    })
  ).json as {
    id: number;
  };
  studyId = study.id;
  const items = ['code,' + LANGS.map((l) => `text_${l}`).join(','), ...[0, 1].map((i) => `K${i + 1},` + LANGS.map((l) => `"${TEXTS[l][i]}"`).join(','))];
  await apiAs(cookie, 'POST', `/studies/${studyId}/items/import`, { csv: items.join('\n') });
  const panel = ['code,email,language', ...LANGS.map((l) => `${CODE[l]},${l}@example.org,${l}`)].join('\n');
  const { invitations } = (await apiAs(cookie, 'POST', `/studies/${studyId}/panelists/import`, { csv: panel })).json as {
    invitations: { code: string; link: string }[];
  };
  for (const inv of invitations) links[inv.code] = inv.link;
  roundId = ((await apiAs(cookie, 'POST', `/studies/${studyId}/rounds`, { kind: 'rating' })).json as { id: number }).id;

  fac = await openPage(browser, 'facilitator', { viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the service in six languages', () => {
  stopAtFirstFailure(() => ({ facilitator: fac, ...phones }), 'languages-failure');

  it('lets a facilitator switch the console to German and remembers it after a reload', async () => {
    await fac.goto(`${server.url}/sign-in`);
    await fac.getByLabel('E-mail').fill(EMAIL);
    await fac.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await fac.getByRole('button', { name: 'Sign in' }).click();
    await fac.getByRole('heading', { name: 'Your studies' }).waitFor();
    await fac.getByLabel('Console language').selectOption('de');
    await fac.getByRole('heading', { name: 'Ihre Studien' }).waitFor();
    expect(await fac.evaluate(() => document.documentElement.lang)).toBe('de');
    await fac.reload();
    await fac.getByRole('heading', { name: 'Ihre Studien' }).waitFor();
    await fac.getByRole('button', { name: 'Abmelden' }).waitFor();
  });

  it('opens round 1 in German', async () => {
    await fac.getByRole('link', { name: 'Vertrauen zwischen Partnerorganisationen' }).click();
    await fac.getByRole('navigation', { name: 'Bereiche der Studie' }).getByRole('link', { name: 'Runden', exact: true }).click();
    await fac.getByRole('button', { name: 'Runde 1 öffnen' }).click();
    const dialog = fac.getByRole('dialog', { name: 'Runde 1 öffnen?' });
    await dialog.getByText('Panelmitglieder mit Link können die 2 Aussagen dieser Runde beantworten').waitFor();
    await expectAccessible(fac, 'German open-round dialog');
    await dialog.getByRole('button', { name: 'Runde 1 öffnen' }).click();
    await fac.getByRole('cell', { name: 'Geöffnet', exact: true }).waitFor();
    await fac.getByRole('link', { name: 'Live-Übersicht' }).click();
    await fac.getByText('von 6 haben geantwortet').waitFor();
  });

  for (const lang of ['pl', 'it'] as const) {
    it(`lets the ${lang === 'pl' ? 'Polish' : 'Italian'} panelist answer on a 360 px phone`, async () => {
      const page = await phone(lang);
      const words = PANELIST_WORDS[lang];
      await page.goto(links[CODE[lang]]);
      await page.getByRole('heading', { name: words.invite }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await check(page, `${lang} invitation`, `languages-panel-${lang}-01-invitation-360`);
      await page.getByRole('checkbox').check();
      await page.getByRole('button', { name: words.start }).click();
      for (const [i, value] of [7, 3].entries()) {
        const card = page.locator(`article[data-item="K${i + 1}"]`);
        await card.getByText(TEXTS[lang][i]).first().waitFor();
        if (i === 0) await check(page, `${lang} rating page`, `languages-panel-${lang}-02-rating-360`);
        await card.locator(`input[type=radio][value="${value}"]`).check();
        await card.locator('.save.saved').waitFor();
        await page.locator('nav.pager button.btn:not(.secondary)').click();
      }
      const end = lang === 'pl' ? 'Dziękujemy — wszystkie odpowiedzi są zapisane' : 'Grazie: tutte le sue risposte sono salvate';
      await page.getByRole('heading', { name: end }).waitFor();
      // "You answered all 2 statements", in the language's own plural.
      await page.getByText(lang === 'pl' ? 'Odpowiedziano na wszystkie 2 stwierdzenia.' : 'Ha risposto a tutte le 2 affermazioni.').waitFor();
      await check(page, `${lang} end page`, `languages-panel-${lang}-03-end-360`);
    });
  }

  it('shows the German dashboard the answers, closes the round, and both phones show the feedback by themselves', async () => {
    await eventually(async () => ((await fac.locator('.tile .big').first().textContent())?.trim() === '2' ? true : undefined), 10_000, 'two answers');
    await fac.getByRole('button', { name: 'Runde 1 schließen' }).click();
    const dialog = fac.getByRole('dialog', { name: 'Runde 1 schließen?' });
    await dialog.getByRole('button', { name: 'Runde 1 schließen' }).click();
    await fac.getByText('endgültig, beim Schließen eingefroren').waitFor();
    await expectAccessible(fac, 'German round results');
    await screenshot(fac, 'languages-console-de-round-results');
    await phones.pl.getByRole('heading', { name: 'Runda 1 została zamknięta' }).waitFor();
    await phones.it.getByRole('heading', { name: 'Il round 1 è chiuso' }).waitFor();
    for (const lang of ['pl', 'it'] as const) await check(phones[lang], `${lang} feedback`, `languages-panel-${lang}-04-feedback-360`);
  });

  it.each(['de', 'en', 'fr', 'es'] as const)('shows the %s panelist the invitation at 360 px without overflow', async (lang) => {
    const page = await phone(lang);
    await page.goto(links[CODE[lang]]);
    await page.locator('main h1').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    await check(page, `${lang} invitation`, `languages-panel-${lang}-01-invitation-360`);
  });

  it.each(UI_LANGUAGES)('holds every console page at 360 px in %s', async (lang) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: lang });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    phones[`console-${lang}`] = page;
    await page.goto(`${server.url}/sign-in`);
    await page.locator('#email').fill(EMAIL);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${server.url}/studies`);
    const stored = await page.evaluate(async (l) => {
      const res = await fetch('/api/auth/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: l }) });
      return ((await res.json()) as { language: string }).language;
    }, lang);
    expect(stored).toBe(lang);
    for (const [name, path] of [
      ['studies', '/studies'],
      ['details', `/studies/${studyId}/details`],
      ['items', `/studies/${studyId}/items`],
      ['panel', `/studies/${studyId}/panel`],
      ['rounds', `/studies/${studyId}/rounds`],
      ['results', `/studies/${studyId}/rounds/${roundId}`],
      ['email', `/studies/${studyId}/email`],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1, main h2').first().waitFor();
      await page
        .locator('main p.muted', { hasText: /…$/ })
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      expect(await page.evaluate(() => document.documentElement.lang), path).toBe(lang);
      await check(page, `console ${name} in ${lang}`, `languages-console-${lang}-${name}-360`);
    }
    await context.close();
    delete phones[`console-${lang}`];
  });
});
