/**
 * Where a large round close spends its time (in-process, no HTTP), step by step.
 * Run: npx tsx test/bench/close-split.ts [postgres://… of a database to seed; default a SQLite file] [criterion,criterion]
 * With criterion codes, every item is rated on those criteria (the first a relevance criterion).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../db/client';
import { listPanelists } from '../../api/repositories/panelists';
import { listAnswerColumnsForRound } from '../../api/repositories/answer-columns';
import { findRound, listRoundItems } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { buildAnalysisInput } from '../../api/services/round-analysis';
import { closeRound } from '../../api/services/round-service';
import { analyseRound } from '../../api/stats';
import { seedLargeStudy } from './large-study';

const dir = mkdtempSync(join(tmpdir(), 'delphi-split-'));
const pgUrl = process.argv[2]?.startsWith('postgres') ? process.argv[2] : undefined;
const url = pgUrl ?? `file:${join(dir, 'split.db')}`;
const codes = pgUrl ? process.argv[3] : process.argv[2];
const criteria = codes ? codes.split(',') : [];
const s = await seedLargeStudy(url, { items: 200, panelists: 1000, answerShare: 0.95, slug: 'split', criteria });
const db = await openDatabase({ url });
const study = (await findStudy(db, s.studyId))!;
const round = (await findRound(db, s.roundId))!;
const timed = async <T>(fn: () => Promise<T>): Promise<[T, string]> => {
  const t = performance.now();
  const r = await fn();
  return [r, `${(performance.now() - t).toFixed(0)} ms`];
};
for (let i = 0; i < 3; i++) {
  const [, tPanelists] = await timed(() => listPanelists(db, study.id));
  const [, tAnswers] = await timed(() => listAnswerColumnsForRound(db, round.id));
  const [, tItems] = await timed(() => listRoundItems(db, round.id));
  const [{ input }, tInput] = await timed(() => buildAnalysisInput(db, study, round));
  const [analysis, tAnalyse] = await timed(async () => analyseRound(input));
  const [json, tJson] = await timed(async () => JSON.stringify(analysis.items));
  console.log(
    `panelists ${tPanelists}, answers ${tAnswers}, items ${tItems}; input ${tInput}, analyse ${tAnalyse}, ` +
      `stringify ${tJson} (${(json.length / 1e6).toFixed(1)} MB)`,
  );
}
const [, tClose] = await timed(() => closeRound(db, study, round, null, new Date().toISOString()));
console.log(`closeRound total ${tClose}`);
await db.close();
rmSync(dir, { recursive: true, force: true });
