import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, signedInFacilitator, type TestApp } from '../helpers/build';
import { comparable, completeDemo, importFile, planDemoLineage, STUDY_FILE_PARTS, studyFile } from '../helpers/study-file';
import { closeOpenRound, demoApp, type DemoApp } from '../reports/helpers';

/**
 * The lossless study file across backends: the demo study written on SQLite, imported into
 * PostgreSQL and exported there is the same document (test/reports/study-file-round-trip.test.ts
 * runs the round trip within each backend).
 */
let onSqlite: DemoApp;
let onPostgres: TestApp;
let first: any;
let second: any;
let verification: any;
beforeAll(async () => {
  onSqlite = await demoApp('sqlite');
  expect(onSqlite.t.db.dialect).toBe('sqlite');
  await completeDemo(onSqlite);
  await closeOpenRound(onSqlite);
  await planDemoLineage(onSqlite);
  first = await studyFile(onSqlite.t, onSqlite.owner, onSqlite.studyId);
  onPostgres = await build();
  expect(onPostgres.db.dialect).toBe('postgres');
  const cookie = (await signedInFacilitator(onPostgres, 'importer@example.org')).cookie;
  const imported = await importFile(onPostgres, cookie, first);
  verification = imported.verification;
  second = await studyFile(onPostgres, cookie, imported.studyId);
});
afterAll(async () => {
  await onSqlite?.t.close();
  await onPostgres?.close();
});

describe('a study file written on SQLite and exported again from PostgreSQL', () => {
  it('is the same document apart from the time of export, the creation time and the audit log', () => {
    expect(verification.differences).toEqual([]);
    expect(comparable(second)).toEqual(comparable(first));
  });

  it.each(STUDY_FILE_PARTS)('keeps %s', (_name, select) => {
    expect(select(second)).toEqual(select(first));
  });
});
