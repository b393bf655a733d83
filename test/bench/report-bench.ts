/**
 * Times the consensus report and the exports on the synthetic study of report-fixture.ts
 * (default 200 items x 3 rounds x 1,000 panelists): npx tsx test/bench/report-bench.ts [items] [panelists]
 */
import { openDatabase } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { findStudy } from '../../api/repositories/studies';
import { EXPORT_FORMATS, exportStudy } from '../../api/reports/exports';
import { buildReportFixture } from './report-fixture';

const items = Number(process.argv[2] ?? 200);
const panelists = Number(process.argv[3] ?? 1000);
const db = await openDatabase({ url: ':memory:', allowWeakDurability: true });
await runMigrations(db);
let t = performance.now();
const fixture = await buildReportFixture(db, { items, panelists });
console.log(`fixture: ${items} items x 3 rounds x ${panelists} panelists, ${fixture.responses} responses, ${((performance.now() - t) / 1000).toFixed(1)} s`);
const study = (await findStudy(db, fixture.studyId))!;
for (const format of EXPORT_FORMATS) {
  t = performance.now();
  const file = await exportStudy(db, study, format, { nowIso: new Date().toISOString(), facilitatorId: null });
  const seconds = (performance.now() - t) / 1000;
  console.log(`${format.padEnd(5)} ${seconds.toFixed(2)} s  ${(Buffer.byteLength(file.body) / 1024 / 1024).toFixed(1)} MB`);
}
await db.close();
