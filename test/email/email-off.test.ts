import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, signedInFacilitator, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';
import { buildEmailApp, Clock, DAY } from './email-app';

const clock = new Clock();
const ctx = signedInAppPerTest(() => buildEmailApp({ smtp: null, clock }));
const { call } = ctx;

describe('without SMTP', () => {
  it('says e-mail is off, still shows and exports links, still runs schedules, and sends nothing', async () => {
    const s = (await call('POST', '/api/studies', studyBody)).body;
    await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
    const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelistsCsv(3) })).body;
    expect(invitations[0].link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/join#[A-Za-z0-9_-]{43}$/);
    expect(await panelistSession(ctx.t, invitations[0].link)).toMatch(/^delphi_panelist=/);

    expect((await call('GET', `/api/studies/${s.id}/email-status`)).body).toEqual({
      enabled: false,
      reason: 'SMTP_URL is not set, so the service sends no e-mail. Links are shown and exported for you to send.',
      from: null,
      timeZone: 'Europe/London',
      counts: { queued: 0, sent: 0, failed: 0, bounced: 0 },
    });
    const mailing = await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
    expect(mailing.status).toBe(409);
    expect(mailing.body.code).toBe('DELPHI_EMAIL_DISABLED');

    const round = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    const opensAt = new Date(clock.now().getTime() + DAY).toISOString();
    const closesAt = new Date(clock.now().getTime() + 10 * DAY).toISOString();
    expect((await call('PATCH', `/api/rounds/${round.id}/schedule`, { opensAt, closesAt, reminders: [{ daysBeforeClose: 3 }] })).status).toBe(200);
    clock.advance(DAY);
    expect(await ctx.t.app.scheduler.tick()).toEqual({ opened: [round.id], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });
    ctx.fac = (await signedInFacilitator(ctx.t, 'second@example.org', true)).cookie;
    expect((await call('POST', `/api/rounds/${round.id}/remind`)).body.code).toBe('DELPHI_EMAIL_DISABLED');
    clock.advance(7 * DAY);
    expect(await ctx.t.app.scheduler.tick()).toEqual({ opened: [], closed: [], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });
    clock.advance(2 * DAY);
    expect(await ctx.t.app.scheduler.tick()).toEqual({ opened: [], closed: [round.id], claimed: {}, takenOver: 0, sessionsDeleted: expect.any(Number) });
    ctx.fac = (await signedInFacilitator(ctx.t, 'third@example.org', true)).cookie;
    const summary = (await call('GET', `/api/rounds/${round.id}/reminders-summary`)).body;
    expect(summary).toMatchObject({ emailEnabled: false, overall: { invited: 3, remindersSent: 0 }, reminders: [] });
    expect((await ctx.t.db.raw('select count(*) as n from email_log'))[0]).toEqual({ n: 0 });
  });
});
