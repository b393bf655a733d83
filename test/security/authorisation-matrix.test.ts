import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacilitator } from '../../api/services/facilitator-service';
import { build, cookieFrom, itemsCsv, panelistSession, panelistsCsv, studyBody, type TestApp } from '../helpers/build';

/**
 * Every route in Fastify's route table, every actor, against an expected table. A route that is
 * not in the table fails the test, so a new route cannot ship without deciding who may call it.
 */
type Actor = 'anonymous' | 'panelist' | 'otherPanelist' | 'withdrawnPanelist' | 'observer' | 'otherFacilitator' | 'owner' | 'admin';
const ACTORS: Actor[] = ['anonymous', 'panelist', 'otherPanelist', 'withdrawnPanelist', 'observer', 'otherFacilitator', 'owner', 'admin'];

const everyone = new Set<Actor>(ACTORS);
const anyFacilitator = new Set<Actor>(['observer', 'otherFacilitator', 'owner', 'admin']);
const readers = new Set<Actor>(['observer', 'owner', 'admin']);
const writers = new Set<Actor>(['owner', 'admin']);
const admins = new Set<Actor>(['admin']);
const anyPanelist = new Set<Actor>(['panelist', 'otherPanelist']);
const thisStudysPanelist = new Set<Actor>(['panelist']);

interface Fixture {
  studyId: number;
  itemId: number;
  itemVersionId: number;
  closedRoundId: number;
  openRoundId: number;
  /** A ranking block of the open round. */
  blockId: number;
  targetPanelistId: number;
  observerId: number;
  slug: string;
}
interface Entry {
  allowed: Set<Actor> | 'websocket';
  request?: (f: Fixture) => { url: string; body?: unknown; headers?: Record<string, string> };
}

const E = (allowed: Set<Actor>, request: Entry['request']): Entry => ({ allowed, request });
const item = (f: Fixture) => `/api/studies/${f.studyId}/items/${f.itemId}`;

