/**
 * `npm run bench`: speed measured against the floor of the same stack in the same run
 * (quality.md). Prints a table; `--json` prints one JSON object; `--quick` keeps it under a minute.
 * Results are also written to test-results/bench.json. Not part of `npm test`.
 *
 * The submit and close sections also run on PostgreSQL, with the same workload, beside SQLite:
 * on the server that BENCH_DATABASE_URL names (postgres://…, a role that may create databases;
 * each run gets a database of its own, dropped at the end), else on a throwaway cluster from
 * .ci/postgres.sh (fsync on), else they say why PostgreSQL was not measured. The PostgreSQL saves
 * are compared with a PostgreSQL floor of the same run (test/bench/pg-floor-server.ts), and
 * run again on two server instances sharing the database (test/bench/two-instances.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { analyseRound, defaultProtocol, mulberry32, type Answer } from '../../api/stats';
import { openDatabase } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { facilitatorSessionToken, seedLargeStudy, type LargeStudy } from './large-study';
import { buildReportFixture } from './report-fixture';
import { benchPostgres, settled, type BenchPostgres } from './postgres';
import { rssMb, startProcess } from './processes';
import { realtimeBench, type RealtimeFigures } from './realtime-bench';
import { openPanelSockets } from './panel-sockets';
import { twoInstances, type TwoInstanceFigures } from './two-instances';

const usage = `Usage: npm run bench -- [--quick] [--json] [--only submit,close,fanout,realtime,report,stats] [--profile DIR]
  --quick    shorter runs, about a minute
  --json     print one JSON object instead of the table
  --only     run only these sections
  --profile  write CPU profiles of the server processes to DIR
Environment:
  BENCH_DATABASE_URL  postgres://… of a server where the bench may create databases, for the
                      PostgreSQL figures of submit and close; without it a throwaway cluster is
                      started with .ci/postgres.sh (fsync on), if initdb is installed
`;
const { values: args } = parseArgs({
  options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' }, profile: { type: 'string' }, help: { type: 'boolean' } },
});
if (args.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const quick = args.quick ?? false;
const dir = mkdtempSync(join(tmpdir(), 'delphi-bench-'));
const log = (s: string) => {
  if (!args.json) process.stderr.write(`${s}\n`);
};
const wanted = (name: string) => !args.only || args.only.split(',').includes(name);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const serverEnv = (url: string) => ({ DATABASE_URL: url, ...(args.profile ? { CPU_PROF: args.profile } : {}) });

async function load(url: string, seconds: number, setup: (i: number) => { method: 'PUT'; path: string; headers: Record<string, string>; body: string }) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 64,
    duration: seconds,
    // On a machine shared with other work a reply can take longer than autocannon's 10 s default:
    // then the figures are slow, not the run failed.
    timeout: 30,
    requests: [{ setupRequest: (req) => ({ ...req, ...setup(n++) }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx replies and ${result.errors} errors under load`);
  return { rps: result.requests.average, p99Ms: result.latency.p99 };
}

/** The criteria of the two-criteria study the save and close figures are also measured on. */
const TWO_CRITERIA = ['relevance', 'importance'];

/**
 * Rating saves against a real server on the database at `url`, for `seconds` at 64 connections;
 * with criteria, each save rates one of them in turn.
 */
async function saves(url: string, seconds: number, criteria: readonly string[] = []) {
  const study = await seedLargeStudy(url, { items: 50, panelists: 640, answerShare: 0, slug: 'submit', criteria });
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(url), '/api/health');
  try {
    return await load(server.base, seconds, (i) => ({
      method: 'PUT',
      path: `/api/panelist/answers/${study.itemVersionIds[i % study.itemVersionIds.length]}`,
      headers: {
        'content-type': 'application/json',
        cookie: study.panelistCookies[i % study.panelistCookies.length],
        'idempotency-key': `bench-${i}-${Date.now()}`,
      },
      body: JSON.stringify({ value: 1 + (i % 9), comment: null, ...(criteria.length > 0 ? { criterion: criteria[i % criteria.length] } : {}) }),
    }));
  } finally {
    await server.stop();
  }
}

