import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { demoSignInLines, seedDemo } from '../../api/demo/seed-demo';
import { passwordWorkInFlight } from '../../api/services/passwords';
import { createFacilitator } from '../../api/services/facilitator-service';
import { createStudy } from '../../api/services/study-service';
import { CreateStudySchema } from '../../api/schemas/study';
import { BASE_URL, cookieFrom, freshDatabase, itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const { call } = ctx;

const MB = 1024 * 1024;

/** A study with items, three panelists and round 1 open; returns the panelists' links. */
async function openStudy() {
  const study = (await call('POST', '/api/studies', studyBody)).body;
  await call('POST', `/api/studies/${study.id}/items/import`, { csv: itemsCsv(2), createCategories: true });
  const { invitations } = (await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(3) })).body;
  const round = (await call('POST', `/api/studies/${study.id}/rounds`, {})).body;
  await call('POST', `/api/rounds/${round.id}/open`);
  return { study, round, panelists: invitations as { panelistId: number; link: string }[] };
}

describe('finding 1: anyone can exhaust the server’s memory without signing in', () => {
  it('refuses a 40 MB body of nested arrays without a cookie with 401, in well under a second, with flat memory', async () => {
    const unit = '[[[[1,2],[3]],[[4]]],[5,[6,[7,[8]]]]],';
    const body = `[${unit.repeat(Math.ceil((40 * MB) / unit.length))}0]`;
    const before = process.memoryUsage();
    const started = performance.now();
    const res = await ctx.t.app.inject({ method: 'POST', url: '/api/studies/import', headers: { 'content-type': 'application/json' }, payload: body });
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'DELPHI_UNAUTHENTICATED' });
    expect(elapsed).toBeLessThan(750);
    // Parsing it grew the heap by about 900 MB; refusing it must not even hold a copy of it.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * MB);
    expect(after.rss - before.rss).toBeLessThan(160 * MB);
  });

  it('answers a 3 MB invalid body without a cookie with 401, not 400', async () => {
    const res = await ctx.t.app.inject({
      method: 'POST',
      url: '/api/studies/import',
      headers: { 'content-type': 'application/json' },
      payload: `{"study": ${'x'.repeat(3 * MB)}`,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('DELPHI_UNAUTHENTICATED');
    const panel = await ctx.t.app.inject({
      method: 'PUT',
      url: '/api/panelist/answers/1',
      headers: { 'content-type': 'application/json' },
      payload: '{'.repeat(100_000),
    });
    expect(panel.statusCode).toBe(401);
  });

  it('lets routes without a session read only a small body, and refuses JSON nested too deep in the one error shape', async () => {
    const signIn = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'owner@example.org', password: 'x'.repeat(100_000) } });
    expect(signIn.statusCode).toBe(413);
    expect(signIn.json().code).toBe('DELPHI_PAYLOAD_TOO_LARGE');
    const deep = await call('POST', '/api/studies', JSON.parse(`{"title": "x", "aim": ${'['.repeat(65)}${']'.repeat(65)}}`));
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({
      statusCode: 400,
      code: 'DELPHI_JSON_TOO_DEEP',
      error: 'Bad Request',
      message: 'The request body nests arrays and objects more than 64 levels deep; no valid request does.',
    });
    // Brackets inside a string are text, not nesting.
    const { study } = await openStudy();
    expect((await call('PATCH', `/api/studies/${study.id}`, { aim: `${'['.repeat(500)} brackets in prose` })).status).toBe(200);
  });
});