const TABLE: Record<string, Entry> = {
  'GET /*': E(everyone, () => ({ url: '/studies' })), // the web app and its assets
  'GET /api/docs': E(everyone, () => ({ url: '/api/docs' })),
  'GET /api/docs/static/index.html': E(everyone, () => ({ url: '/api/docs/static/index.html' })),
  'GET /api/docs/static/swagger-initializer.js': E(everyone, () => ({ url: '/api/docs/static/swagger-initializer.js' })),
  'GET /api/docs/json': E(everyone, () => ({ url: '/api/docs/json' })),
  'GET /api/docs/yaml': E(everyone, () => ({ url: '/api/docs/yaml' })),
  'GET /api/docs/static/*': E(everyone, () => ({ url: '/api/docs/static/swagger-ui.css' })),
  'GET /api/openapi.json': E(everyone, () => ({ url: '/api/openapi.json' })),
  'GET /api/health': E(everyone, () => ({ url: '/api/health' })),
  'GET /api/health/live': E(everyone, () => ({ url: '/api/health/live' })),
  'GET /api/health/ready': E(everyone, () => ({ url: '/api/health/ready' })),
  'GET /api/live/panel': { allowed: 'websocket' },
  'GET /api/live/studies/:studyId': { allowed: 'websocket' },
  'POST /api/auth/sign-in': E(everyone, () => ({ url: '/api/auth/sign-in', body: { email: 'nobody@example.org', password: 'x' } })),
  'POST /api/auth/sign-out': E(everyone, () => ({ url: '/api/auth/sign-out' })),
  'GET /api/auth/me': E(anyFacilitator, () => ({ url: '/api/auth/me' })),
  'PATCH /api/auth/me': E(anyFacilitator, () => ({ url: '/api/auth/me', body: { language: null } })),
  'POST /api/auth/password': E(anyFacilitator, () => ({ url: '/api/auth/password', body: { currentPassword: 'wrong', newPassword: 'long enough password' } })),
  'POST /api/auth/facilitators': E(admins, () => ({ url: '/api/auth/facilitators', body: { email: `new-${Math.random()}@example.org` } })),
  'GET /api/studies': E(anyFacilitator, () => ({ url: '/api/studies' })),
  'POST /api/studies': E(anyFacilitator, () => ({ url: '/api/studies', body: studyBody })),
  'GET /api/studies/:studyId': E(readers, (f) => ({ url: `/api/studies/${f.slug}` })),
  'PATCH /api/studies/:studyId': E(writers, (f) => ({ url: `/api/studies/${f.studyId}`, body: { title: 'Renamed' } })),
  'POST /api/studies/:studyId/close': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/close` })), // 409 here: round 2 is open
  'PUT /api/studies/:studyId/protocol': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/protocol`,
    body: { bands: { agree: [7, 9], disagree: [1, 3] }, rules: [{ outcome: 'consensus_in', when: 'pct_agree >= 75' }], stability: { when: 'change_pct < 15' } },
  })),
  'GET /api/protocol-presets': E(anyFacilitator, () => ({ url: '/api/protocol-presets?min=1&max=9' })),
  'GET /api/studies/:studyId/categories': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/categories` })),
  'POST /api/studies/:studyId/categories': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/categories`,
    body: { code: `C${Math.floor(Math.random() * 1e6)}`, names: { en: 'Culture' } },
  })),
  'GET /api/studies/:studyId/items': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/items` })),
  'POST /api/studies/:studyId/items': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/items`,
    body: { code: `X${Math.floor(Math.random() * 1e6)}`, texts: { en: 'New' } },
  })),
  'PATCH /api/studies/:studyId/items/:itemId': E(writers, (f) => ({ url: item(f), body: { position: 3 } })),
  'POST /api/studies/:studyId/items/import': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/items/import`,
    body: { csv: `code,text_en\nZ${Math.floor(Math.random() * 1e6)},Imported` },
  })),
  'GET /api/studies/:studyId/members': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/members` })),
  'PUT /api/studies/:studyId/members': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/members`,
    body: { email: 'observer@example.org', role: 'observer' },
  })),
  'DELETE /api/studies/:studyId/members/:facilitatorId': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/members/${f.observerId}` })),
  'GET /api/studies/:studyId/audit': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/audit` })),
  'GET /api/studies/:studyId/panelists': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/panelists` })),
  'POST /api/studies/:studyId/panelists': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/panelists`,
    body: { attributes: { sector: 'health', role_level: 'strategic' } },
  })),
  'POST /api/studies/:studyId/panelists/import': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/panelists/import`,
    body: { csv: 'sector,role_level\nhealth,strategic' },
  })),
  'POST /api/studies/:studyId/panelists/:panelistId/reissue': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/panelists/${f.targetPanelistId}/reissue` })),
  'POST /api/studies/:studyId/panelists/:panelistId/revoke': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/panelists/${f.targetPanelistId}/revoke` })),
  'POST /api/studies/:studyId/panelists/:panelistId/withdraw': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/panelists/${f.targetPanelistId}/withdraw`,
    body: {},
  })),
  'GET /api/studies/:studyId/rounds': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/rounds` })),
  'POST /api/studies/:studyId/rounds': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/rounds`, body: {} })),
  'GET /api/rounds/:roundId': E(readers, (f) => ({ url: `/api/rounds/${f.closedRoundId}` })),
  'POST /api/rounds/:roundId/open': E(writers, (f) => ({ url: `/api/rounds/${f.openRoundId}/open` })),
  'POST /api/rounds/:roundId/close': E(writers, (f) => ({ url: `/api/rounds/${f.openRoundId}/close` })),
  'GET /api/rounds/:roundId/blocks': E(readers, (f) => ({ url: `/api/rounds/${f.openRoundId}/blocks` })),
  // 409 for the allowed: the round is open, so its blocks can no longer change.
  'POST /api/rounds/:roundId/blocks': E(writers, (f) => ({
    url: `/api/rounds/${f.openRoundId}/blocks`,
    body: { kind: 'ranking', config: { items: ['I1', 'I2'] } },
  })),
  'PUT /api/rounds/:roundId/blocks/:blockId': E(writers, (f) => ({ url: `/api/rounds/${f.openRoundId}/blocks/${f.blockId}`, body: { position: 0 } })),
  'DELETE /api/rounds/:roundId/blocks/:blockId': E(writers, (f) => ({ url: `/api/rounds/${f.openRoundId}/blocks/${f.blockId}` })),
  // 400 or 409 for the allowed: the block is a ranking on an open round, which is checked after access.
  'PUT /api/rounds/:roundId/blocks/:blockId/threshold': E(writers, (f) => ({
    url: `/api/rounds/${f.openRoundId}/blocks/${f.blockId}/threshold`,
    body: { threshold: 1 },
  })),
  'GET /api/rounds/:roundId/participation': E(readers, (f) => ({ url: `/api/rounds/${f.openRoundId}/participation` })),
  'GET /api/rounds/:roundId/results': E(readers, (f) => ({ url: `/api/rounds/${f.closedRoundId}/results` })),
  'GET /api/rounds/:roundId/comments': E(readers, (f) => ({ url: `/api/rounds/${f.closedRoundId}/comments` })),
  // 400 for those let through: "xx" is not a study language, which is checked after access.
  'PUT /api/rounds/:roundId/comments/:responseId/translations/:language': E(writers, (f) => ({
    url: `/api/rounds/${f.closedRoundId}/comments/1/translations/xx`,
    body: { text: 'Übersetzung' },
  })),
  'DELETE /api/rounds/:roundId/comments/:responseId/translations/:language': E(writers, (f) => ({
    url: `/api/rounds/${f.closedRoundId}/comments/1/translations/xx`,
  })),
  'GET /api/rounds/:roundId/comment-translations/export': E(readers, (f) => ({
    url: `/api/rounds/${f.closedRoundId}/comment-translations/export?language=fr&format=csv`,
  })),
  'POST /api/rounds/:roundId/comment-translations/import': E(writers, (f) => ({
    url: `/api/rounds/${f.closedRoundId}/comment-translations/import`,
    body: { language: 'fr', format: 'csv', content: 'id,target_language,target\n' },
  })),
  'GET /api/studies/:studyId/item-flow': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/item-flow` })),
  'GET /api/studies/:studyId/items/:itemId/history': E(readers, (f) => ({ url: `${item(f)}/history` })),
  'GET /api/rounds/:roundId/schedule': E(readers, (f) => ({ url: `/api/rounds/${f.openRoundId}/schedule` })),
  'PATCH /api/rounds/:roundId/schedule': E(writers, (f) => ({
    url: `/api/rounds/${f.openRoundId}/schedule`,
    body: { closesAt: '2099-01-31T17:00:00Z', reminders: [{ daysBeforeClose: 7 }, { daysBeforeClose: 2 }] },
  })),
  'POST /api/rounds/:roundId/remind': E(writers, (f) => ({ url: `/api/rounds/${f.openRoundId}/remind` })), // 409 here: e-mail is off
  'GET /api/rounds/:roundId/reminders-summary': E(readers, (f) => ({ url: `/api/rounds/${f.openRoundId}/reminders-summary` })),
  'GET /api/studies/:studyId/email-status': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/email-status` })),
  'GET /api/studies/:studyId/email-templates': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/email-templates` })),
  'PUT /api/studies/:studyId/email-templates': E(writers, (f) => ({
    url: `/api/studies/${f.studyId}/email-templates`,
    body: { language: 'fr', kind: 'reminder', subject: 'Rappel : {{study_title}}', body: 'Votre lien : {{link}}\nPlus de rappels : {{opt_out_link}}' },
  })),
  'DELETE /api/studies/:studyId/email-templates/:language/:kind': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/email-templates/fr/reminder` })),
  'GET /api/studies/:studyId/email-log': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/email-log?roundId=${f.openRoundId}` })),
  // 409 here: e-mail is off
  'POST /api/studies/:studyId/mailings': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/mailings`, body: { kind: 'invitation' } })),
  'POST /api/studies/:studyId/email-log/:logId/resend': E(writers, (f) => ({ url: `/api/studies/${f.studyId}/email-log/1/resend` })), // 409 here: e-mail is off
  'GET /api/studies/:studyId/report.html': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/report.html` })),
  'GET /api/studies/:studyId/report.pdf': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/report.pdf?round=1` })),
  'GET /api/studies/:studyId/reporting-checklist': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/reporting-checklist` })),
  'GET /api/studies/:studyId/export.xlsx': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/export.xlsx` })),
  'GET /api/studies/:studyId/export.csv': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/export.csv` })),
  'GET /api/studies/:studyId/relations.csv': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/relations.csv` })),
  'GET /api/studies/:studyId/rankings.csv': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/rankings.csv` })),
  'GET /api/studies/:studyId/ranks.csv': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/ranks.csv` })),
  'GET /api/studies/:studyId/export.json': E(readers, (f) => ({ url: `/api/studies/${f.studyId}/export.json` })),
  'POST /api/studies/import': E(anyFacilitator, () => ({ url: '/api/studies/import', body: {} })), // 400 here: not an export
  'GET /api/schemas/study-export.json': E(everyone, () => ({ url: '/api/schemas/study-export.json' })),
  'POST /api/panelist/invitation': E(everyone, () => ({ url: '/api/panelist/invitation', body: { token: 'not-a-token' } })),
  'POST /api/panelist/session': E(everyone, () => ({ url: '/api/panelist/session', body: { token: 'not-a-token' } })),
  'GET /api/panelist/me': E(anyPanelist, () => ({ url: '/api/panelist/me' })),
  'PATCH /api/panelist/me': E(anyPanelist, () => ({ url: '/api/panelist/me', body: { language: 'en' } })),
  'GET /api/panelist/round': E(anyPanelist, () => ({ url: '/api/panelist/round' })),
  'GET /api/panelist/rounds/:roundId/feedback': E(thisStudysPanelist, (f) => ({ url: `/api/panelist/rounds/${f.closedRoundId}/feedback` })),
  'PUT /api/panelist/blocks/:blockId/answers': E(thisStudysPanelist, (f) => ({
    url: `/api/panelist/blocks/${f.blockId}/answers`,
    body: { answers: [{ subject: 'I2', value: 1 }] },
    headers: { 'idempotency-key': `matrix-${Math.random()}` },
  })),
  'PUT /api/panelist/answers/:itemVersionId': E(thisStudysPanelist, (f) => ({
    url: `/api/panelist/answers/${f.itemVersionId}`,
    body: { value: 5 },
    headers: { 'idempotency-key': `matrix-${Math.random()}` },
  })),
  'POST /api/panelist/ideas': E(anyPanelist, () => ({ url: '/api/panelist/ideas', body: { text: 'An idea' } })),
  'POST /api/panelist/withdraw': E(anyPanelist, () => ({ url: '/api/panelist/withdraw' })),
  'POST /api/panelist/unsubscribe': E(everyone, () => ({ url: '/api/panelist/unsubscribe', body: { token: 'not-a-token' } })),
  'POST /api/panelist/sign-out': E(everyone, () => ({ url: '/api/panelist/sign-out' })),
};

let t: TestApp;
const cookies: Partial<Record<Actor, string>> = { anonymous: '' };
let ids: { observer: number };

const passwords: Partial<Record<Actor, { email: string; password: string }>> = {};

beforeAll(async () => {
  // The matrix makes many deliberate failures; the scheduler timer is on, as in the server, for /api/health/ready.
  t = await build({ maxFailedAttempts: 100_000, schedulerIntervalMs: 3_600_000 });
  for (const [actor, email, isAdmin] of [
    ['owner', 'owner@example.org', false],
    ['observer', 'observer@example.org', false],
    ['otherFacilitator', 'other@example.org', false],
    ['admin', 'admin@example.org', true],
  ] as const) {
    const { facilitator, oneTimePassword } = await createFacilitator(t.db, { email, isAdmin, mustChangePassword: false }, null);
    passwords[actor] = { email, password: oneTimePassword };
    if (actor === 'observer') ids = { observer: facilitator.id };
  }
});
afterAll(() => t.close());

async function call(method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: method as 'GET', url, headers: { cookie, ...headers }, payload: body as object });
}

/** A study with a closed round 1 and an open round 2, and a second study for the "other" actors. */
async function fixture(): Promise<Fixture> {
  // Fresh sessions each time: a previous route may have signed an actor out.
  for (const [actor, creds] of Object.entries(passwords)) {
    cookies[actor as Actor] = cookieFrom(await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: creds }), 'delphi_facilitator');
  }
  const owner = cookies.owner!;
  const s = (await call('POST', '/api/studies', owner, studyBody)).json();
  await call('POST', `/api/studies/${s.id}/items/import`, owner, { createCategories: true, csv: itemsCsv(2) });
  const imported = await call('POST', `/api/studies/${s.id}/panelists/import`, owner, { csv: panelistsCsv(4) });
  const { invitations } = imported.json();
  if (!invitations) throw new Error(imported.body);
  await call('PUT', `/api/studies/${s.id}/members`, owner, { email: 'observer@example.org', role: 'observer' });
  const r1 = (await call('POST', `/api/studies/${s.id}/rounds`, owner, {})).json();
  await call('POST', `/api/rounds/${r1.id}/open`, owner);
  cookies.panelist = await panelistSession(t, invitations[0].link);
  cookies.withdrawnPanelist = await panelistSession(t, invitations[1].link);
  await call('POST', `/api/studies/${s.id}/panelists/${invitations[1].panelistId}/withdraw`, owner, {});
  await call('POST', `/api/rounds/${r1.id}/close`, owner);
  const r2 = (await call('POST', `/api/studies/${s.id}/rounds`, owner, {})).json();
  const block = (await call('POST', `/api/rounds/${r2.id}/blocks`, owner, { kind: 'ranking', config: { items: ['I1', 'I2'] } })).json();
  await call('POST', `/api/rounds/${r2.id}/open`, owner);
  const items = (await call('GET', `/api/studies/${s.id}/items`, owner)).json();

  const other = cookies.otherFacilitator!;
  const o = (await call('POST', '/api/studies', other, studyBody)).json();
  await call('POST', `/api/studies/${o.id}/items/import`, other, { createCategories: true, csv: itemsCsv(1) });
  const otherInv = (await call('POST', `/api/studies/${o.id}/panelists/import`, other, { csv: panelistsCsv(1) })).json().invitations;
  const ro = (await call('POST', `/api/studies/${o.id}/rounds`, other, { kind: 'ideas' })).json();
  await call('POST', `/api/rounds/${ro.id}/open`, other);
  cookies.otherPanelist = await panelistSession(t, otherInv[0].link);
  return {
    studyId: s.id,
    slug: s.slug,
    itemId: items[0].id,
    itemVersionId: items[0].versionId,
    closedRoundId: r1.id,
    openRoundId: r2.id,
    blockId: block.id,
    targetPanelistId: invitations[2].panelistId,
    observerId: ids.observer,
  };
}

const DENIED = new Set([401, 403, 404]);
const FACILITATORS = new Set<Actor>(['observer', 'otherFacilitator', 'owner', 'admin']);
const auditCount = async () => ((await t.db.raw('select count(*) as n from audit_log'))[0] as { n: number }).n;

describe('authorisation matrix', () => {
  it('has an entry for every route in the route table', () => {
    const missing = t.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => !(k in TABLE));
    expect(missing).toEqual([]);
  });

  for (const [key, entry] of Object.entries(TABLE)) {
    if (entry.allowed === 'websocket') continue; // upgrade checks: test/api/live.test.ts
    it(`${key}: only ${[...entry.allowed].join(', ')} get through; denials carry no data`, async () => {
      const f = await fixture();
      const [method] = key.split(' ');
      const allowed = entry.allowed as Set<Actor>;
      // Denied actors first, so an allowed actor's change cannot hide a denial.
      const order = [...ACTORS.filter((a) => !allowed.has(a)), ...ACTORS.filter((a) => allowed.has(a))];
      const seen: string[] = [];
      for (const actor of order) {
        const req = entry.request!(f);
        const audited = await auditCount();
        const res = await call(method, req.url, cookies[actor]!, req.body, req.headers);
        seen.push(`${actor}:${res.statusCode}`);
        if (allowed.has(actor)) {
          expect(
            DENIED.has(res.statusCode) && res.json().code !== 'DELPHI_BAD_CREDENTIALS' && res.json().code !== 'DELPHI_INVITATION_INVALID',
            `${actor} should pass ${key} (${seen.join(' ')}): ${res.body}`,
          ).toBe(false);
          expect(res.statusCode, `${actor} on ${key}: ${res.body}`).toBeLessThan(500);
          // Every change a facilitator makes lands in the audit log.
          if (method !== 'GET' && FACILITATORS.has(actor) && res.statusCode < 300 && !key.startsWith('POST /api/panelist/')) {
            expect(await auditCount(), `${actor} on ${key} left no audit entry`).toBeGreaterThan(audited);
          }
        } else {
          expect(DENIED.has(res.statusCode), `${actor} should be denied ${key} (${seen.join(' ')}): ${res.body}`).toBe(true);
          expect(Object.keys(res.json()).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
        }
      }
    });
  }
});
