import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Db } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { buildApp } from '../../api/app';
import { createFacilitator } from '../../api/services/facilitator-service';

export const BASE_URL = 'http://127.0.0.1:3000';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  close: () => Promise<void>;
}

/**
 * A fresh, migrated database for one test app: in-memory SQLite, or under `npm run test:pg`
 * (vitest.pg.config.ts) a schema of its own in the PostgreSQL database TEST_DATABASE_URL names.
 */
export async function freshDatabase(backend: 'configured' | 'sqlite' = 'configured', onStatement?: (sql: unknown) => void): Promise<Db> {
  const url = backend === 'configured' && process.env.DELPHI_TEST_BACKEND === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
  const db = url
    ? await openDatabase({ url, schema: `t_${randomBytes(6).toString('hex')}` })
    : await openDatabase({ url: ':memory:', allowWeakDurability: true, onStatement });
  await runMigrations(db);
  return db;
}

/** A fresh app on a fresh database with migrations applied; ready to inject. */
export async function build(
  opts: {
    now?: () => Date;
    maxFailedAttempts?: number;
    backend?: 'configured' | 'sqlite';
    schedulerIntervalMs?: number;
    /** In-memory SQLite only: sees every statement the app runs. */
    onStatement?: (sql: unknown) => void;
  } = {},
): Promise<TestApp> {
  const db = await freshDatabase(opts.backend, opts.onStatement);
  const app = await buildApp({
    db,
    publicUrl: BASE_URL,
    now: opts.now,
    attemptLimits: { maxFailures: opts.maxFailedAttempts },
    schedulerIntervalMs: opts.schedulerIntervalMs,
  });
  await app.ready();
  return { app, db, close: () => app.close() };
}

export function cookieFrom(res: LightMyRequestResponse, name: string): string {
  const c = res.cookies.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} cookie in response (status ${res.statusCode}): ${res.body}`);
  return `${name}=${c.value}`;
}

/** Creates a facilitator (optionally admin) and returns a signed-in cookie. */
export async function signedInFacilitator(t: TestApp, email = 'owner@example.org', isAdmin = false): Promise<{ cookie: string; id: number }> {
  const { facilitator, oneTimePassword } = await createFacilitator(t.db, { email, isAdmin, mustChangePassword: false }, null);
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: oneTimePassword } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  return { cookie: cookieFrom(res, 'delphi_facilitator'), id: facilitator.id };
}

export async function panelistSession(t: TestApp, link: string): Promise<string> {
  const token = link.split('#')[1];
  const res = await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token } });
  if (res.statusCode !== 200) throw new Error(`token exchange failed: ${res.body}`);
  return cookieFrom(res, 'delphi_panelist');
}

export const scale19 = { min: 1, max: 9, cannotJudge: true, labels: { en: { '1': 'Strongly disagree', '9': 'Strongly agree' } } };

export function itemsCsv(n: number, languages = ['en']): string {
  const header = ['code', 'category', ...languages.map((l) => `text_${l}`)].join(',');
  const rows = Array.from({ length: n }, (_, i) =>
    [`I${i + 1}`, i % 2 ? 'POWER' : 'KNOW', ...languages.map((l) => `"Statement ${i + 1} (${l}), with a comma"`)].join(','),
  );
  return [header, ...rows].join('\n');
}

export function panelistsCsv(n: number): string {
  const sectors = ['health', 'social_care', 'voluntary'];
  const rows = Array.from({ length: n }, (_, i) => `P${i + 1},p${i + 1}@example.org,en,${sectors[i % 3]},${i % 2 ? 'strategic' : 'operational'}`);
  return ['code,email,language,sector,role_level', ...rows].join('\n');
}

export const studyBody = {
  title: 'Trust between partners',
  aim: 'Test the framework',
  languages: ['en', 'fr'],
  attributes: [
    { name: 'sector', label: 'Sector', values: ['health', 'social_care', 'voluntary'] },
    { name: 'role_level', label: 'Role level', values: ['operational', 'strategic'] },
  ],
  scale: scale19,
};

/**
 * An injecting caller that sends `cookie()` unless told otherwise and parses the JSON reply:
 * `call('PUT', url, body, cookie, headers)`.
 */
export function caller(t: () => TestApp, cookie: () => string) {
  return async (method: string, url: string, payload?: unknown, as = cookie(), headers: Record<string, string> = {}) => {
    const res = await t().app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: as, ...headers } });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, raw: res };
  };
}

/**
 * Plans the next round of a study whose round `roundId` is closed, rewording its first item and
 * citing every comment that round received on it; returns the items, the comments cited and the reply.
 */
export async function rewordCitingComments(call: ReturnType<typeof caller>, studyId: number, roundId: number, text: string, reason: string) {
  const items = (await call('GET', `/api/studies/${studyId}/items`)).body;
  const cited = (await call('GET', `/api/rounds/${roundId}/comments`)).body.comments.filter(
    (c: { itemVersionId: number }) => c.itemVersionId === items[0].versionId,
  );
  const planned = await call('POST', `/api/studies/${studyId}/rounds`, {
    decisions: [
      {
        itemId: items[0].id,
        action: 'reword',
        texts: { en: text },
        reason,
        sourceResponseIds: cited.map((c: { responseId: number }) => c.responseId),
      },
    ],
  });
  return { items, cited, planned };
}