describe('finding 4: one client can lock everyone out', () => {
  const guess = (remoteAddress: string, token = 'not-a-real-token-000000000000000000000000') =>
    ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token }, remoteAddress }).then((r) => r.statusCode);

  it('stops ten wrong tokens from one client without stopping a panelist elsewhere', async () => {
    const { panelists } = await openStudy();
    for (let i = 0; i < 10; i++) expect(await guess('203.0.113.7', `wrong-${i}`)).toBe(401);
    expect(await guess('203.0.113.7')).toBe(429);
    expect(await guess('198.51.100.4', panelists[0].link.split('#')[1])).toBe(200);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it gains nothing', async () => {
    const codes = [];
    for (let i = 1; i <= 11; i++) codes.push(await guess(`2001:db8:aa:bb::${i.toString(16)}`, `wrong-${i}`));
    expect(codes).toEqual([...Array(10).fill(401), 429]);
    expect(await guess('2001:db8:aa:bc::1')).toBe(401);
    expect(await guess('::ffff:192.0.2.1')).toBe(401);
  });

  it('limits guesses at one account from many addresses, but no single client can lock it', async () => {
    const signIn = (remoteAddress: string, password: string) =>
      ctx.t.app
        .inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'target@example.org', password }, remoteAddress })
        .then((r) => r.statusCode);
    const { oneTimePassword } = await createFacilitator(ctx.t.db, { email: 'target@example.org', mustChangePassword: false }, null);
    for (let i = 0; i < 10; i++) expect(await signIn('192.0.2.200', `wrong ${i}`)).toBe(401);
    expect(await signIn('192.0.2.200', oneTimePassword)).toBe(429);
    expect(await signIn('192.0.2.201', oneTimePassword)).toBe(200);
    const spread = [];
    for (let i = 0; i < 50; i++) spread.push(await signIn(`10.1.${i}.1`, `wrong ${i}`));
    expect(spread.filter((c) => c === 401)).toHaveLength(40);
    expect(spread.slice(40)).toEqual(Array(10).fill(429));
  });

  it('runs at most a few password checks at once, however many addresses ask', async () => {
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, passwordWorkInFlight())), 1);
    const replies = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ctx.t.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email: `someone${i}@example.org`, password: 'a guess' },
          remoteAddress: `10.2.${i}.1`,
        }),
      ),
    );
    clearInterval(sampler);
    expect(replies.map((r) => r.statusCode)).toEqual(Array(24).fill(401));
    expect(peak).toBeGreaterThan(0);
    // Four at 19 MiB each, as the README promises.
    expect(peak).toBeLessThanOrEqual(4);
  });
});

describe('finding 5: npm start creates an administrator in production', () => {
  it('seeds a demo facilitator who owns the demo study and nothing else', async () => {
    await call('POST', '/api/studies', { ...studyBody, slug: 'someone-elses' });
    const seeded = (await seedDemo(ctx.t.db, BASE_URL))!;
    const first = cookieFrom(
      await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: seeded.email, password: seeded.password } }),
      'delphi_facilitator',
    );
    const changed = await ctx.t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: first },
      payload: { currentPassword: seeded.password, newPassword: 'a demo passphrase' },
    });
    const demo = cookieFrom(changed, 'delphi_facilitator');
    expect((await call('GET', '/api/auth/me', undefined, demo)).body.isAdmin).toBe(false);
    expect((await call('GET', '/api/studies', undefined, demo)).body.map((s: { slug: string }) => s.slug)).toEqual(['demo']);
    expect((await call('GET', '/api/studies/someone-elses', undefined, demo)).status).toBe(404);
    expect((await call('POST', '/api/auth/facilitators', { email: 'new@example.org' }, demo)).status).toBe(403);
  });

  it('lets a one-time password expire after a day (or as configured) with the same 401 as a wrong one', async () => {
    let clock = new Date('2026-12-01T09:00:00Z');
    const db = await freshDatabase();
    const app = await buildApp({ db, publicUrl: BASE_URL, now: () => clock, oneTimePasswordTtlHours: 2 });
    try {
      const admin = await createFacilitator(db, { email: 'admin@example.org', isAdmin: true, mustChangePassword: false }, null);
      const adminCookie = cookieFrom(
        await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@example.org', password: admin.oneTimePassword } }),
        'delphi_facilitator',
      );
      const created = (
        await app.inject({ method: 'POST', url: '/api/auth/facilitators', headers: { cookie: adminCookie }, payload: { email: 'late@example.org' } })
      ).json();
      expect(created.oneTimePasswordExpiresAt).toBe('2026-12-01T11:00:00.000Z');
      const signIn = (password: string) => app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'late@example.org', password } });
      clock = new Date('2026-12-01T10:59:59Z');
      expect((await signIn(created.oneTimePassword)).statusCode).toBe(200);
      clock = new Date('2026-12-01T11:00:00Z');
      const expired = await signIn(created.oneTimePassword);
      const wrong = await signIn('not the password');
      expect(expired.statusCode).toBe(401);
      expect(expired.body).toBe(wrong.body);
    } finally {
      await app.close();
    }
    const seeded = (await seedDemo(ctx.t.db, BASE_URL, { now: () => new Date('2026-12-01T09:00:00Z') }))!;
    expect(seeded.passwordExpiresAt).toBe('2026-12-02T09:00:00.000Z');
  });

  it('prints sign-in lines that name the password one-time, to be changed, and when it stops working', async () => {
    const seeded = (await seedDemo(ctx.t.db, BASE_URL, { oneTimePasswordTtlHours: 6 }))!;
    const text = demoSignInLines(BASE_URL, seeded).join('\n');
    expect(text).toContain(`one-time password: ${seeded.password}`);
    expect(text).toContain(`must be replaced by your own at first sign-in and stops working at ${seeded.passwordExpiresAt}`);
    expect(Date.parse(seeded.passwordExpiresAt) - Date.now()).toBeLessThanOrEqual(6 * 3_600_000);
    expect(text).not.toMatch(/admin(istrator)? (account|password)/i);
  });
});

