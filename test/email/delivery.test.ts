import { describe, expect, it } from 'vitest';
import { cookieFrom, itemsCsv, studyBody } from '../helpers/build';
import { DAY, emailAppPerTest, FROM } from './email-app';
import { linkToken, optOutToken } from './mail-server';

const ctx = emailAppPerTest({ refuse: (a) => a.startsWith('nobody@') });
const { call } = ctx;

const session = (token: string) => ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token } });

/** en, fr, en without an address, and an address the SMTP server refuses. */
async function study(title = studyBody.title) {
  const s = (await call('POST', '/api/studies', { ...studyBody, title })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const csv = [
    'code,email,language,sector,role_level',
    'A1,ann@example.org,en,health,strategic',
    'B2,bea@example.org,fr,voluntary,operational',
    'C3,,en,health,operational',
    'D4,nobody@example.org,en,social_care,strategic',
  ].join('\n');
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv })).body;
  const ids = Object.fromEntries(invitations.map((i: { code: string; panelistId: number }) => [i.code, i.panelistId])) as Record<string, number>;
  return { id: s.id as number, ids };
}

describe('POST /api/studies/:studyId/mailings', () => {
  it('e-mails each invitation in the panelist’s language, with a working personal link, a plain-text part and List-Unsubscribe', async () => {
    const s = await study('Trust <b>between</b> partners & co');
    const sent = await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ queued: 3, skipped: 0 });
    await ctx.t.app.email.idle();

    expect(ctx.smtp.messages.map((m) => m.envelopeTo).sort()).toEqual([['ann@example.org'], ['bea@example.org']]);
    const [en] = ctx.smtp.to('ann@example.org');
    const [fr] = ctx.smtp.to('bea@example.org');
    expect(en.headers.from).toMatch(/^"?Delphi study"? <delphi@example\.org>$/);
    expect(en.envelopeFrom).toBe('delphi@example.org');
    expect(en.headers.to).toBe('ann@example.org');
    expect(en.subject).toBe('Invitation to the Delphi study "Trust <b>between</b> partners & co"');
    expect(fr.subject).toBe('Invitation à l’étude Delphi « Trust <b>between</b> partners & co »');
    expect(en.headers['content-language']).toBe('en');
    expect(fr.headers['content-language']).toBe('fr');
    expect(en.headers['auto-submitted']).toBe('auto-generated');
    expect(en.text).toContain('Your personal link (please do not forward it):');
    expect(fr.text).toContain('Votre lien personnel (merci de ne pas le transférer) :');

    const token = linkToken(en);
    expect(token).not.toBe(linkToken(fr));
    expect(en.headers['list-unsubscribe']).toBe(`<http://127.0.0.1:3000/join?reminders=off#${optOutToken(en)}>`);
    // The HTML part shows the facilitator's text and the study's title as text, never as markup.
    expect(en.html).toContain('Trust &lt;b&gt;between&lt;/b&gt; partners &amp; co');
    expect(en.html).not.toContain('<b>between</b>');
    expect(en.html).toContain(`<a href="http://127.0.0.1:3000/join#${token}">`);
    expect(en.html).toMatch(/^<!doctype html>\n<html lang="en">/);

    const opened = await session(token);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().panelist).toMatchObject({ code: 'A1', language: 'en', status: 'active', reminders: true });
    expect((await session(linkToken(fr))).json().panelist.code).toBe('B2');

    const log = (await call('GET', `/api/studies/${s.id}/email-log`)).body;
    expect(log.map((l: { code: string; kind: string; status: string }) => [l.code, l.kind, l.status]).sort()).toEqual([
      ['A1', 'invitation', 'sent'],
      ['B2', 'invitation', 'sent'],
      ['D4', 'invitation', 'bounced'],
    ]);
    const bounced = log.find((l: { code: string }) => l.code === 'D4');
    expect(bounced.error).toMatch(/550/);
    expect(bounced.sentAt).toBe(ctx.clock.now().toISOString());
    expect((await call('GET', `/api/studies/${s.id}/email-status`)).body).toEqual({
      enabled: true,
      reason: null,
      from: FROM,
      timeZone: 'Europe/London',
      counts: { queued: 0, sent: 2, failed: 0, bounced: 1 },
    });

    // Only hashes are stored: no token from any e-mail is in the database.
    const dump = (await Promise.all(['panelists', 'panelist_links', 'email_log', 'audit_log', 'sessions'].map((n) => ctx.t.db.raw(`select * from ${n}`))))
      .map((rows) => JSON.stringify(rows))
      .join();
    for (const m of ctx.smtp.messages) expect(dump).not.toContain(linkToken(m));
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body;
    expect(audit[0]).toMatchObject({ action: 'email.send', details: { kind: 'invitation', queued: 3, skipped: 0 } });
  });

  it('sends an invitation once per issued link: again only after the link is re-issued', async () => {
    const s = await study();
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
    await ctx.t.app.email.idle();
    expect((await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' })).body).toEqual({ queued: 0, skipped: 3 });
    await ctx.t.app.email.idle();
    expect(ctx.smtp.to('ann@example.org')).toHaveLength(1);

    await call('POST', `/api/studies/${s.id}/panelists/${s.ids.A1}/reissue`);
    expect((await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation', panelistIds: [s.ids.A1, s.ids.B2] })).body).toEqual({
      queued: 1,
      skipped: 1,
    });
    await ctx.t.app.email.idle();
    expect(ctx.smtp.to('ann@example.org')).toHaveLength(2);
    expect(ctx.smtp.to('bea@example.org')).toHaveLength(1);

    const foreign = await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'thank_you', panelistIds: [999_999] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toBe('Panelist 999999 is not in this study.');
  });
});

