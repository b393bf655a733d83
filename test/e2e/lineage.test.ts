/**
 * An item's lineage from the planner to every place a reviewer reads it: the facilitator rewords an
 * item citing a panelist's comment, merges two items and splits one in the next-round planner, then
 * finds where each came from in the console's item history, in the PDF report (pdftotext) and in
 * the JSON study file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { answerAsPanelist, apiCall, screenshot, seriousA11yViolations, signedInConsole, stopAtFirstFailure, type TestServer } from './harness';
import { pdfText } from '../reports/helpers';

const EMAIL = 'facilitator@example.org';
const PASSWORD = 'a long walk along the canal';
const COMMENT = 'Which partner is meant here, the council or the trust?';

let server: TestServer;
let browser: Browser;
let fac: Page;
let studyId: number;
const links: Record<string, string> = {};

const ok = apiCall;
const answerAs = (code: string, comment: string | null) => answerAsPanelist(browser, server.url, links[code], 5, comment);

beforeAll(async () => {
  ({ server, browser, fac } = await signedInConsole(EMAIL, PASSWORD));
  studyId = (
    await ok<{ id: number }>(fac, 'POST', '/studies', { title: 'Trust between partners', languages: ['en'], scale: { min: 1, max: 9 }, minGroupSize: 3 })
  ).id;
  for (const [code, text] of [
    ['A', 'Partners share a budget.'],
    ['B', 'Partners pool their staff.'],
    ['C', 'Partners pool their premises.'],
    ['D', 'Partners agree goals and report on them together.'],
  ])
    await ok(fac, 'POST', `/studies/${studyId}/items`, { code, texts: { en: text } });
  const csv = ['code,email,language', 'P1,,en', 'P2,,en', 'P3,,en'].join('\n');
  const { invitations } = await ok<{ invitations: { code: string; link: string }[] }>(fac, 'POST', `/studies/${studyId}/panelists/import`, { csv });
  for (const i of invitations) links[i.code] = i.link;
  const round = (await ok<{ id: number }>(fac, 'POST', `/studies/${studyId}/rounds`, {})).id;
  await ok(fac, 'POST', `/rounds/${round}/open`);
  await answerAs('P1', COMMENT);
  await answerAs('P2', null);
  await answerAs('P3', null);
  await ok(fac, 'POST', `/rounds/${round}/close`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('lineage from the planner to the console, the PDF and the study file', () => {
  stopAtFirstFailure(() => ({ facilitator: fac }), 'failure-lineage');

  it('rewords A citing the comment, merges B and C, and splits D in the planner', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/rounds`);
    await fac.getByRole('link', { name: 'Plan round 2' }).click();
    const a = fac.locator('article.plan-row[data-item="A"]');
    await a.getByLabel('Reword').check();
    await a.getByLabel('New wording in English').fill('The council and the trust share a budget.');
    await a.getByLabel('Why reword it').fill('panelists asked which partner');
    await a.getByLabel(COMMENT).check();

    const lineage = fac.getByRole('region', { name: 'Merge or split items' });
    await lineage.getByRole('button', { name: 'Merge items' }).click();
    const merge = lineage.locator('[data-merge="0"]');
    await merge.getByLabel('B', { exact: true }).check();
    await merge.getByLabel('C', { exact: true }).check();
    await merge.getByLabel('Code of the new item').fill('BC');
    await merge.getByLabel('New wording in English').fill('Partners pool their staff and premises.');
    await merge.getByLabel('Why merge them').fill('the two overlap');

    await lineage.getByRole('button', { name: 'Split an item' }).click();
    const split = lineage.locator('[data-split="0"]');
    await split.getByLabel('Item to split').selectOption({ label: 'D' });
    await split.getByLabel('Code of the new item').nth(0).fill('D1');
    await split.getByLabel('New wording in English').nth(0).fill('Partners agree goals together.');
    await split.getByLabel('Code of the new item').nth(1).fill('D2');
    await split.getByLabel('New wording in English').nth(1).fill('Partners report on their goals together.');
    await split.getByLabel('Why split it').fill('two ideas in one statement');
    expect(await seriousA11yViolations(fac)).toEqual([]);
    await screenshot(fac, 'lineage-01-planner');

    await fac.getByRole('button', { name: 'Prepare round 2' }).click();
    await fac.waitForURL(/\/rounds$/);
    const flow = await ok<{ action: string }[]>(fac, 'GET', `/studies/${studyId}/item-flow`);
    expect(flow.map((d) => d.action).sort()).toEqual(['merge', 'merge', 'merged', 'reword', 'split', 'split_off', 'split_off']);
  });

  it('shows the lineage in the console’s item history', async () => {
    await fac.goto(`${server.url}/studies/${studyId}/items`);
    await fac.getByRole('button', { name: 'History of item A', exact: true }).click();
    const a = fac.locator('[data-item-history="A"]');
    await a.getByText(`“${COMMENT}”`).waitFor();
    await a.getByText('The council and the trust share a budget.').waitFor();
    await fac.getByRole('button', { name: 'History of item BC', exact: true }).click();
    await fac.locator('[data-item-history="BC"]').getByText('made by merging B, C').waitFor();
    await fac.getByRole('button', { name: 'History of item D', exact: true }).click();
    await fac.locator('[data-item-history="D"]').getByText('split into D1, D2').waitFor();
    expect(await seriousA11yViolations(fac)).toEqual([]);
    await screenshot(fac, 'lineage-02-history');
  });

  it('finds the same lineage in the PDF report and in the JSON study file', async () => {
    const pdf = await fac.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), `/api/studies/${studyId}/report.pdf`);
    const text = await pdfText(Buffer.from(pdf));
    expect(text).toContain(COMMENT);
    expect(text).toContain('merged into BC');
    expect(text).toContain('split into D1, D2');
    expect(text).toContain('made by merging B, C');
    const file = await ok<{
      itemFlow: { item: string; action: string; linked?: string[] }[];
      items: { code: string; versions: { promptedBy?: { text: string }[] }[] }[];
    }>(fac, 'GET', `/studies/${studyId}/export.json`);
    expect(file.itemFlow).toContainEqual(expect.objectContaining({ item: 'BC', action: 'merged', linked: ['B', 'C'] }));
    expect(file.itemFlow).toContainEqual(expect.objectContaining({ item: 'D', action: 'split', linked: ['D1', 'D2'] }));
    expect(file.items.find((i) => i.code === 'A')!.versions[1].promptedBy).toEqual([expect.objectContaining({ text: COMMENT })]);
  });
});
