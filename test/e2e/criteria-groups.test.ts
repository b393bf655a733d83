/**
 * Subgroups compared on each criterion, in the console (issue 15): a study rated on two criteria
 * by twelve panelists, six operational and six strategic (k = 5). S1: everyone rates resonance 8;
 * on importance strategic staff rate 9 and operational staff 2 (scipy 1.17 mannwhitneyu: p
 * 0.00126, Holm over the two items 0.0025). S2: as S1 on resonance, importance 8, but two
 * operational panelists skip importance, leaving four operational answers there: that group (and
 * so the other) is hidden on both criteria. Every group's verdict is consensus, so S1's groups diverge on
 * importance alone. The facilitator opens the results by keyboard alone, on a desktop screen and
 * at 360 px; each criterion's comparison is labelled with it; axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiCall, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type SignedInConsole } from './harness';

const RESONANCE = 'This asymmetry resonates with my experience';
const IMPORTANCE = 'Reducing it matters for integrated care';
const HIDDEN = 'Hidden to protect small groups (k = 5)';

let ctx: SignedInConsole;
let studyId: number;
let phone: Page | undefined;

async function expectAccessible(page: Page, where: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** One criterion's subgroup view of one item, found by the label that names the criterion. */
const bySubgroup = (page: Page, code: string, label: string): Locator =>
  page.locator(`article[data-item="${code}"]`).getByRole('region', { name: `The same item by subgroup: ${label}`, exact: true });
const group = (view: Locator, name: string): Locator => view.locator('.group').filter({ has: view.page().getByText(name, { exact: true }) });

