import { describe, expect, it } from 'vitest';
import { createFacilitator } from '../../api/services/facilitator-service';
import { cookieFrom, signedInFacilitator, studyBody } from '../helpers/build';
import { appPerTest } from '../helpers/signed-in-app';

const ctx = appPerTest();

const changePassword = (cookie: string, currentPassword: string, newPassword: string) =>
  ctx.t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword, newPassword } });

describe('POST /api/auth/sign-in', () => {
  it('signs in with the one-time password and sets an httpOnly, SameSite=Strict session cookie', async () => {
    const { oneTimePassword } = await createFacilitator(ctx.t.db, { email: 'Ana@Example.org' }, null);
    const res = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ana@example.org', password: oneTimePassword } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'ana@example.org', mustChangePassword: true });
    const cookie = res.cookies.find((c) => c.name === 'delphi_facilitator')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await ctx.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `delphi_facilitator=${cookie.value}` } });
    expect(me.json().email).toBe('ana@example.org');
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    await createFacilitator(ctx.t.db, { email: 'ana@example.org' }, null);
    const wrong = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ana@example.org', password: 'nope' } });
    const unknown = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'bob@example.org', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json()).toMatchInlineSnapshot(`
      {
        "code": "DELPHI_BAD_CREDENTIALS",
        "error": "Unauthorized",
        "message": "That e-mail and password do not match.",
        "statusCode": 401,
      }
    `);
  });

  it('rotates the session at sign-in and invalidates it at sign-out', async () => {
    const { cookie } = await signedInFacilitator(ctx.t);
    const again = await ctx.t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { cookie },
      payload: { email: 'x@example.org', password: 'wrong' },
    });
    expect(again.statusCode).toBe(401);
    const out = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('requires the new password after a change and ends the old sessions', async () => {
    const { oneTimePassword } = await createFacilitator(ctx.t.db, { email: 'ana@example.org' }, null);
    const signIn = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ana@example.org', password: oneTimePassword } });
    const cookie = cookieFrom(signIn, 'delphi_facilitator');
    const short = await changePassword(cookie, oneTimePassword, 'short');
    expect(short.statusCode).toBe(400);
    const changed = await changePassword(cookie, oneTimePassword, 'a much longer passphrase');
    expect(changed.statusCode).toBe(200);
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const fresh = cookieFrom(changed, 'delphi_facilitator');
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fresh } })).json().mustChangePassword).toBe(false);
  });
});

describe('PATCH /api/auth/me', () => {
  it('remembers the console language across sessions, per facilitator; null goes back to following the browser', async () => {
    const { oneTimePassword } = await createFacilitator(ctx.t.db, { email: 'ana@example.org', mustChangePassword: false }, null);
    const signIn = async () =>
      cookieFrom(
        await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ana@example.org', password: oneTimePassword } }),
        'delphi_facilitator',
      );
    const cookie = await signIn();
    expect((await ctx.t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json().language).toBeNull();
    const set = await ctx.t.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { cookie }, payload: { language: 'pl' } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ email: 'ana@example.org', language: 'pl' });
    await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    const next = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'ana@example.org', password: oneTimePassword } });
    expect(next.json().language).toBe('pl');
    const other = await signedInFacilitator(ctx.t, 'other@example.org');
    expect((await ctx.t.app.inject({ url: '/api/auth/me', headers: { cookie: other.cookie } })).json().language).toBeNull();
    const again = await signIn();
    await ctx.t.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { cookie: again }, payload: { language: null } });
    expect((await ctx.t.app.inject({ url: '/api/auth/me', headers: { cookie: again } })).json().language).toBeNull();
  });

  it('refuses a language without a console catalogue, and other fields, with a 400 that changes nothing', async () => {
    const { cookie } = await signedInFacilitator(ctx.t);
    for (const payload of [{ language: 'nl' }, { language: 'de', isAdmin: true }, { language: 42 }, {}]) {
      const res = await ctx.t.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { cookie }, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('DELPHI_VALIDATION');
    }
    const me = (await ctx.t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json();
    expect(me).toMatchObject({ language: null, isAdmin: false });
  });
});

