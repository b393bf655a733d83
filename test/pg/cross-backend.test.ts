import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, signedInFacilitator, type TestApp } from '../helpers/build';
import { closeOpenRound, demoApp, type DemoApp } from '../reports/helpers';

/**
 * Same results on both backends: the demo study, run on SQLite, exported as JSON and imported
 * into PostgreSQL, recomputes to the very same statistics, outcomes and participation.
 */
let onSqlite: DemoApp;
let onPostgres: TestApp;
let cookie: string;
beforeAll(async () => {
  onSqlite = await demoApp('sqlite');
  expect(onSqlite.t.db.dialect).toBe('sqlite');
  await closeOpenRound(onSqlite);
  onPostgres = await build();
  expect(onPostgres.db.dialect).toBe('postgres');
  cookie = (await signedInFacilitator(onPostgres, 'importer@example.org')).cookie;
});
afterAll(async () => {
  await onSqlite?.t.close();
  await onPostgres?.close();
});

const withoutIds = (r: { itemId?: string; versionId?: string }) => {
  const { itemId: _i, versionId: _v, ...rest } = r;
  return rest;
};

describe('a study moved from SQLite to PostgreSQL', () => {
  it('recomputes to identical results, outcomes and participation in every round', async () => {
    const exported = await onSqlite.get(`/api/studies/${onSqlite.studyId}/export.json`);
    const res = await onPostgres.app.inject({
      method: 'POST',
      url: '/api/studies/import',
      headers: { cookie, 'content-type': 'application/json' },
      payload: exported.text,
    });
    expect(res.statusCode, res.body).toBe(201);
    const imported = res.json();
    expect(imported.verification).toEqual({ roundsChecked: 2, itemsChecked: 40, identical: true, differences: [] });

    const get = (url: string) => onPostgres.app.inject({ method: 'GET', url, headers: { cookie } }).then((r) => r.json());
    const before = await onSqlite.json(`/api/studies/${onSqlite.studyId}/rounds`);
    const after = await get(`/api/studies/${imported.studyId}/rounds`);
    expect(after.map((r: { number: number; status: string; itemCount: number }) => [r.number, r.status, r.itemCount])).toEqual(
      before.map((r: { number: number; status: string; itemCount: number }) => [r.number, r.status, r.itemCount]),
    );
    for (const [i, round] of before.entries()) {
      const a = await onSqlite.json(`/api/rounds/${round.id}/results`);
      const b = await get(`/api/rounds/${after[i].id}/results`);
      expect(b.items.map((x: { code: string; outcome: string; result: object }) => [x.code, x.outcome, withoutIds(x.result)])).toEqual(
        a.items.map((x: { code: string; outcome: string; result: object }) => [x.code, x.outcome, withoutIds(x.result)]),
      );
      expect((await get(`/api/rounds/${after[i].id}/participation`)).byGroup).toEqual((await onSqlite.json(`/api/rounds/${round.id}/participation`)).byGroup);
    }
  });
});