/** Opens the results from the study's overview by keyboard alone: Tab to the Results tab, Enter. */
async function openResultsByKeyboard(page: Page): Promise<void> {
  await page.goto(`${ctx.server.url}/studies/${studyId}/details`);
  await page.getByRole('heading', { name: 'Integration asymmetries', level: 1 }).waitFor();
  await tabTo(page, `nav a[href$="/studies/${studyId}/results"]`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
  await page.locator('article[data-item="S2"]').waitFor();
}

/** What each criterion's comparison shows on both items: the test, its p, each group's n and median, the hidden group. */
async function expectComparisons(page: Page): Promise<void> {
  const s1Resonance = bySubgroup(page, 'S1', RESONANCE);
  const s1Importance = bySubgroup(page, 'S1', IMPORTANCE);
  await expect.poll(() => s1Resonance.locator('.dim-head').innerText()).toMatch(/^Role level\s+Mann–Whitney, adjusted p = 1\.000$/);
  await expect.poll(() => s1Importance.locator('.dim-head').innerText()).toMatch(/^Role level\s+Groups diverge\s+Mann–Whitney, adjusted p = 0\.003$/);
  for (const [view, operational, strategic] of [
    [s1Resonance, 'n 6 · median 8 · IQR 0', 'n 6 · median 8 · IQR 0'],
    [s1Importance, 'n 6 · median 2 · IQR 0', 'n 6 · median 9 · IQR 0'],
  ] as const) {
    expect(await group(view, 'operational').locator('.facts').innerText()).toBe(operational);
    expect(await group(view, 'strategic').locator('.facts').innerText()).toBe(strategic);
    expect(await view.isVisible()).toBe(true);
  }
  // S2: four operational answers on importance hide that group on both criteria, and the test with
  // it; the strategic group goes too, since the item's totals less it would give the hidden one away.
  for (const label of [RESONANCE, IMPORTANCE]) {
    const view = bySubgroup(page, 'S2', label);
    expect(await view.locator('.group .name').allInnerTexts(), label).toEqual(['operational', 'strategic']);
    expect(await view.locator('.group .suppressed').allInnerTexts(), label).toEqual([HIDDEN, HIDDEN]);
    expect(await view.locator('.facts').count(), label).toBe(0);
    expect(await view.innerText(), label).not.toContain('adjusted p');
  }
}

beforeAll(async () => {
  ctx = await signedInConsole('groups@example.org', 'seven groups by the river Tay');
  const { fac } = ctx;
  const study = await apiCall<{ id: number }>(fac, 'POST', '/studies', {
    title: 'Integration asymmetries',
    aim: 'To see where roles differ.',
    languages: ['en'],
    attributes: [{ name: 'role_level', label: 'Role level', values: ['operational', 'strategic'] }],
    scale: { min: 1, max: 9 },
    minGroupSize: 5,
    criteria: [
      { code: 'resonance', labels: { en: RESONANCE }, scale: { min: 1, max: 9, cannotJudge: true, labels: {} } },
      { code: 'importance', labels: { en: IMPORTANCE }, scale: { min: 1, max: 9, cannotJudge: true, labels: {} } },
    ],
    protocol: {
      bands: { agree: [7, 9], disagree: [1, 3] },
      // Every group reaches the same verdict, so on S1 only the importance test sets the groups apart.
      rules: [{ outcome: 'consensus_in', when: 'resonance.pct_agree >= 70' }],
      stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
    },
  });
  studyId = study.id;
  await apiCall(fac, 'POST', `/studies/${studyId}/items`, { code: 'S1', texts: { en: 'Partners share their budgets openly.' } });
  await apiCall(fac, 'POST', `/studies/${studyId}/items`, { code: 'S2', texts: { en: 'Staff can reach the partner’s decision makers.' } });
  const rows = Array.from({ length: 12 }, (_, p) => `P${p},p${p}@example.org,en,${p % 2 ? 'strategic' : 'operational'}`);
  const { invitations } = await apiCall<{ invitations: { link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, {
    csv: ['code,email,language,role_level', ...rows].join('\n'),
  });
  const round = await apiCall<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {});
  await apiCall(fac, 'POST', `/rounds/${round.id}/open`);
  for (const [p, { link }] of invitations.entries()) {
    const page = await (await ctx.browser.newContext()).newPage();
    await page.goto(`${ctx.server.url}/panel`);
    await apiCall(page, 'POST', '/panelist/session', { token: new URL(link).hash.slice(1) });
    const { items } = await apiCall<{ items: { itemVersionId: number }[] }>(page, 'GET', '/panelist/round');
    const [s1, s2] = items.map((i) => i.itemVersionId);
    const operational = p % 2 === 0;
    const put = (version: number, criterion: string, value: number) => apiCall(page, 'PUT', `/panelist/answers/${version}`, { value, criterion });
    await put(s1, 'resonance', 8);
    await put(s1, 'importance', operational ? 2 : 9);
    await put(s2, 'resonance', 8);
    if (p !== 0 && p !== 2) await put(s2, 'importance', 8);
    await page.context().close();
  }
  await apiCall(fac, 'POST', `/rounds/${round.id}/close`);
});

afterAll(async () => {
  await ctx?.browser.close();
  await ctx?.server.stop();
});

describe('the subgroup view of a study rated on two criteria, in the console', () => {
  stopAtFirstFailure(() => ({ desktop: ctx.fac, phone }), 'failure-criteria-groups');

  it('shows each criterion’s comparison under its name on a desktop screen, and filters the items whose groups diverge on any criterion', async () => {
    const { fac } = ctx;
    await openResultsByKeyboard(fac);
    await expectComparisons(fac);
    await expectAccessible(fac, 'subgroups per criterion, desktop');
    await screenshot(fac, 'criteria-groups-00-desktop');

    // Groups diverge on S1's importance only (S1's resonance and S2 show no difference): the filter keeps S1.
    await tabTo(fac, 'input[type=checkbox]');
    expect(await fac.evaluate(() => document.activeElement?.closest('label')?.textContent?.trim())).toBe('Only items where groups diverge');
    await fac.keyboard.press('Space');
    await fac.locator('article[data-item="S2"]').waitFor({ state: 'detached' });
    expect(await fac.locator('article[data-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-item')))).toEqual(['S1']);
    await fac.keyboard.press('Space');
    await fac.locator('article[data-item="S2"]').waitFor();
  });

  it('shows the same at 360 px, every comparison within the screen', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 360, height: 740 }, storageState: await ctx.fac.context().storageState() });
    phone = await context.newPage();
    phone.setDefaultTimeout(10_000);
    await openResultsByKeyboard(phone);
    await expectComparisons(phone);
    for (const code of ['S1', 'S2'])
      for (const label of [RESONANCE, IMPORTANCE]) {
        const box = await bySubgroup(phone, code, label).boundingBox();
        expect(box!.x >= 0 && box!.x + box!.width <= 360, `${code} ${label}: ${JSON.stringify(box)}`).toBe(true);
      }
    await expectAccessible(phone, 'subgroups per criterion, 360 px');
    await screenshot(phone, 'criteria-groups-01-phone');
  });
});