describe('finding 7: smaller holes', () => {
  it('answers a CSV whose header repeats one name 200,000 times with a short list of problems and their total', async () => {
    const { study } = await openStudy();
    const header = Array(200_000).fill('sector').join(',');
    const res = await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: `${header}\nhealth,strategic` });
    expect(res.status).toBe(400);
    expect(res.raw.body.length).toBeLessThan(20_000);
    expect(res.body.details.problems.length).toBeLessThanOrEqual(50);
    // Within the column limit, a file with thousands of bad lines still lists only the first 50.
    const rows = Array.from({ length: 5_000 }, (_, i) => `Q${i},not-an-email,en,nowhere,strategic`);
    const many = await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: ['code,email,language,sector,role_level', ...rows].join('\n') });
    expect(many.status).toBe(400);
    expect(many.body.details.problems).toHaveLength(50);
    expect(many.body.details.total).toBe(10_000);
    expect(many.body.message).toBe('The CSV has 10000 problems; the first 50 are listed; nothing was imported.');
  });

  it('answers a JSON import nested 20,000 deep with 400, not 500', async () => {
    const body = `{"schemaVersion": "1.0", "study": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const res = await ctx.t.app.inject({
      method: 'POST',
      url: '/api/studies/import',
      headers: { cookie: ctx.fac, 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DELPHI_JSON_TOO_DEEP');
  });

  it('never gives an imported study an all-digit slug, and finds it by the slug it gave', async () => {
    const study = (await call('POST', '/api/studies', studyBody)).body;
    const exported = (await call('GET', `/api/studies/${study.id}/export.json`)).body;
    exported.study.slug = '12345';
    const imported = await call('POST', '/api/studies/import', exported);
    expect(imported.status).toBe(201);
    expect(imported.body.slug).toMatch(/[a-z]/);
    const found = await call('GET', `/api/studies/${imported.body.slug}`);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(imported.body.studyId);
  });

  describe('websockets', () => {
    let base: string;
    beforeEach(async () => {
      await ctx.t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `127.0.0.1:${(ctx.t.app.server.address() as AddressInfo).port}`;
    });

    function connect(path: string, cookie: string) {
      const ws = new WebSocket(`ws://${base}${path}`, { headers: { cookie, origin: `http://${base}` } });
      const messages: { type: string }[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(String(d))));
      const outcome = new Promise<{ opened: true } | { status: number; body: string }>((resolve, reject) => {
        ws.once('open', () => resolve({ opened: true }));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.once('error', reject);
      });
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      return { ws, messages, outcome, closed };
    }

    it('refuses the facilitators’ websocket to a session opened with only a one-time password', async () => {
      const { facilitator, oneTimePassword } = await createFacilitator(ctx.t.db, { email: 'fresh@example.org' }, null);
      const study = await createStudy(ctx.t.db, CreateStudySchema.parse({ ...studyBody, slug: 'fresh-study' }), facilitator.id);
      const res = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'fresh@example.org', password: oneTimePassword } });
      const client = connect(`/api/live/studies/${study.id}`, cookieFrom(res, 'delphi_facilitator'));
      const outcome = await client.outcome;
      expect(outcome).toMatchObject({ status: 403 });
      expect(JSON.parse((outcome as { body: string }).body).code).toBe('DELPHI_PASSWORD_CHANGE_REQUIRED');
    });

    it('closes a revoked or withdrawn panelist’s open websocket at once, and sends it nothing more', async () => {
      const { study, round, panelists } = await openStudy();
      const [revoked, withdrawn, stays] = await Promise.all(panelists.map(async (p) => connect('/api/live/panel', await panelistSession(ctx.t, p.link))));
      for (const c of [revoked, withdrawn, stays]) expect(await c.outcome).toEqual({ opened: true });
      expect((await call('POST', `/api/studies/${study.id}/panelists/${panelists[0].panelistId}/revoke`)).status).toBe(200);
      expect((await call('POST', `/api/studies/${study.id}/panelists/${panelists[1].panelistId}/withdraw`, { reason: 'asked to leave' })).status).toBe(200);
      expect(await revoked.closed).toBe(4403);
      expect(await withdrawn.closed).toBe(4403);
      await call('POST', `/api/rounds/${round.id}/close`);
      await expect.poll(() => stays.messages.some((m) => m.type === 'round_closed')).toBe(true);
      for (const c of [revoked, withdrawn]) expect(c.messages.some((m) => m.type === 'round_closed')).toBe(false);
      stays.ws.close();
    });
  });
});
