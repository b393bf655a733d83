import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPanelists } from '../../api/repositories/panelists';
import { listRounds } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { listAnswerColumnsForRound } from '../../api/repositories/answer-columns';
import { build, itemsCsv, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/**
 * A transaction holds one connection, and the services sometimes ask it for several reads at once
 * (a close reads the panel and the answers together). pg 8 queued such reads on the connection and
 * warned that pg 9 will refuse a query while another is running; db/postgres.ts sends them one
 * after another itself. Each file of this suite runs in a process of its own, so the driver's
 * once-per-process warning has not been spent by another file.
 */
let t: TestApp;
let studyId: number;
let roundId: number;
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(w.message);

beforeAll(async () => {
  process.on('warning', onWarning);
  t = await build();
  const owner = (await signedInFacilitator(t)).cookie;
  const post = async (url: string, payload?: object) => (await t.app.inject({ method: 'POST', url, payload, headers: { cookie: owner } })).json();
  studyId = (await post('/api/studies', studyBody)).id;
  await post(`/api/studies/${studyId}/items/import`, { createCategories: true, csv: itemsCsv(3) });
  await post(`/api/studies/${studyId}/panelists/import`, { csv: panelistsCsv(12) });
  roundId = (await post(`/api/studies/${studyId}/rounds`, {})).id;
});
afterAll(async () => {
  process.off('warning', onWarning);
  await t.close();
});

const readAll = (db: TestApp['db']) =>
  Promise.all([
    findStudy(db, studyId),
    listPanelists(db, studyId),
    listRounds(db, studyId),
    listAnswerColumnsForRound(db, roundId),
    listPanelists(db, studyId),
  ]);

describe('reads asked for at once inside a transaction', () => {
  it('all answer, each with its own rows, and the driver never gets a query while another runs', async () => {
    const outside = await readAll(t.db);
    expect(outside[1]).toHaveLength(12);
    expect(outside[2].map((r) => r.id)).toEqual([roundId]);

    const inside = await t.db.transaction((tx) => readAll(tx));
    expect(inside).toEqual(outside);
    // Twenty at once, in the order asked for.
    const many = await t.db.transaction((tx) => Promise.all(Array.from({ length: 20 }, () => listRounds(tx, studyId))));
    expect(many.map((rounds) => rounds.map((r) => r.id))).toEqual(Array.from({ length: 20 }, () => [roundId]));

    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((m) => m.includes('already executing a query'))).toEqual([]);
  });

  it('a read that fails among others fails the transaction, and the connection serves the next one', async () => {
    // NaN is no integer: PostgreSQL refuses the statement (22P02), and the reads queued behind it fail with the transaction.
    const failing = t.db.transaction((tx) => Promise.all([listPanelists(tx, studyId), findStudy(tx, Number.NaN), listRounds(tx, studyId)]));
    await expect(failing).rejects.toThrow();
    const after = await t.db.transaction((tx) => Promise.all([listRounds(tx, studyId), findStudy(tx, studyId)]));
    expect(after[0].map((r) => r.id)).toEqual([roundId]);
    expect(after[1]?.id).toBe(studyId);
  });
});
