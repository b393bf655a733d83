/**
 * Relations (Delphi–DEMATEL) in the facilitator's console: a relations question added to a draft
 * round by keyboard alone, and on the demo study's closed relations round both influence-map
 * pictures for the panel and each group, read from the SVG in the page, redrawn when the
 * facilitator sets a threshold. Axe clean throughout.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiCall, ROOT, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type SignedInConsole } from './harness';

const TEXTS = ['Role ambiguity', 'Information asymmetry about expertise', 'Capacity imbalance', 'Power distance'];
let c: SignedInConsole;
let fac: Page;

beforeAll(async () => {
  c = await signedInConsole('relations@example.org', 'a long relations password');
  fac = c.fac;
}, 180_000);

afterAll(async () => {
  await c?.browser.close();
  await c?.server.stop();
});

stopAtFirstFailure(() => ({ facilitator: fac }), 'relations-console');

/** Focuses a control and presses a key, as someone moving through the form by keyboard does. */
async function press(page: Page, locator: ReturnType<Page['locator']>, key: string) {
  await locator.focus();
  await page.keyboard.press(key);
}

describe('relations in the console', () => {
  it('adds a relations question to a draft round by keyboard, after a server refusal that names the problem', async () => {
    const study = await apiCall<{ id: number }>(fac, 'POST', '/studies', {
      title: 'Asymmetries',
      languages: ['en'],
      scale: { min: 1, max: 9, cannotJudge: true, labels: {} },
    });
    const csv = ['code,text_en', ...TEXTS.map((text, i) => `A${i + 1},"${text}"`)].join('\n');
    await apiCall(fac, 'POST', `/studies/${study.id}/items/import`, { csv });
    const round = await apiCall<{ id: number }>(fac, 'POST', `/studies/${study.id}/rounds`, {});
    await fac.goto(`${c.server.url}/studies/${study.id}/rounds/${round.id}`);
    const form = fac.locator('form.relations-editor');
    await form.getByRole('group', { name: 'Elements (3 to 12 items or categories)' }).waitFor();
    const element = (code: string, i: number) => form.getByRole('checkbox', { name: `${code}: ${TEXTS[i]}` });
    const submit = form.getByRole('button', { name: 'Add a relations question' });

    // Two elements are too few: the server's refusal is shown as it names the cause.
    await press(fac, element('A1', 0), 'Space');
    await press(fac, element('A2', 1), 'Space');
    await press(fac, submit, 'Enter');
    await form.getByRole('alert').filter({ hasText: 'needs 3 to 12 elements, got 2' }).waitFor();

    await press(fac, element('A4', 3), 'Space');
    await press(fac, form.getByRole('checkbox', { name: /Ask only the pairs I choose/ }), 'Space');
    await press(fac, form.getByRole('checkbox', { name: 'Ask whether A4 influences A1' }), 'Space');
    await press(fac, form.getByRole('checkbox', { name: 'Ask whether A1 influences A4' }), 'Space');
    await form.getByRole('textbox', { name: 'Instructions for panelists (en)' }).focus();
    await fac.keyboard.type('How strongly does the first directly influence the second?');
    expect(await form.getByRole('textbox', { name: '4' }).inputValue()).toBe('Very high');
    expect(await seriousA11yViolations(fac)).toEqual([]);
    await press(fac, submit, 'Enter');
    await fac.getByText('Relations between 3 elements (2 pairs)').waitFor();

    const [block] = await apiCall<{ kind: string; config: Record<string, unknown>; instructions: Record<string, string> }[]>(
      fac,
      'GET',
      `/rounds/${round.id}/blocks`,
    );
    expect(block.kind).toBe('relations');
    expect(block.config).toMatchObject({
      elements: [{ code: 'A1' }, { code: 'A2' }, { code: 'A4' }],
      pairs: [
        ['A1', 'A4'],
        ['A4', 'A1'],
      ],
      labels: { en: ['No influence', 'Low', 'Medium', 'High', 'Very high'] },
      cannotJudge: true,
    });
    expect(block.instructions).toEqual({ en: 'How strongly does the first directly influence the second?' });
    await screenshot(fac, 'relations-console-01-editor');

    // Changed while the round is a draft: one pair fewer, "cannot judge" off.
    await press(fac, fac.getByRole('button', { name: 'Change this relations question' }), 'Enter');
    const edit = fac.locator('form.relations-editor').first();
    await press(fac, edit.getByRole('checkbox', { name: 'Ask whether A4 influences A1' }), 'Space');
    await press(fac, edit.getByRole('checkbox', { name: 'Offer "cannot judge"' }), 'Space');
    await press(fac, edit.getByRole('button', { name: 'Save the relations question' }), 'Enter');
    await fac.getByText('Relations between 3 elements (1 pair)').waitFor();
    const [changed] = await apiCall<{ config: Record<string, unknown> }[]>(fac, 'GET', `/rounds/${round.id}/blocks`);
    expect(changed.config).toMatchObject({ pairs: [['A1', 'A4']], cannotJudge: false });
  });
});