async function submit(pg: BenchPostgres | null) {
  log('submit: rating saves at 64 connections, against one bare insert per request');
  const seconds = quick ? 4 : 15;
  const floor = await startProcess('test/bench/floor-server.ts', [], { FLOOR_DB: join(dir, 'floor.db') }, '/health');
  const floorRequest = (i: number) => ({
    method: 'PUT' as const,
    path: `/floor/k${i}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value: 1 + (i % 9) }),
  });
  const floorRun = await load(floor.base, seconds, floorRequest);
  await floor.stop();
  const run = await saves(`file:${join(dir, 'submit.db')}`, seconds);
  log(`submit: the same saves on a study that rates each item on ${TWO_CRITERIA.length} criteria`);
  const twoCriteria = await saves(`file:${join(dir, 'submit-criteria.db')}`, seconds, TWO_CRITERIA);
  let postgres;
  if (pg) {
    log('submit: one bare INSERT … RETURNING per request through a pg pool of the same size, then the same saves on PostgreSQL');
    const pgFloor = await startProcess('test/bench/pg-floor-server.ts', [], { FLOOR_DATABASE_URL: await pg.freshDatabase('floor') }, '/health');
    const pgFloorRun = await load(pgFloor.base, seconds, floorRequest);
    await pgFloor.stop();
    const pgRun = await saves(await pg.freshDatabase('submit'), seconds);
    log('submit: the same saves on PostgreSQL through two server instances, half the connections each');
    const two = await twoInstances(await pg.freshDatabase('two'), seconds, serverEnv);
    // One instance again after the two: compared with both one-instance runs, the two-instance
    // figure is not a draw of which way the machine drifted in between.
    log('submit: the same saves on PostgreSQL through one instance again');
    const again = await saves(await pg.freshDatabase('submit'), seconds);
    const oneInstanceRps = (pgRun.rps + again.rps) / 2;
    postgres = {
      rps: pgRun.rps,
      p99Ms: pgRun.p99Ms,
      floorRps: pgFloorRun.rps,
      floorP99Ms: pgFloorRun.p99Ms,
      ratio: pgRun.rps / pgFloorRun.rps,
      p99VsFloor: pgRun.p99Ms / pgFloorRun.p99Ms,
      throughputVsSqlite: pgRun.rps / run.rps,
      twoInstances: { ...two, oneInstanceRps: [pgRun.rps, again.rps], vsOneInstance: two.rps / oneInstanceRps },
    };
  }
  return {
    rps: run.rps,
    floorRps: floorRun.rps,
    ratio: run.rps / floorRun.rps,
    p99Ms: run.p99Ms,
    floorP99Ms: floorRun.p99Ms,
    twoCriteria: { rps: twoCriteria.rps, p99Ms: twoCriteria.p99Ms, ratio: twoCriteria.rps / floorRun.rps },
    ...(postgres ? { postgres } : {}),
  };
}

/** How many times each close is measured (once with --quick), each on its own copy of the round; the median is reported. */
const CLOSES = quick ? 1 : 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A large round to close, ready in a database of its own for each close measured. */
type RoundToClose = (i: number) => Promise<{ url: string; study: LargeStudy }>;

function sqliteRoundToClose(name: string, items: number, panelists: number, criteria: readonly string[] = []): RoundToClose {
  const file = join(dir, `${name}.db`);
  let seeded: Promise<LargeStudy> | undefined;
  return async (i) => {
    // Seeded once, on first use: a seed running beside a close would slow it.
    const study = await (seeded ??= seedLargeStudy(`file:${file}`, { items, panelists, answerShare: 0.95, slug: 'close', criteria }));
    copyFileSync(file, `${file}.${i}`);
    return { url: `file:${file}.${i}`, study };
  };
}

/**
 * PostgreSQL: seeded anew for each close (a copied database starts outside the buffer cache), then
 * vacuumed as autovacuum would have left a real round.
 */
function postgresRoundToClose(pg: BenchPostgres, items: number, panelists: number): RoundToClose {
  return async () => {
    const url = await pg.freshDatabase('close');
    const study = await seedLargeStudy(url, { items, panelists, answerShare: 0.95, slug: 'close' });
    await settled(url);
    return { url, study };
  };
}

/** Milliseconds for one POST …/close of the round, end to end over HTTP. */
async function closeMs(round: RoundToClose, i: number) {
  const { url, study } = await round(i);
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(url), '/api/health');
  try {
    // What the facilitator's console loads before the close button is pressed; it also opens the
    // server's first database connection, which a long-running server has long had.
    const seen = await fetch(`${server.base}/api/rounds/${study.roundId}/participation`, { headers: { cookie: study.facilitatorCookie } });
    if (!seen.ok) throw new Error(`participation failed: ${seen.status} ${await seen.text()}`);
    const t0 = performance.now();
    const res = await fetch(`${server.base}/api/rounds/${study.roundId}/close`, { method: 'POST', headers: { cookie: study.facilitatorCookie } });
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`close failed: ${res.status} ${await res.text()}`);
    return ms;
  } finally {
    await server.stop();
  }
}

async function close(pg: BenchPostgres | null) {
  const items = 200;
  const panelists = 1000;
  log(`close: a round of ${items} items x ${panelists} panelists with 4 subgroups, end to end over HTTP, ${CLOSES} times`);
  log(`close: also the same round rated on ${TWO_CRITERIA.length} criteria (content validity on the first)`);
  if (pg) log('close: also the same round on PostgreSQL, vacuumed first as autovacuum would have left it');
  const one = sqliteRoundToClose('close', items, panelists);
  const two = sqliteRoundToClose('close-criteria', items, panelists, TWO_CRITERIA);
  const onPg = pg ? postgresRoundToClose(pg, items, panelists) : null;
  // In turn, so that the machine's drift over the section touches each database alike.
  const times = { one: [] as number[], two: [] as number[], pg: [] as number[] };
  for (let i = 0; i < CLOSES; i++) {
    times.one.push(await closeMs(one, i));
    if (onPg) times.pg.push(await closeMs(onPg, i));
    times.two.push(await closeMs(two, i));
  }
  const ms = median(times.one);
  const postgres = onPg ? { ms: median(times.pg), runsMs: times.pg, timeVsSqlite: median(times.pg) / ms } : undefined;
  return { items, panelists, ms, runsMs: times.one, twoCriteria: { ms: median(times.two), runsMs: times.two }, ...(postgres ? { postgres } : {}) };
}

async function fanout() {
  const clients = quick ? 1000 : 2000;
  log(`fanout: ${clients} panelist websockets receive the round-close event`);
  const db = join(dir, 'fanout.db');
  const study = await seedLargeStudy(`file:${db}`, { items: 20, panelists: clients, answerShare: 0.8, slug: 'fanout' });
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(`file:${db}`), '/api/health');
  const host = server.base.replace('http', 'ws');
  const arrivals: number[] = [];
  let closedAt = 0;
  let gotAll: () => void;
  const all = new Promise<void>((r) => (gotAll = r));
  const sockets = await openPanelSockets(host, study.panelistCookies.slice(0, clients), (msg) => {
    if (msg.type !== 'round_closed') return;
    arrivals.push(performance.now() - closedAt);
    if (arrivals.length === clients) gotAll();
  });
  let peak = rssMb(server.child.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.child.pid!))), 20);
  closedAt = performance.now();
  const res = await fetch(`${server.base}/api/rounds/${study.roundId}/close`, { method: 'POST', headers: { cookie: study.facilitatorCookie } });
  if (!res.ok) throw new Error(`close failed: ${res.status}`);
  await all;
  clearInterval(sampler);
  sockets.forEach((s) => s.terminate());
  await server.stop();
  return { clients, p99Ms: percentile(arrivals, 99), maxMs: Math.max(...arrivals), rssMb: Math.round(peak) };
}

async function report() {
  const items = quick ? 60 : 200;
  const panelists = quick ? 300 : 1000;
  const rounds = 3;
  log(`report: PDF and XLSX for ${items} items x ${rounds} rounds x ${panelists} panelists, over HTTP`);
  const file = join(dir, 'report.db');
  const db = await openDatabase({ url: `file:${file}` });
  await runMigrations(db);
  const fixture = await buildReportFixture(db, { items, rounds, panelists });
  const token = await facilitatorSessionToken(db, fixture.facilitatorId);
  await db.close();
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(`file:${file}`), '/api/health');
  const timed = async (path: string) => {
    const t0 = performance.now();
    const res = await fetch(`${server.base}${path}`, { headers: { cookie: `delphi_facilitator=${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t0;
  };
  const pdfMs = await timed(`/api/studies/${fixture.studyId}/report.pdf`);
  const xlsxMs = await timed(`/api/studies/${fixture.studyId}/export.xlsx`);
  await server.stop();
  return { items, rounds, panelists, pdfMs, xlsxMs };
}

function statsItemUs() {
  log('statsItemUs: statistics for one item of 1,000 ratings');
  const rng = mulberry32(3);
  const answers: Answer[] = Array.from({ length: 1000 }, (_, p) => ({
    panelist: `p${p}`,
    value: 1 + Math.floor(rng() * 9),
    groups: { sector: ['a', 'b', 'c', 'd'][p % 4] },
  }));
  const input = {
    round: 1,
    scale: { min: 1, max: 9 },
    protocol: defaultProtocol({ min: 1, max: 9 }),
    dimensions: ['sector'],
    items: [{ itemId: '1', versionId: '1', nPresented: 1000, answers }],
  };
  for (let i = 0; i < 50; i++) analyseRound(input);
  const runs: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    analyseRound(input);
    runs.push((performance.now() - t0) * 1000);
  }
  return percentile(runs, 50);
}

const out: Record<string, unknown> = {};
let pg: BenchPostgres | null = null;
try {
  if (wanted('submit') || wanted('close')) {
    const found = await benchPostgres();
    if ('skipped' in found) {
      out.postgres = { measured: false, reason: found.skipped };
      if (args.json) process.stderr.write(`PostgreSQL not measured: ${found.skipped}\n`);
    } else {
      pg = found;
      out.postgres = { measured: true, source: pg.source, version: pg.version, settings: pg.settings };
      log(`postgres: ${pg.version} (${pg.source}; ${pg.settings})`);
    }
  }
  if (wanted('submit')) out.submit = await submit(pg);
  if (wanted('close')) out.close = await close(pg);
  if (wanted('fanout')) out.fanout = await fanout();
  if (wanted('realtime')) {
    log('realtime: 1,000 panelists answer 50 items of a real-time round, every page subscribed');
    out.realtime = await realtimeBench({ file: join(dir, 'realtime.db'), seconds: quick ? 4 : 15, serverEnv, percentile });
  }
  if (wanted('report')) out.report = await report();
  if (wanted('stats')) out.statsItemUs = statsItemUs();
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', `${JSON.stringify(out, null, 2)}\n`);
if (args.json) {
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  const rows: [string, string, string][] = [];
  const p = out.postgres as { measured: true; source: string; version: string; settings: string } | { measured: false; reason: string } | undefined;
  if (p) rows.push(p.measured ? ['postgres', p.version, `${p.source}; ${p.settings}`] : ['postgres', 'not measured', p.reason]);
  const s = out.submit as
    | {
        rps: number;
        floorRps: number;
        ratio: number;
        p99Ms: number;
        floorP99Ms: number;
        twoCriteria: { rps: number; p99Ms: number; ratio: number };
        postgres?: {
          rps: number;
          p99Ms: number;
          floorRps: number;
          floorP99Ms: number;
          ratio: number;
          p99VsFloor: number;
          throughputVsSqlite: number;
          twoInstances: TwoInstanceFigures & { oneInstanceRps: number[]; vsOneInstance: number };
        };
      }
    | undefined;
  if (s)
    rows.push([
      'submit',
      `${s.rps.toFixed(0)} saves/s, p99 ${s.p99Ms} ms`,
      `floor ${s.floorRps.toFixed(0)}/s, p99 ${s.floorP99Ms} ms; ratio ${s.ratio.toFixed(2)} (target >= 0.7)`,
    ]);
  if (s)
    rows.push([
      'submit 2 criteria',
      `${s.twoCriteria.rps.toFixed(0)} saves/s, p99 ${s.twoCriteria.p99Ms} ms`,
      `each save rates one of two criteria; ratio ${s.twoCriteria.ratio.toFixed(2)} to the same floor (target >= 0.7)`,
    ]);
  if (s?.postgres) {
    const sp = s.postgres;
    rows.push([
      'submit pg',
      `${sp.rps.toFixed(0)} saves/s, p99 ${sp.p99Ms} ms`,
      `pg floor ${sp.floorRps.toFixed(0)}/s, p99 ${sp.floorP99Ms} ms; ratio ${sp.ratio.toFixed(2)} (target >= 0.7), ` +
        `p99 ${sp.p99VsFloor.toFixed(2)} x the floor's (target <= 1.5); ${sp.throughputVsSqlite.toFixed(2)} x SQLite's saves/s`,
    ]);
    const two = sp.twoInstances;
    rows.push([
      'submit pg x2',
      `${two.rps.toFixed(0)} saves/s, p99 ${two.p99Ms} ms`,
      `two instances on one database (${two.perInstanceRps.map((r) => r.toFixed(0)).join(' + ')}); ${two.vsOneInstance.toFixed(2)} x one instance's, ` +
        `measured before and after (${two.oneInstanceRps.map((r) => r.toFixed(0)).join(', ')}) ` +
        `(target >= 1); ${two.acknowledged} acknowledged saves, all stored once (${two.stored} stored)`,
    ]);
  }
  const c = out.close as
    { items: number; panelists: number; ms: number; twoCriteria: { ms: number }; postgres?: { ms: number; timeVsSqlite: number } } | undefined;
  if (c)
    rows.push([
      'close',
      `${c.ms.toFixed(0)} ms`,
      `${c.items} items x ${c.panelists} panelists, 4 groups; ${CLOSES === 1 ? 'one close' : `median of ${CLOSES} closes`} (target < 1000 ms)`,
    ]);
  if (c)
    rows.push([
      'close 2 criteria',
      `${c.twoCriteria.ms.toFixed(0)} ms`,
      `the same round, every item rated on two criteria, content validity on one (target < 1000 ms)`,
    ]);
  if (c?.postgres)
    rows.push([
      'close pg',
      `${c.postgres.ms.toFixed(0)} ms`,
      `same round, closed in turn with SQLite's; ${c.postgres.timeVsSqlite.toFixed(2)} x SQLite's time (target <= 1)`,
    ]);
  const f = out.fanout as { clients: number; p99Ms: number; rssMb: number } | undefined;
  if (f) rows.push(['fanout', `p99 ${f.p99Ms.toFixed(0)} ms`, `${f.clients} sockets, server RSS ${f.rssMb} MB (targets < 500 ms, < 300 MB)`]);
  const rt = out.realtime as RealtimeFigures | undefined;
  if (rt)
    rows.push([
      'realtime',
      `${rt.rps.toFixed(0)} saves/s, k-th answer to page p99 ${rt.delayP99Ms.toFixed(0)} ms`,
      `${rt.panelists} panelists x ${rt.items} items; ${rt.snapshots} snapshots, ${rt.deliveries} page deliveries, max ${rt.delayMaxMs.toFixed(0)} ms; ` +
        `save p99 ${rt.p99Ms} ms (target: delay p99 < 1000 ms)`,
    ]);
  const r = out.report as { items: number; rounds: number; panelists: number; pdfMs: number; xlsxMs: number } | undefined;
  if (r)
    rows.push([
      'report',
      `PDF ${(r.pdfMs / 1000).toFixed(1)} s, XLSX ${(r.xlsxMs / 1000).toFixed(1)} s`,
      `${r.items} items x ${r.rounds} rounds x ${r.panelists} panelists (target: a few seconds each)`,
    ]);
  if (typeof out.statsItemUs === 'number')
    rows.push(['stats', `${out.statsItemUs.toFixed(0)} µs`, 'one item of 1,000 ratings with 4 groups (target well under 1 ms)']);
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`);
}
