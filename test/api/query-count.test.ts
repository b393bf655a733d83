import { afterEach, describe, expect, it } from 'vitest';
import { build, caller, itemsCsv, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

// A study's lists must cost the same number of queries however many rounds it has: a query per
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
  const statementsOf = async (url: string) => {
    await call('GET', url); // a first call may store the study's secret for opaque ids, once
    const before = statements;
    const res = await call('GET', url);
    expect(res.status).toBe(200);
    return { count: statements - before, body: res.body as unknown };
  };
  return { studyId: study.body.id as number, statementsOf };
}

describe('queries per request', () => {
  for (const [name, path] of [
    ['GET /api/studies/:studyId/rounds', 'rounds'],
    ['GET /api/studies/:studyId/export.json', 'export.json'],
  ] as const) {
    it(`${name} runs as many statements for four rounds as for one`, async () => {
      const one = await studyWithRounds(1);
      const single = await one.statementsOf(`/api/studies/${one.studyId}/${path}`);
      await t!.close();
      t = undefined;
      const four = await studyWithRounds(4);
      const many = await four.statementsOf(`/api/studies/${four.studyId}/${path}`);
      expect(JSON.stringify(many.body).length).toBeGreaterThan(JSON.stringify(single.body).length);
      expect(single.count).toBeGreaterThan(0);
      expect(many.count).toBe(single.count);
    });
  }
});
