/**
 * One in-process close of a seeded 200 x 1,000 round, for profiling (node --cpu-prof).
 * Run: npx tsx test/bench/close-once.ts SEED_FILE [criterion,criterion]
 * Seeds SEED_FILE once (kept), then closes a fresh copy of it each run.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../db/client';
import { findRound } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { closeRound } from '../../api/services/round-service';
import { seedLargeStudy } from './large-study';

const [seedFile, codes] = process.argv.slice(2);
const criteria = codes ? codes.split(',') : [];
if (!existsSync(seedFile)) await seedLargeStudy(`file:${seedFile}`, { items: 200, panelists: 1000, answerShare: 0.95, slug: 'once', criteria });
const copy = `${seedFile}.run.db`;
copyFileSync(seedFile, copy);
const db = await openDatabase({ url: `file:${copy}` });
const round = (await findRound(db, 1))!;
const study = (await findStudy(db, round.studyId))!;
const t = performance.now();
const cpu = process.cpuUsage();
await closeRound(db, study, round, null, new Date().toISOString());
const used = process.cpuUsage(cpu);
console.log(`closeRound ${(performance.now() - t).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
await db.close();
