/**
 * Where a large round close spends its time (in-process, no HTTP). Run: npx tsx test/bench/close-split.ts
 * [criterion,criterion]: with codes, every item is rated on those criteria (the first a relevance criterion).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../db/client';
import { findRound } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { buildAnalysisInput } from '../../api/services/round-analysis';
import { closeRound } from '../../api/services/round-service';
import { analyseRound } from '../../api/stats';
import { seedLargeStudy } from './large-study';

const dir = mkdtempSync(join(tmpdir(), 'delphi-split-'));
const url = `file:${join(dir, 'split.db')}`;
const criteria = process.argv[2] ? process.argv[2].split(',') : [];
const s = await seedLargeStudy(url, { items: 200, panelists: 1000, answerShare: 0.95, slug: 'split', criteria });
const db = await openDatabase({ url });
const study = (await findStudy(db, s.studyId))!;
const round = (await findRound(db, s.roundId))!;
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const { input } = await buildAnalysisInput(db, study, round);
  const tInput = performance.now() - t;
  t = performance.now();
  const analysis = analyseRound(input);
  const tAnalyse = performance.now() - t;
  t = performance.now();
  const json = JSON.stringify(analysis.items);
  const tJson = performance.now() - t;
  console.log(`input ${tInput.toFixed(0)} ms, analyse ${tAnalyse.toFixed(0)} ms, stringify ${tJson.toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB)`);
}
const t = performance.now();
await closeRound(db, study, round, null, new Date().toISOString());
console.log(`closeRound total ${(performance.now() - t).toFixed(0)} ms`);
await db.close();
rmSync(dir, { recursive: true, force: true });
