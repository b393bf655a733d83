import { execFileSync } from 'node:child_process';
import type ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../api/demo/seed-demo';
import { createFacilitator } from '../../api/services/facilitator-service';
import { BASE_URL, build, cookieFrom, type TestApp } from '../helpers/build';

export interface DemoApp {
  t: TestApp;
  /** The demo facilitator (owner, administrator). */
  owner: string;
  studyId: number;
  panelistLinks: string[];
  get: (url: string, cookie?: string) => Promise<{ status: number; body: Buffer; text: string; headers: Record<string, unknown> }>;
  json: (url: string, cookie?: string) => Promise<any>;
}

/** A fresh app with the demo study seeded and its facilitator signed in. */
export async function demoApp(backend: 'configured' | 'sqlite' = 'configured'): Promise<DemoApp> {
  const t = await build({ backend });
  const seeded = (await seedDemo(t.db, BASE_URL))!;
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: seeded.email, password: seeded.password } });
  // The demo's password is a one-time password: choose a real one, as the console makes you do.
  const changed = await t.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: { cookie: cookieFrom(res, 'delphi_facilitator') },
    payload: { currentPassword: seeded.password, newPassword: 'report tests passphrase' },
  });
  const owner = cookieFrom(changed, 'delphi_facilitator');
  const get = async (url: string, cookie = owner) => {
    const r = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    return { status: r.statusCode, body: r.rawPayload, text: r.body, headers: r.headers };
  };
  return {
    t,
    owner,
    studyId: seeded.studyId,
    panelistLinks: seeded.panelistLinks,
    get,
    json: async (url, cookie = owner) => JSON.parse((await get(url, cookie)).text),
  };
}

/** Closes the demo's open round 2, so the study has two closed rounds (stability, carried items). */
export async function closeOpenRound(d: DemoApp): Promise<void> {
  const rounds = await d.json(`/api/studies/${d.studyId}/rounds`);
  const open = rounds.find((r: { status: string }) => r.status === 'open');
  const res = await d.t.app.inject({ method: 'POST', url: `/api/rounds/${open.id}/close`, headers: { cookie: d.owner } });
  if (res.statusCode !== 200) throw new Error(`close failed: ${res.body}`);
}

/** Signs in a new facilitator and returns the cookie; with a role, adds them to the study first. */
export async function facilitatorCookie(d: DemoApp, email: string, role?: 'observer' | 'facilitator'): Promise<string> {
  const { oneTimePassword } = await createFacilitator(d.t.db, { email, mustChangePassword: false }, null);
  if (role) {
    const res = await d.t.app.inject({ method: 'PUT', url: `/api/studies/${d.studyId}/members`, headers: { cookie: d.owner }, payload: { email, role } });
    if (res.statusCode !== 200) throw new Error(`adding ${role} failed: ${res.body}`);
  }
  const res = await d.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: oneTimePassword } });
  return cookieFrom(res, 'delphi_facilitator');
}

/**
 * The text of a PDF, with runs of white space made single: by poppler's pdftotext where it is
 * installed (CI installs it), otherwise by pdf.js, so `npm test` also passes on a machine with
 * only Node and npm.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  if (hasPdftotext()) {
    const dir = mkdtempSync(join(tmpdir(), 'delphi-pdf-'));
    try {
      const file = join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? `${it.str}${it.hasEOL ? ' ' : ''}` : '')).join(''));
  }
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

let pdftotext: boolean | undefined;
function hasPdftotext(): boolean {
  if (pdftotext === undefined) {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
      pdftotext = true;
    } catch {
      pdftotext = false;
    }
  }
  return pdftotext;
}

/** The visible text of an HTML page: tags dropped, entities decoded, white space made single. */
export function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<title>[\s\S]*?<\/title>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The sheets of the data export (XLSX), in order, of a study with criteria and no question blocks. */
export const dataExportSheets = [
  'About',
  'Protocol',
  'Participation',
  'Item flow',
  'Results R1',
  'Results R2',
  'Subgroups',
  'Content validity',
  'Attrition',
  'Comments',
  'Responses',
];

/** A worksheet's rows after the header, as records keyed by the header; empty cells are null. */
export function sheetRows(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return out;
}