describe('links sent by e-mail', () => {
  it('all stop working when the invitation is revoked or re-issued, or the panelist withdraws, and each expires like the invitation', async () => {
    const s = await study();
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'thank_you' });
    await ctx.t.app.email.idle();
    const [invitationA, thanksA] = ctx.smtp.to('ann@example.org').map(linkToken);
    expect((await session(invitationA)).statusCode).toBe(200);
    expect((await session(thanksA)).statusCode).toBe(200);

    await call('POST', `/api/studies/${s.id}/panelists/${s.ids.A1}/reissue`);
    const unknown = await session('x'.repeat(43));
    for (const token of [invitationA, thanksA]) {
      const res = await session(token);
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe(unknown.body);
    }

    const [invitationB] = ctx.smtp.to('bea@example.org').map(linkToken);
    await call('POST', `/api/studies/${s.id}/panelists/${s.ids.B2}/withdraw`, {});
    expect((await session(invitationB)).statusCode).toBe(401);

    // A new mail after the re-issue works, until the invitation is revoked.
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation', panelistIds: [s.ids.A1] });
    await ctx.t.app.email.idle();
    const fresh = linkToken(ctx.smtp.to('ann@example.org').at(-1)!);
    expect((await session(fresh)).statusCode).toBe(200);
    await call('POST', `/api/studies/${s.id}/panelists/${s.ids.A1}/revoke`);
    expect((await session(fresh)).body).toBe(unknown.body);
    expect((await ctx.t.db.raw('select count(*) as n from panelist_links where panelist_id = ? and revoked_at is null', [s.ids.A1]))[0]).toEqual({ n: 0 });

    // Each e-mailed link expires a year after it was sent (INVITATION_TTL_DAYS = 365).
    const late = (await call('POST', `/api/studies/${s.id}/panelists`, { email: 'eve@example.org', attributes: { sector: 'health', role_level: 'strategic' } }))
      .body;
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation', panelistIds: [late.panelistId] });
    await ctx.t.app.email.idle();
    const yearOld = linkToken(ctx.smtp.to('eve@example.org')[0]);
    ctx.clock.advance(364 * DAY);
    expect((await session(yearOld)).statusCode).toBe(200);
    ctx.clock.advance(2 * DAY);
    expect((await session(yearOld)).body).toBe(unknown.body);
  });
});

describe('opting out of reminders', () => {
  it('turns reminders off with the token of an e-mail’s opt-out link, without a session, and on again from the app', async () => {
    const s = await study();
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
    await ctx.t.app.email.idle();
    const [mail] = ctx.smtp.to('ann@example.org');

    const wrong = await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/unsubscribe', payload: { token: 'y'.repeat(43) } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('DELPHI_INVITATION_INVALID');
    const off = await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/unsubscribe', payload: { token: optOutToken(mail) } });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ ok: true, reminders: false });
    expect(off.cookies).toEqual([]);

    const cookie = cookieFrom(await session(linkToken(mail)), 'delphi_panelist');
    expect((await call('GET', '/api/panelist/me', undefined, cookie)).body.panelist.reminders).toBe(false);
    const on = await call('PATCH', '/api/panelist/me', { reminders: true }, cookie);
    expect(on.body.panelist).toMatchObject({ reminders: true, language: 'en' });
    expect((await call('PATCH', '/api/panelist/me', {}, cookie)).status).toBe(400);
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body.map((a: { action: string }) => a.action);
    expect(audit.slice(0, 2)).toEqual(['panelist.reminders_on', 'panelist.reminders_off']);
  });
});
