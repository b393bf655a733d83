/**
 * What the browser tests need around them: a built UI, a real server on a free port with a fresh
 * database, a facilitator account, Debian's Chromium, axe-core, and screenshots.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { errorMessage } from '../../api/error-message';
import { afterEach, beforeEach } from 'vitest';
import { freePort } from '../helpers/ports';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
let axeSource: string | undefined;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestServer {
  url: string;
  databaseUrl: string;
  stop: () => Promise<void>;
  output: () => string;
}

/** Builds ui/dist when it is missing or older than ui/src (the same check `npm start` makes). */
export function buildUi(): void {
  const res = spawnSync(process.execPath, [join(ROOT, 'ui', 'build-if-needed.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`UI build failed:\n${res.stdout}\n${res.stderr}`);
}

/** Starts `tsx api/cli.ts serve` on a free port with a fresh database; resolves once /api/health answers. */
export async function startServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'delphi-e2e-'));
  const databaseUrl = `file:${join(dir, 'delphi.db')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(TSX, ['api/cli.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it also stops the node process tsx starts.
    detached: true,
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`The server did not start within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    databaseUrl,
    output: () => log,
    stop: async () => {
      const group = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          /* already gone */
        }
      };
      if (child.exitCode === null) {
        group('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) group('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `admin create` through the CLI, as an operator would; returns the printed one-time password. */
export function createFacilitator(databaseUrl: string, email: string): string {
  const res = spawnSync(TSX, ['api/cli.ts', 'admin', 'create', '--email', email, '--admin'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  const match = /One-time password: (\S+)/.exec(res.stdout);
  if (res.status !== 0 || !match) throw new Error(`admin create failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return match[1];
}

/** A page in a browser context of its own, waiting at most 10 s for anything, with its script errors logged under `who`. */
export async function openPage(browser: Browser, who: string, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(context)).newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => console.error(`[${who}] page error:`, e.message));
  return page;
}

/** One item's card on the panelist's round page. */
export const itemCard = (page: Page, code: string): Locator => page.locator(`article[data-item="${code}"]`);

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
export async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page; returns the serious and critical violations, described for a failure message. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the devtools protocol: a <script> tag would be (rightly) refused by the CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate((axeSource ??= readFileSync(AXE, 'utf8')));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`);
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${errorMessage(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * For a describe block whose steps build on each other: after the first failing step the rest
 * would only repeat it, so they are not run, and what each page showed is saved as a screenshot.
 */
export function stopAtFirstFailure(pages: () => Record<string, Page | undefined>, prefix: string): void {
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    failed = true;
    for (const [name, page] of Object.entries(pages())) {
      // A page the failed test never reached is not open yet.
      if (page && !page.isClosed()) await screenshot(page, `${prefix}-${name}`).catch(() => undefined);
    }
  });
}

/** Calls the API with the page's cookies, as the page itself would; throws on any reply of 300 or more. */
export async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const res = await page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(`/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': `e2e-${Math.random().toString(36).slice(2)}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, text: await r.text() };
    },
    { method, path, body },
  );
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return (res.text ? JSON.parse(res.text) : null) as T;
}

/** A panelist who answers every item of the open round with `value` through the API, from a browser session of their own. */
export async function answerAsPanelist(browser: Browser, serverUrl: string, link: string, value: number, comment: string | null): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${serverUrl}/sign-in`);
  await apiCall(page, 'POST', '/panelist/session', { token: link.split('#')[1] });
  const { items } = await apiCall<{ items: { itemVersionId: number }[] }>(page, 'GET', '/panelist/round');
  for (const it of items) await apiCall(page, 'PUT', `/panelist/answers/${it.itemVersionId}`, { value, comment });
  await context.close();
}

export interface ServerAndBrowser {
  server: TestServer;
  browser: Browser;
  /** The new facilitator's one-time password, to be changed at the first sign-in. */
  oneTimePassword: string;
}

/**
 * Builds the UI and starts a server with a new facilitator `email` and a browser. The caller stops
 * the server and closes the browser; if the set-up fails half-way, it stops what it started.
 */
export async function serverAndBrowser(email: string): Promise<ServerAndBrowser> {
  buildUi();
  const server = await startServer();
  try {
    const oneTimePassword = createFacilitator(server.databaseUrl, email);
    return { server, browser: await launchBrowser(), oneTimePassword };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export interface SignedInConsole {
  server: TestServer;
  browser: Browser;
  /** A console page signed in as the facilitator. */
  fac: Page;
}

/**
 * Builds the UI, starts a server and a browser, and signs a new facilitator `email` in on a console
 * page, choosing `password` through the API (the lifecycle test does it by hand). The caller stops
 * the server and closes the browser; if the set-up fails half-way, it stops what it started.
 */
export async function signedInConsole(email: string, password: string, context: BrowserContextOptions = {}): Promise<SignedInConsole> {
  const { server, browser, oneTimePassword } = await serverAndBrowser(email);
  try {
    const fac = await openPage(browser, 'facilitator', { viewport: { width: 1280, height: 900 }, ...context });
    await fac.goto(`${server.url}/sign-in`);
    await apiCall(fac, 'POST', '/auth/sign-in', { email, password: oneTimePassword });
    await apiCall(fac, 'POST', '/auth/password', { currentPassword: oneTimePassword, newPassword: password });
    return { server, browser, fac };
  } catch (e) {
    await browser.close();
    await server.stop();
    throw e;
  }
}
