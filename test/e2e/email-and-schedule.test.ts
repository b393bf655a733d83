/**
 * E-mail and scheduling through the browser, on a server without SMTP (as the e2e server always
 * runs): the panelist's welcome read before the invitation is used, the reminders switch and the
 * e-mail opt-out link, and the console's e-mail page, templates, round schedule and reminders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type TestServer } from './harness';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a quiet evening by the Loire';
const AIM = 'To agree which signs of burnout a team lead should act on first.';

let server: TestServer;
let browser: Browser;
let fac: Page;
let panelist: { context: BrowserContext; page: Page };
let studyId: number;
let roundId: number;
let token: string;

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

/** Calls the API with the page's cookies, as the page itself would. */
async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(`/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

async function ok<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const res = await call<T>(page, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const studyTab = (name: string) => fac.getByRole('navigation', { name: 'Study sections' }).getByRole('link', { name, exact: true }).click();
const reminders = async () => (await ok<{ panelist: { reminders: boolean } }>(panelist.page, 'GET', '/panelist/me')).panelist.reminders;

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD));
  const study = await ok<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Burnout signals',
    aim: AIM,
    languages: ['en'],
    scale: { min: 1, max: 9 },
    minGroupSize: 4,
  });
  studyId = study.id;
  await ok(fac, 'POST', `/studies/${studyId}/items`, { code: 'S1', texts: { en: 'Working late most evenings.' } });
  const invitation = await ok<{ link: string }>(fac, 'POST', `/studies/${studyId}/panelists`, { code: 'P1', email: 'p1@example.org' });
  token = invitation.link.split('#')[1];
  roundId = (await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {})).id;

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  panelist = { context, page: await context.newPage() };
  panelist.page.setDefaultTimeout(10_000);
  panelist.page.on('pageerror', (e) => console.error('[panelist] page error:', e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('e-mail and schedules in the browser', () => {
  stopAtFirstFailure(() => ({ facilitator: fac, panelist: panelist?.page }), 'failure-email');

  it('shows the panelist the study’s aim, k and consent before the invitation is used, with no session cookie', async () => {
    const { page, context } = panelist;
    await page.goto(`${server.url}/join#${token}`);
    await page.getByRole('heading', { name: 'You are invited to an expert panel' }).waitFor();
    await page.getByText(AIM).waitFor();
    await page.getByText('at least 4 panelists have answered').waitFor();
    await page.getByText('About 15 minutes per round').waitFor();
    expect(await context.cookies()).toEqual([]);
    const before = await ok<{ code: string; status: string }[]>(fac, 'GET', `/studies/${studyId}/panelists`);
    expect(before.find((p) => p.code === 'P1')?.status).toBe('invited');
    expect(await page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'invitation welcome');
    await screenshot(page, 'email-01-panel-welcome');

    await page.getByRole('checkbox', { name: /I agree to take part/ }).check();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'The first round has not opened yet.' }).waitFor();
    expect(page.url()).toBe(`${server.url}/panel`);
    expect((await context.cookies()).length).toBeGreaterThan(0);
  });

  it('turns e-mail reminders off and on again from the panelist’s page', async () => {
    const { page } = panelist;
    const toggle = page.getByRole('switch', { name: /E-mail reminders/ });
    expect(await toggle.isChecked()).toBe(true);
    expect(await reminders()).toBe(true);
    await toggle.uncheck();
    await page.getByText('E-mail reminders: off').waitFor();
    expect(await reminders()).toBe(false);
    await expectAccessible(page, 'reminders off');
    await screenshot(page, 'email-02-panel-reminders-off');

    await page.reload();
    expect(await page.getByRole('switch', { name: /E-mail reminders/ }).isChecked()).toBe(false);
    await page.getByRole('switch', { name: /E-mail reminders/ }).check();
    await page.getByText('E-mail reminders: on').waitFor();
    expect(await reminders()).toBe(true);
  });

  it('turns reminders off from an e-mail’s opt-out link and offers the way on to the study', async () => {
    const { page } = panelist;
    await page.goto(`${server.url}/join?reminders=off#${token}`);
    await page.getByRole('heading', { name: 'You will get no more reminders' }).waitFor();
    expect(await reminders()).toBe(false);
    await expectAccessible(page, 'opt-out confirmation');
    await screenshot(page, 'email-03-panel-opted-out');

    await page.getByRole('button', { name: 'Continue to the study' }).click();
    await page.getByText(AIM).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('tells the facilitator plainly that e-mail is off, where links are shown and on the E-mail page', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/panel`);
    await fac.getByRole('heading', { name: 'Panel', exact: true }).waitFor();
    await fac.getByText('E-mail is off on this server, so send these links yourself').waitFor();
    await expectAccessible(fac, 'panel with e-mail off');

    await studyTab('E-mail');
    await fac.getByRole('heading', { name: 'E-mail', level: 2 }).waitFor();
    await fac.getByText('E-mail is off on this server').first().waitFor();
    expect(await fac.getByRole('button', { name: 'E-mail invitations' }).isDisabled()).toBe(true);
    await fac.getByText('No e-mail has been sent for this study yet.').waitFor();
    await expectAccessible(fac, 'e-mail page');
    await screenshot(fac, 'email-04-console-email-off');
  });

  it('refuses an unknown placeholder in a template, with the message at the field', async () => {
    const wording = fac.getByRole('region', { name: 'E-mail wording' });
    await wording.getByLabel('E-mail', { exact: true }).selectOption('reminder');
    const body = wording.getByLabel('Text', { exact: true });
    await body.fill('Hello {{first_name}}, round {{round_number}} closes soon: {{link}}');
    await wording.getByRole('button', { name: 'Save wording' }).click();
    const error = fac.locator('#tpl-body-error');
    await error.getByText('Unknown placeholder {{first_name}}').waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    expect(await body.getAttribute('aria-describedby')).toContain('tpl-body-error');
    await expectAccessible(fac, 'template with an error');
    await screenshot(fac, 'email-05-console-template-error');

    await body.fill('Round {{round_number}} of {{study_title}} closes on {{closes_at}}: {{link}}\nNo more reminders: {{opt_out_link}}');
    await wording.getByRole('button', { name: 'Save wording' }).click();
    await wording.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await wording.getByText(/^Your wording, saved/).waitFor();
    await wording.getByRole('button', { name: 'Use the standard wording' }).click();
    await wording.getByRole('status').filter({ hasText: 'Back to the standard wording.' }).waitFor();
  });

  it('sets the study’s time zone in the details', async () => {
    await studyTab('Details');
    await fac.getByLabel('Time zone').fill('Europe/Paris');
    await fac.getByRole('button', { name: 'Save details' }).click();
    await fac.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await ok<{ timeZone: string }>(fac, 'GET', `/studies/${studyId}`)).timeZone).toBe('Europe/Paris');
  });

  it('saves a round’s schedule in the study’s time zone', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/rounds/${roundId}`);
    const schedule = fac.getByRole('region', { name: 'Schedule' });
    await schedule.getByText('Europe/Paris').waitFor();
    await schedule.getByLabel('Opens at').fill('2030-03-02T09:00');
    await schedule.getByLabel('Closes at').fill('2030-03-01T17:00');
    await schedule.getByLabel('Reminders, days before the close').fill('2, 7');
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByText('The round must close after it opens.').waitFor();

    await schedule.getByLabel('Closes at').fill('2030-03-16T17:00');
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByRole('status').filter({ hasText: 'Schedule saved.' }).waitFor();
    const saved = await ok<{ opensAt: string; closesAt: string; timeZone: string; reminders: { daysBeforeClose: number }[] }>(
      fac,
      'GET',
      `/rounds/${roundId}/schedule`,
    );
    expect(saved).toMatchObject({ opensAt: '2030-03-02T08:00:00.000Z', closesAt: '2030-03-16T16:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(saved.reminders.map((r) => r.daysBeforeClose).sort()).toEqual([2, 7]);
    await schedule.getByText('7 days before:').waitFor();
    // The form shows the saved times back in the study's zone, whatever the browser's.
    expect(await schedule.getByLabel('Closes at').inputValue()).toBe('2030-03-16T17:00');
    await expectAccessible(fac, 'round schedule');
    await screenshot(fac, 'email-06-console-schedule');
  });

  it('explains why “remind those who have not answered” is off, and shows response and reminders per group', async () => {
    await fac.getByRole('button', { name: 'Open round 1' }).click();
    await fac.getByRole('dialog', { name: 'Open round 1?' }).getByRole('button', { name: 'Open round 1' }).click();
    const remind = fac.getByRole('button', { name: 'Remind those who have not answered' });
    await remind.waitFor();
    expect(await remind.isDisabled()).toBe(true);
    await fac.locator('#remind-off').getByText('E-mail is off on this server').waitFor();
    await fac.getByRole('heading', { name: 'Reminders and response' }).waitFor();
    await fac.getByText('0 reminders sent to 0 panelists').waitFor();
    await expectAccessible(fac, 'live dashboard with reminders');
    await screenshot(fac, 'email-07-console-live-reminders');
  });
});
