/**
 * `npm run bench`: speed measured against the floor of the same stack in the same run
 * (quality.md). Prints a table; `--json` prints one JSON object; `--quick` keeps it under a minute.
 * Results are also written to test-results/bench.json. Not part of `npm test`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { analyseRound, defaultProtocol, mulberry32, type Answer } from '../../api/stats';
import { openDatabase } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { insertSession } from '../../api/repositories/sessions';
import { hashToken, newToken } from '../../api/services/tokens';
import { seedLargeStudy } from './large-study';
import { buildReportFixture } from './report-fixture';
import { rssMb, startProcess } from './processes';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' }, profile: { type: 'string' } } });
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
const serverEnv = (db: string) => ({ DATABASE_URL: `file:${db}`, ...(args.profile ? { CPU_PROF: args.profile } : {}) });

async function load(url: string, seconds: number, setup: (i: number) => { method: 'PUT'; path: string; headers: Record<string, string>; body: string }) {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 64,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...setup(n++) }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx replies and ${result.errors} errors under load`);
  return { rps: result.requests.average, p99Ms: result.latency.p99 };
}

async function submit() {
  log('submit: rating saves at 64 connections, against one bare insert per request');
  const seconds = quick ? 4 : 15;
  const floor = await startProcess('test/bench/floor-server.ts', [], { FLOOR_DB: join(dir, 'floor.db') }, '/health');
  const floorRun = await load(floor.base, seconds, (i) => ({ method: 'PUT', path: `/floor/k${i}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: 1 + (i % 9) }) }));
  await floor.stop();
  const db = join(dir, 'submit.db');
  const study = await seedLargeStudy(`file:${db}`, { items: 50, panelists: 640, answerShare: 0, slug: 'submit' });
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(db), '/api/health');
  const run = await load(server.base, seconds, (i) => ({
    method: 'PUT',
    path: `/api/panel/answers/${study.itemVersionIds[i % study.itemVersionIds.length]}`,
    headers: { 'content-type': 'application/json', cookie: study.panelistCookies[i % study.panelistCookies.length], 'idempotency-key': `bench-${i}-${Date.now()}` },
    body: JSON.stringify({ value: 1 + (i % 9), comment: null }),
  }));
  await server.stop();
  return { rps: run.rps, floorRps: floorRun.rps, ratio: run.rps / floorRun.rps, p99Ms: run.p99Ms, floorP99Ms: floorRun.p99Ms };
}

async function close() {
  const items = 200;
  const panelists = 1000;
  log(`close: a round of ${items} items x ${panelists} panelists with 4 subgroups, end to end over HTTP`);
  const db = join(dir, 'close.db');
  const study = await seedLargeStudy(`file:${db}`, { items, panelists, answerShare: 0.95, slug: 'close' });
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(db), '/api/health');
  const t0 = performance.now();
  const res = await fetch(`${server.base}/api/rounds/${study.roundId}/close`, { method: 'POST', headers: { cookie: study.facilitatorCookie } });
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`close failed: ${res.status} ${await res.text()}`);
  await server.stop();
  return { items, panelists, ms };
}

async function fanout() {
  const clients = quick ? 1000 : 2000;
  log(`fanout: ${clients} panelist websockets receive the round-close event`);
  const db = join(dir, 'fanout.db');
  const study = await seedLargeStudy(`file:${db}`, { items: 20, panelists: clients, answerShare: 0.8, slug: 'fanout' });
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(db), '/api/health');
  const host = server.base.replace('http', 'ws');
  const sockets: WebSocket[] = [];
  const arrivals: number[] = [];
  let closedAt = 0;
  let gotAll: () => void;
  const all = new Promise<void>((r) => (gotAll = r));
  for (let i = 0; i < clients; i += 100) {
    await Promise.all(
      study.panelistCookies.slice(i, i + 100).map(
        (cookie) =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(`${host}/api/live/panel`, { headers: { cookie } });
            ws.on('message', (d) => {
              if (JSON.parse(String(d)).type !== 'round_closed') return;
              arrivals.push(performance.now() - closedAt);
              if (arrivals.length === clients) gotAll();
            });
            ws.once('open', () => resolve());
            ws.once('error', reject);
            sockets.push(ws);
          }),
      ),
    );
  }
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
  const token = newToken();
  await insertSession(db, { tokenHash: hashToken(token), kind: 'facilitator', facilitatorId: fixture.facilitatorId, panelistId: null, expiresAt: '2999-01-01T00:00:00.000Z' });
  await db.close();
  const server = await startProcess('api/cli.ts', ['serve'], serverEnv(file), '/api/health');
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
  const answers: Answer[] = Array.from({ length: 1000 }, (_, p) => ({ panelist: `p${p}`, value: 1 + Math.floor(rng() * 9), groups: { sector: ['a', 'b', 'c', 'd'][p % 4] } }));
  const input = { round: 1, scale: { min: 1, max: 9 }, protocol: defaultProtocol({ min: 1, max: 9 }), dimensions: ['sector'], items: [{ itemId: '1', versionId: '1', nPresented: 1000, answers }] };
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
try {
  if (wanted('submit')) out.submit = await submit();
  if (wanted('close')) out.close = await close();
  if (wanted('fanout')) out.fanout = await fanout();
  if (wanted('report')) out.report = await report();
  if (wanted('stats')) out.statsItemUs = statsItemUs();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', `${JSON.stringify(out, null, 2)}\n`);
if (args.json) {
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  const rows: [string, string, string][] = [];
  const s = out.submit as { rps: number; floorRps: number; ratio: number; p99Ms: number; floorP99Ms: number } | undefined;
  if (s) rows.push(['submit', `${s.rps.toFixed(0)} saves/s, p99 ${s.p99Ms} ms`, `floor ${s.floorRps.toFixed(0)}/s, p99 ${s.floorP99Ms} ms; ratio ${s.ratio.toFixed(2)} (target >= 0.7)`]);
  const c = out.close as { items: number; panelists: number; ms: number } | undefined;
  if (c) rows.push(['close', `${c.ms.toFixed(0)} ms`, `${c.items} items x ${c.panelists} panelists, 4 groups (target < 1000 ms)`]);
  const f = out.fanout as { clients: number; p99Ms: number; rssMb: number } | undefined;
  if (f) rows.push(['fanout', `p99 ${f.p99Ms.toFixed(0)} ms`, `${f.clients} sockets, server RSS ${f.rssMb} MB (targets < 500 ms, < 300 MB)`]);
  const r = out.report as { items: number; rounds: number; panelists: number; pdfMs: number; xlsxMs: number } | undefined;
  if (r) rows.push(['report', `PDF ${(r.pdfMs / 1000).toFixed(1)} s, XLSX ${(r.xlsxMs / 1000).toFixed(1)} s`, `${r.items} items x ${r.rounds} rounds x ${r.panelists} panelists (target: a few seconds each)`]);
  if (typeof out.statsItemUs === 'number') rows.push(['stats', `${out.statsItemUs.toFixed(0)} µs`, 'one item of 1,000 ratings with 4 groups (target well under 1 ms)']);
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`);
}
