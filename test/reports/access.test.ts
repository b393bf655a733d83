import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panelistSession } from '../helpers/build';
import { demoApp, facilitatorCookie, type DemoApp } from './helpers';

const ROUTES = ['report.html', 'report.pdf', 'export.xlsx', 'export.csv', 'export.json'];

let d: DemoApp;
let actors: Record<'anonymous' | 'panelist' | 'otherFacilitator' | 'observer' | 'owner', string>;

beforeAll(async () => {
  d = await demoApp();
  actors = {
    anonymous: '',
    panelist: await panelistSession(d.t, d.panelistLinks[0]),
    otherFacilitator: await facilitatorCookie(d, 'stranger@example.org'),
    observer: await facilitatorCookie(d, 'observer@example.org', 'observer'),
    owner: d.owner,
  };
});
afterAll(() => d.t.close());

describe('who may take reports and data out of a study', () => {
  for (const route of ROUTES) {
    it(`GET /api/studies/:studyId/${route}: facilitators of the study and observers only`, async () => {
      const url = `/api/studies/${d.studyId}/${route}`;
      const status = async (cookie: string) => (await d.get(url, cookie)).status;
      // Not signed in as a facilitator (nobody, or a panelist's session): 401, as on every facilitator route.
      expect(await status(actors.anonymous)).toBe(401);
      expect(await status(actors.panelist)).toBe(401);
      // A facilitator of another study cannot even learn that this one exists.
      expect(await status(actors.otherFacilitator)).toBe(404);
      expect(await status(actors.observer)).toBe(200);
      expect(await status(actors.owner)).toBe(200);
    });
  }

  it('records every export in the study’s audit log, with who took it', async () => {
    const audit = await d.json(`/api/studies/${d.studyId}/audit?limit=1000`);
    const exports = audit.filter((a: { action: string }) => a.action === 'study.export');
    expect(exports.map((a: { details: { format: string } }) => a.details.format).sort()).toEqual(
      ['csv', 'html', 'json', 'pdf', 'xlsx', 'csv', 'html', 'json', 'pdf', 'xlsx'].sort(),
    );
    expect(new Set(exports.map((a: { facilitatorId: number }) => a.facilitatorId)).size).toBe(2);
  });

  it('lets only signed-in facilitators import, and anyone read the published schema', async () => {
    for (const cookie of [actors.anonymous, actors.panelist]) {
      const res = await d.t.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie, 'content-type': 'application/json' }, payload: '{}' });
      expect(res.statusCode).toBe(401);
    }
    expect((await d.get('/api/schemas/study-export.json', '')).status).toBe(200);
  });
});