describe('the influence map of the demo study', () => {
  // Seeding 40 panelists' two rounds takes half a minute on a quiet machine, much longer on a busy one.
  beforeAll(() => {
    const seeded = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['api/cli.ts', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: c.server.databaseUrl, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (seeded.status !== 0) throw new Error(`demo seed failed (${seeded.status}):\n${seeded.stdout}\n${seeded.stderr}`);
    // The demo's results page reads 40 panelists' answers to 24 statements on two criteria.
    fac.setDefaultTimeout(30_000);
  }, 400_000);

  it('draws both pictures for the panel and each group, and redraws the graph for a threshold the facilitator sets', async () => {
    const demo = await apiCall<{ id: number }>(fac, 'GET', '/studies/demo');
    await fac.goto(`${c.server.url}/studies/${demo.id}/results`);
    const map = fac.locator('section.relations').first();
    await map.getByRole('heading', { name: 'Influence map of 5 elements' }).waitFor();

    const drawn = map.locator('.scope:has(svg.graph)');
    const scopes = await drawn.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.scope));
    expect(scopes).toContain('panel');
    expect(scopes).toEqual(expect.arrayContaining(['role_level:operational', 'role_level:strategic']));
    for (const scope of scopes) {
      const box = map.locator(`.scope[data-scope="${scope}"]`);
      expect(await box.locator('svg.cause-effect g.element').count(), scope).toBe(5);
      expect(await box.locator('svg.graph g.node').count(), scope).toBe(5);
    }
    // The figures have accessible names; the tables below are their text alternative.
    await map.getByRole('figure', { name: 'Influence graph, Whole panel' }).waitFor();
    await map.getByRole('table', { name: 'Total influence T (direct and indirect)' }).waitFor();
    await map.getByText(/PD.*a cause for strategic, an effect for operational/).waitFor();

    const panel = map.locator('.scope[data-scope="panel"]');
    const before = await panel.locator('svg.graph g.edge').count();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(20);
    await map.getByRole('textbox', { name: 'Threshold (empty: the mean of T)' }).focus();
    await fac.keyboard.type('0');
    await fac.keyboard.press('Enter');
    await map.getByText(/^Threshold set by the facilitator: 0\.0000; mean of T: /).waitFor();
    await panel.getByText('20 relations with total influence above 0.000.').waitFor();
    expect(await panel.locator('svg.graph g.edge').count()).toBe(20);
    expect(await seriousA11yViolations(fac)).toEqual([]);
    await screenshot(fac, 'relations-console-02-map');

    // Stored, not only drawn: the report records it after a reload too.
    await fac.reload();
    await map.getByText(/^Threshold set by the facilitator: 0\.0000/).waitFor();
    const report = await fac.evaluate(async (id) => (await fetch(`/api/studies/${id}/report.html`)).text(), demo.id);
    expect(report).toMatch(/Threshold set by the facilitator: 0\.0000; mean of T: \d\.\d{4}/);
  }, 240_000);
});
