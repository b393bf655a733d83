import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, itemsCsv, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';
import { comparable, completeDemo, ideasStudy, importFile, planDemoLineage, STUDY_FILE_PARTS, studyFile } from '../helpers/study-file';
import { closeOpenRound, demoApp, type DemoApp } from './helpers';

/**
 * The study file is lossless: the demo study (criteria, rankings, relations, rewordings citing
 * comments, merges and splits), exported, imported into another instance and exported again, is
 * the same document apart from the import's own ids and times. Run on PostgreSQL too by
 * `npm run test:pg` (test/reports is in its suite); test/pg/study-file-round-trip.test.ts moves it across.
 */
let d: DemoApp;
let other: TestApp;
let cookie: string;
let first: any;
let second: any;
let imported: { studyId: number; notes: string[]; verification: any };
/** The same for a small study with an idea behind an item and a protocol change. */
let small: { first: any; second: any };

beforeAll(async () => {
  d = await demoApp();
  // The withdrawal comes before the close, so the frozen results and a recompute count the same panel.
  await completeDemo(d);
  await closeOpenRound(d);
  await planDemoLineage(d);
  first = await studyFile(d.t, d.owner, d.studyId);
  other = await build();
  cookie = (await signedInFacilitator(other, 'importer@example.org')).cookie;
  imported = await importFile(other, cookie, first);
  second = await studyFile(other, cookie, imported.studyId);
  const smallId = await ideasStudy(d.t, d.owner, studyBody, itemsCsv(2), panelistsCsv(6));
  const smallFirst = await studyFile(d.t, d.owner, smallId);
  small = { first: smallFirst, second: await studyFile(other, cookie, (await importFile(other, cookie, smallFirst)).studyId) };
});
afterAll(async () => {
  await d?.t.close();
  await other?.close();
});

describe('export -> import -> export', () => {
  it('gives the same document apart from the time of export, the new study creation time and its audit log', () => {
    expect(imported.verification.differences).toEqual([]);
    expect(comparable(second)).toEqual(comparable(first));
    expect(comparable(small.second)).toEqual(comparable(small.first));
  });

  it.each(STUDY_FILE_PARTS)('carries %s and restores it', (_name, select) => {
    const size = (part: unknown) => (Array.isArray(part) ? part.length : Object.keys(part as object).length);
    // Each part is in the demo's file or the small study's, so its survival is shown on real content.
    expect(size(select(first)) + size(select(small.first))).toBeGreaterThan(0);
    expect(select(second)).toEqual(select(first));
    expect(select(small.second)).toEqual(select(small.first));
  });

  it('restores comments and ideas onto the answers and panelists they came from', async () => {
    const count = async (t: TestApp, sql: string) => ((await t.db.raw(sql))[0] as { n: number }).n;
    expect(await count(other, 'select count(*) as n from responses where comment is not null')).toBe(first.comments.length + small.first.comments.length);
    expect(await count(other, 'select count(*) as n from ideas')).toBe(first.ideas.length + small.first.ideas.length);
    expect(imported.notes.join(' ')).not.toMatch(/stay in the export file only/);
  });
});
