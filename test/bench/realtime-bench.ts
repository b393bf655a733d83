/**
 * The real-time section of `npm run bench`: 1,000 panelists answer 50 items of a real-time round
 * at 64 connections while every panelist's page is subscribed; snapshots are released live. It
 * measures the save rate and, for every page told of a snapshot, the delay from the k-th new
 * answer the snapshot waited for to the page receiving the signal (p99; target under 1 s).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type WebSocket from 'ws';
import { openDatabase } from '../../db/client';
import { seedLargeStudy } from './large-study';
import { startProcess } from './processes';
import { openPanelSockets } from './panel-sockets';

export interface RealtimeFigures {
  panelists: number;
  items: number;
  rps: number;
  p99Ms: number;
  snapshots: number;
  deliveries: number;
  delayP99Ms: number;
  delayMaxMs: number;
}

export async function realtimeBench(opts: {
  file: string;
  seconds: number;
  serverEnv: (url: string) => Record<string, string>;
  percentile: (xs: number[], p: number) => number;
}): Promise<RealtimeFigures> {
  const panelists = 1000;
  const items = 50;
  const url = `file:${opts.file}`;
  const study = await seedLargeStudy(url, { items, panelists, answerShare: 0, slug: 'realtime', mode: 'realtime' });
  const k = 5; // seedLargeStudy's minimum group size
  const server = await startProcess('api/cli.ts', ['serve'], opts.serverEnv(url), '/api/health');
  const host = server.base.replace('http', 'ws');
  let sockets: WebSocket[] = [];
  /** Per item version: when each save was acknowledged, in order. */
  const acks = new Map<number, number[]>();
  /** Every signal a page received: item, snapshot number, time. */
  const received: { itemVersionId: number; snapshot: number; at: number }[] = [];
  try {
    sockets = await openPanelSockets(host, study.panelistCookies.slice(0, panelists), (msg) => {
      if (msg.type !== 'feedback_released') return;
      const at = performance.now();
      for (const it of (msg.payload as { items: { itemVersionId: number; snapshot: number }[] }).items) received.push({ ...it, at });
    });
    // Request n: panelist n mod 1,000 answers item ⌊n / 1,000⌋, so items fill one after another like a panel working down the list.
    let n = 0;
    const result = await autocannon({
      url: server.base,
      connections: 64,
      duration: opts.seconds,
      requests: [
        {
          setupRequest: (req, context: { item?: number }) => {
            const i = n++;
            const item = study.itemVersionIds[Math.floor(i / panelists) % items];
            context.item = item;
            return {
              ...req,
              method: 'PUT',
              path: `/api/panelist/answers/${item}`,
              headers: { 'content-type': 'application/json', cookie: study.panelistCookies[i % panelists], 'idempotency-key': `realtime-${i}-${Date.now()}` },
              body: JSON.stringify({ value: 1 + (i % 9), comment: null }),
            };
          },
          onResponse: (status, _body, context: { item?: number }) => {
            if (status !== 200 || context.item === undefined) return;
            let list = acks.get(context.item);
            if (!list) acks.set(context.item, (list = []));
            list.push(performance.now());
          },
        },
      ],
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx replies and ${result.errors} errors under load`);
    // The last release passes run after the load stops.
    await new Promise((r) => setTimeout(r, 2000));
    // Which answer count each snapshot rests on, so the k-th new answer it waited for is known.
    const db = await openDatabase({ url });
    const rows = await db.raw<{ item_version_id: number; number: number; answers: number }>(
      `select item_version_id, number, answers from released_snapshots where round_id = ${Number(study.roundId)}`,
    );
    await db.close();
    const basedOn = new Map(rows.map((r) => [`${r.item_version_id}#${r.number}`, r.answers]));
    const delays: number[] = [];
    for (const r of received) {
      const before = r.snapshot === 1 ? 0 : (basedOn.get(`${r.itemVersionId}#${r.snapshot - 1}`) ?? 0);
      const kth = acks.get(r.itemVersionId)?.[before + k - 1];
      if (kth !== undefined) delays.push(Math.max(0, r.at - kth));
    }
    return {
      panelists,
      items,
      rps: result.requests.average,
      p99Ms: result.latency.p99,
      snapshots: rows.length,
      deliveries: delays.length,
      delayP99Ms: delays.length === 0 ? NaN : opts.percentile(delays, 99),
      delayMaxMs: delays.length === 0 ? NaN : Math.max(...delays),
    };
  } finally {
    sockets.forEach((s) => s.terminate());
    await server.stop();
  }
}
