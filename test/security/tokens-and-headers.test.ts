import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createFacilitator } from '../../api/services/facilitator-service';
import { BASE_URL, cookieFrom, freshDatabase, itemsCsv, panelistsCsv, studyBody } from '../helpers/build';
import type { FastifyInstance } from 'fastify';

let app: FastifyInstance | undefined;
afterEach(() => app?.close());

/** An app whose every log line (trace level) is kept, to search for secrets. */
async function appWithLogs(now = () => new Date()) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const db = await freshDatabase();
  app = await buildApp({ db, publicUrl: BASE_URL, logger: { level: 'trace', stream }, now });
  await app.ready();
  const { oneTimePassword } = await createFacilitator(db, { email: 'owner@example.org', mustChangePassword: false }, null);
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'owner@example.org', password: oneTimePassword } });
  return { app, db, lines, fac: cookieFrom(signIn, 'delphi_facilitator'), password: oneTimePassword };
}

/** A new study with one panelist added by hand; returns the invitation. */
async function invitedPanelist(app: FastifyInstance, fac: string): Promise<{ link: string }> {
  const study = (await app.inject({ method: 'POST', url: '/api/studies', headers: { cookie: fac }, payload: studyBody })).json();
  const payload = { attributes: { sector: 'health', role_level: 'strategic' } };
  return (await app.inject({ method: 'POST', url: `/api/studies/${study.id}/panelists`, headers: { cookie: fac }, payload })).json();
}

describe('invitation tokens', () => {
  it('never appear in the database, the logs or error bodies; only their hashes are stored', async () => {
    const { app, db, lines, fac, password } = await appWithLogs();
    const study = (await app.inject({ method: 'POST', url: '/api/studies', headers: { cookie: fac }, payload: studyBody })).json();
    await app.inject({
      method: 'POST',
      url: `/api/studies/${study.id}/items/import`,
      headers: { cookie: fac },
      payload: { createCategories: true, csv: itemsCsv(1) },
    });
    const { invitations } = (
      await app.inject({ method: 'POST', url: `/api/studies/${study.id}/panelists/import`, headers: { cookie: fac }, payload: { csv: panelistsCsv(3) } })
    ).json();
    const tokens: string[] = invitations.map((i: { link: string }) => i.link.split('#')[1]);
    expect(tokens.every((tk) => Buffer.from(tk, 'base64url').length >= 16)).toBe(true);
    const bodies: string[] = [];
    for (const token of tokens) {
      const ok = await app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token } });
      bodies.push(ok.body);
      const bad = await app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: `${token}x` } });
      bodies.push(bad.body);
    }
    const dump = (await Promise.all(['panelists', 'sessions', 'audit_log', 'events', 'idempotency_keys'].map((table) => db.raw(`select * from ${table}`))))
      .map((rows) => JSON.stringify(rows))
      .join('\n');
    const everything = [dump, lines.join('\n'), bodies.join('\n')];
    for (const token of tokens) for (const text of everything) expect(text).not.toContain(token);
    for (const text of everything) expect(text).not.toContain(password);
    expect(lines.join('\n')).not.toMatch(/delphi_(facilitator|panelist)=/);
  });

  it('expires: an old link gets the same answer as an unknown one', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const { app, fac } = await appWithLogs(() => now);
    const inv = await invitedPanelist(app, fac);
    now = new Date('2027-01-02T00:00:00Z');
    const expired = await app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: inv.link.split('#')[1] } });
    const unknown = await app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: 'A'.repeat(43) } });
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toBe(unknown.body);
  });

  it('opening an invitation link (a GET, as mail scanners do) changes nothing', async () => {
    const { app, db, fac } = await appWithLogs();
    const inv = await invitedPanelist(app, fac);
    const before = JSON.stringify(await db.raw('select * from panelists')) + JSON.stringify(await db.raw('select * from sessions'));
    const path = new URL(inv.link).pathname;
    const res = await app.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    // The welcome page may read the invitation before the panelist agrees: that changes nothing either.
    const preview = await app.inject({ method: 'POST', url: '/api/panelist/invitation', payload: { token: inv.link.split('#')[1] } });
    expect(preview.json()).toMatchObject({ study: { title: studyBody.title, minGroupSize: 5 }, language: 'en' });
    expect(preview.cookies).toEqual([]);
    const bad = await app.inject({ method: 'POST', url: '/api/panelist/invitation', payload: { token: 'B'.repeat(43) } });
    const badSession = await app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: 'B'.repeat(43) } });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toBe(badSession.body);
    const after = JSON.stringify(await db.raw('select * from panelists')) + JSON.stringify(await db.raw('select * from sessions'));
    expect(after).toBe(before);
    expect(inv.link).toMatch(/\/join#/); // the token sits in the fragment, which browsers never send
  });
});

/** Every header helmet sent before its configuration was precomputed (captured from @fastify/helmet 13.2). */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;" +
    "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security headers', () => {
  it('sends every security header on pages, API answers and errors alike', async () => {
    const { app, fac } = await appWithLogs();
    const requests = [
      { method: 'GET', url: '/' },
      { method: 'GET', url: '/join' },
      { method: 'GET', url: '/api/health' },
      { method: 'GET', url: '/api/studies', headers: { cookie: fac } },
      { method: 'GET', url: '/api/no-such-route' },
      { method: 'GET', url: '/api/studies' },
      { method: 'POST', url: '/api/auth/sign-in', payload: {} },
      { method: 'POST', url: '/api/auth/sign-in', headers: { origin: 'http://elsewhere.example' }, payload: {} },
    ] as const;
    const statuses: number[] = [];
    for (const request of requests) {
      const res = await app.inject(request);
      statuses.push(res.statusCode);
      expect(res.headers, `${request.method} ${request.url}`).toMatchObject(SECURITY_HEADERS);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 404, 401, 400, 403]);
  });
});
