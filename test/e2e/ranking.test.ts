/**
 * A ranking by keyboard alone on a 360 px phone: the panelist moves an item down with the arrow
 * keys, hears its new place announced, the order is saved through the offline queue, and the
 * page stays axe clean. Then a finger drags the last item to the top by its number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, screenshot, seriousA11yViolations, serverAndBrowser, type TestServer } from './harness';

const EMAIL = 'ranking@example.org';
const PASSWORD = 'a long ranking password';
const TEXTS = ['Power distance between partners', 'Role ambiguity after integration', 'Unequal access to data', 'Different professional cultures'];

let server: TestServer;
let browser: Browser;
let page: Page;
let cookie: string;
let link: string;
let roundId: number;
let blockId: number;

async function apiAs(as: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { cookie: as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return { json: (await res.json()) as never, setCookie: res.headers.get('set-cookie') ?? '' };
}
const cookieOf = (setCookie: string) => /delphi_facilitator=[^;]+/.exec(setCookie)![0];

beforeAll(async () => {
  const started = await serverAndBrowser(EMAIL);
  ({ server, browser } = started);
  const oneTime = started.oneTimePassword;
  const first = cookieOf((await apiAs('', 'POST', '/auth/sign-in', { email: EMAIL, password: oneTime })).setCookie);
  cookie = cookieOf((await apiAs(first, 'POST', '/auth/password', { currentPassword: oneTime, newPassword: PASSWORD })).setCookie);
  const study = (await apiAs(cookie, 'POST', '/studies', { title: 'Priorities', languages: ['en'], scale: { min: 1, max: 9, cannotJudge: true, labels: {} } }))
    .json as { id: number };
  const csv = ['code,text_en', ...TEXTS.map((text, i) => `K${i + 1},"${text}"`)].join('\n');
  await apiAs(cookie, 'POST', `/studies/${study.id}/items/import`, { csv });
  const { invitations } = (await apiAs(cookie, 'POST', `/studies/${study.id}/panelists/import`, { csv: 'code,email,language\nR1,r1@example.org,en' })).json as {
    invitations: { link: string }[];
  };
  link = invitations[0].link;
  roundId = ((await apiAs(cookie, 'POST', `/studies/${study.id}/rounds`, {})).json as { id: number }).id;
  blockId = (
    (
      await apiAs(cookie, 'POST', `/rounds/${roundId}/blocks`, {
        kind: 'ranking',
        config: { items: ['K1', 'K2', 'K3', 'K4'] },
        instructions: { en: 'Which asymmetries most need reducing for effective integration?' },
      })
    ).json as { id: number }
  ).id;
  await apiAs(cookie, 'POST', `/rounds/${roundId}/open`);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB', hasTouch: true });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => console.error('[panelist] page error:', e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a ranking on a phone', () => {
  it('orders by keyboard alone, announces each move, saves the order and stays axe clean', async () => {
    await page.goto(link);
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Put these in order' }).waitFor();
    await page.getByText('Which asymmetries most need reducing for effective integration?').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Keyboard only: focus K1's "move down" button and press the down arrow twice.
    await page.locator(`#rank-${blockId}-K1-down`).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.getByText(`${TEXTS[0]} is now number 3 of 4`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`rank-${blockId}-K1-down`);
    // Then K4 up by one with the arrow key, from its "move up" button.
    await page.locator(`#rank-${blockId}-K4-up`).focus();
    await page.keyboard.press('ArrowUp');
    await page.getByText(`${TEXTS[3]} is now number 3 of 4`).waitFor();
    await page.locator(`section[data-block="${blockId}"] .save.saved`).waitFor();
    const order = await page.locator(`section[data-block="${blockId}"] li.entry`).evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    expect(order).toEqual(['K2', 'K3', 'K4', 'K1']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ranking-360');

    const saved = await eventually(async () => {
      const results = (await apiAs(cookie, 'GET', `/rounds/${roundId}/results`)).json as {
        blocks: { result: { overall: { m: number }; ranked: { item: string; meanRank: number }[] } | null }[];
      };
      const result = results.blocks[0].result;
      return result && result.overall.m === 1 ? result : undefined;
    });
    expect(saved.ranked.map((r) => [r.item, r.meanRank])).toEqual([
      ['K1', 4],
      ['K2', 1],
      ['K3', 2],
      ['K4', 3],
    ]);
  });

  it('drags an item by its number with a finger, and by mouse', async () => {
    const entries = page.locator(`section[data-block="${blockId}"] li.entry`);
    const from = (await entries.nth(3).locator('.place').boundingBox())!;
    const to = (await entries.nth(0).locator('.place').boundingBox())!;
    const point = (box: typeof from) => ({ x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) });
    // Real touch input (pointerType "touch"), which the mouse-only drag and drop of HTML did not answer to.
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: string, p: { x: number; y: number } | null) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p === null ? [] : [{ ...p, id: 1 }] } as never);
    await touch('touchStart', point(from));
    for (let k = 1; k <= 5; k++) await touch('touchMove', { x: point(from).x, y: Math.round(point(from).y + ((point(to).y - point(from).y) * k) / 5) });
    await touch('touchEnd', null);
    await page.getByText(`${TEXTS[0]} is now number 1 of 4`).waitFor();
    expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(['K1', 'K2', 'K3', 'K4']);
    const saved = await eventually(async () => {
      const results = (await apiAs(cookie, 'GET', `/rounds/${roundId}/results`)).json as {
        blocks: { result: { ranked: { item: string; meanRank: number }[] } | null }[];
      };
      const k1 = results.blocks[0].result?.ranked.find((r) => r.item === 'K1');
      return k1?.meanRank === 1 ? results.blocks[0].result! : undefined;
    });
    expect(saved.ranked.map((r) => r.meanRank)).toEqual([1, 2, 3, 4]);

    // A mouse drags from anywhere on the item but its buttons.
    const text = (await entries.nth(0).locator('.text').boundingBox())!;
    const last = (await entries.nth(3).locator('.text').boundingBox())!;
    await page.mouse.move(point(text).x, point(text).y);
    await page.mouse.down();
    await page.mouse.move(point(last).x, point(last).y, { steps: 5 });
    await page.mouse.up();
    await page.getByText(`${TEXTS[0]} is now number 4 of 4`).waitFor();
    expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(['K2', 'K3', 'K4', 'K1']);
  });
});