describe('one-time passwords', () => {
  it('open nothing but the password change until a real password is chosen', async () => {
    const { oneTimePassword } = await createFacilitator(ctx.t.db, { email: 'new@example.org' }, null);
    const cookie = cookieFrom(
      await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'new@example.org', password: oneTimePassword } }),
      'delphi_facilitator',
    );
    const blocked = await ctx.t.app.inject({ method: 'POST', url: '/api/studies', headers: { cookie }, payload: studyBody });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('DELPHI_PASSWORD_CHANGE_REQUIRED');
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/studies', headers: { cookie } })).statusCode).toBe(403);
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().mustChangePassword).toBe(true);
    const changed = await changePassword(cookie, oneTimePassword, 'a real password now');
    const fresh = cookieFrom(changed, 'delphi_facilitator');
    expect((await ctx.t.app.inject({ method: 'POST', url: '/api/studies', headers: { cookie: fresh }, payload: studyBody })).statusCode).toBe(201);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from another origin and changes nothing', async () => {
    const { cookie } = await signedInFacilitator(ctx.t);
    const createStudyFrom = (origin: string) =>
      ctx.t.app.inject({ method: 'POST', url: '/api/studies', headers: { cookie, origin, host: 'localhost:80' }, payload: studyBody });
    const res = await createStudyFrom('https://evil.example');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('DELPHI_CROSS_ORIGIN');
    const list = await ctx.t.app.inject({ method: 'GET', url: '/api/studies', headers: { cookie } });
    expect(list.json()).toEqual([]);
    const same = await createStudyFrom('http://localhost:80');
    expect(same.statusCode).toBe(201);
  });
});

describe('roles', () => {
  it('lets an observer read but not change a study, and hides the study from non-members', async () => {
    const owner = await signedInFacilitator(ctx.t, 'owner@example.org');
    const observer = await signedInFacilitator(ctx.t, 'observer@example.org');
    const stranger = await signedInFacilitator(ctx.t, 'stranger@example.org');
    const study = (await ctx.t.app.inject({ method: 'POST', url: '/api/studies', headers: { cookie: owner.cookie }, payload: studyBody })).json();
    await ctx.t.app.inject({
      method: 'PUT',
      url: `/api/studies/${study.id}/members`,
      headers: { cookie: owner.cookie },
      payload: { email: 'observer@example.org', role: 'observer' },
    });
    expect((await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.slug}`, headers: { cookie: observer.cookie } })).json().role).toBe('observer');
    const edit = await ctx.t.app.inject({
      method: 'PATCH',
      url: `/api/studies/${study.id}`,
      headers: { cookie: observer.cookie },
      payload: { title: 'Changed' },
    });
    expect(edit.statusCode).toBe(403);
    const hidden = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}`, headers: { cookie: stranger.cookie } });
    const missing = await ctx.t.app.inject({ method: 'GET', url: '/api/studies/999999', headers: { cookie: stranger.cookie } });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    const audit = (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/audit`, headers: { cookie: owner.cookie } })).json();
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['member.set', 'study.create']);
  });
});

describe('the API surface', () => {
  it('publishes an OpenAPI document and answers unknown routes and bad JSON in the one error shape', async () => {
    const doc = (await ctx.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/studies', '/api/rounds/{roundId}/close', '/api/panelist/answers/{itemVersionId}', '/api/health']),
    );
    const missing = await ctx.t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.json()).toMatchObject({ statusCode: 404, code: 'DELPHI_NOT_FOUND', error: 'Not Found' });
    const { cookie } = await signedInFacilitator(ctx.t);
    const bad = await ctx.t.app.inject({ method: 'POST', url: '/api/studies', headers: { cookie, 'content-type': 'application/json' }, payload: '{"title": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'DELPHI_BAD_REQUEST', message: 'The request body is not valid JSON.' });
    const invalid = await ctx.t.app.inject({
      method: 'POST',
      url: '/api/studies',
      headers: { cookie },
      payload: { ...studyBody, scale: { min: 1, max: 2 }, __proto__: { x: 1 } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('DELPHI_VALIDATION');
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok', database: 'ok' });
  });
});

describe('guessing', () => {
  it('stops token guessing from one address after ten failures with 429', async () => {
    const guesses = [];
    for (let i = 0; i < 11; i++) {
      guesses.push((await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: `guess-${i}` } })).statusCode);
    }
    expect(guesses).toEqual([...Array(10).fill(401), 429]);
    const other = await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: 'guess' }, remoteAddress: '10.9.8.7' });
    expect(other.statusCode).toBe(401);
  });
});
