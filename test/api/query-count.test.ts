import { afterEach, describe, expect, it } from 'vitest';
import { build, caller, itemsCsv, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

// A study's lists and its report must cost the same number of queries however many rounds it has: a query per
// round (N+1) is invisible with the two rounds of a test and slow with the many rounds of a real
// study. Counted on SQLite, where better-sqlite3 reports every statement it runs.

let t: TestApp | undefined;
afterEach(async () => await t?.close());

/** A study with `rounds` closed rounds of three items, and a function that counts the statements one request runs. */
async function studyWithRounds(rounds: number) {
  let statements = 0;
  t = await build({ backend: 'sqlite', onStatement: () => statements++ });
  const app = t;
  const { cookie } = await signedInFacilitator(app);
  const call = caller(
    () => app,
    () => cookie,
  );
  const study = await call('POST', '/api/studies', studyBody);
  await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(3) });
  await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelistsCsv(2) });
  for (let n = 0; n < rounds; n++) {
    const round = await call('POST', `/api/studies/${study.body.id}/rounds`, {});
    expect((await call('POST', `/api/rounds/${round.body.id}/open`)).status).toBe(200);
    expect((await call('POST', `/api/rounds/${round.body.id}/close`)).status).toBe(200);
  }
  // Read as text: the report is HTML, the lists JSON.
  const get = async (url: string) => await app.app.inject({ method: 'GET', url, headers: { cookie } });
  const statementsOf = async (url: string) => {
    await get(url); // a first call may store the study's secret for opaque ids, once
    const before = statements;
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    return { count: statements - before, body: res.body };
  };
  return { studyId: study.body.id as number, statementsOf };
}

describe('queries per request', () => {
  for (const [name, path, grows] of [
    ['GET /api/studies/:studyId/rounds', 'rounds', true],
    ['GET /api/studies/:studyId/export.json', 'export.json', true],
    ['GET /api/studies/:studyId/report.html', 'report.html', true],
    // The console's dashboards: the study's overview, its panel with each panelist's rounds, the item flow across rounds.
    ['GET /api/studies/:studyId', '', false],
    ['GET /api/studies/:studyId/panelists', 'panelists', false],
    ['GET /api/studies/:studyId/item-flow', 'item-flow', true],
    ['GET /api/studies/:studyId/email-status', 'email-status', false],
  ] as const) {
    // Two rounds, not one: from the second round on there are decisions, whose facilitators the report names in one more query.
    it(`${name} runs as many statements for five rounds as for two`, async () => {
      const two = await studyWithRounds(2);
      const single = await two.statementsOf(`/api/studies/${two.studyId}${path && `/${path}`}`);
      await t!.close();
      t = undefined;
      const five = await studyWithRounds(5);
      const many = await five.statementsOf(`/api/studies/${five.studyId}${path && `/${path}`}`);
      // The lists name every round, so a longer answer shows the extra rounds were read; the overviews only count them.
      if (grows) expect(many.body.length).toBeGreaterThan(single.body.length);
      expect(single.count).toBeGreaterThan(0);
      expect(many.count).toBe(single.count);
    });
  }
});
