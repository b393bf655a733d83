import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { expect } from 'vitest';
import { findRound } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { releaseDue } from '../../api/services/release-service';
import { itemsCsv, panelistSession, type TestApp } from './build';
import type { SignedInApp } from './signed-in-app';

export interface RealtimePanelist {
  id: number;
  cookie: string;
}

export const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/**
 * A study made from `body` with `items` items, `n` panelists in two sectors (coded `prefix`0x,
 * `prefix`1x, …) with their sessions, and a real-time round open: what the real-time tests need.
 */
export async function openRealtimeStudy(ctx: SignedInApp, body: object, opts: { n: number; items: number; prefix: string }) {
  const { call } = ctx;
  const study = (await call('POST', '/api/studies', body)).body;
  await call('POST', `/api/studies/${study.id}/items/import`, { csv: itemsCsv(opts.items), createCategories: true });
  const csv = [
    'code,email,language,sector,role_level',
    ...Array.from(
      { length: opts.n },
      (_, i) => `${opts.prefix}${i}x,${opts.prefix.toLowerCase()}${i}@example.org,en,${['health', 'voluntary'][i % 2]},strategic`,
    ),
  ];
  const { invitations } = (await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: csv.join('\n') })).body;
  const created = await call('POST', `/api/studies/${study.id}/rounds`, { mode: 'realtime', closesAt: inAWeek() });
  expect(created.status).toBe(201);
  expect(created.body.mode).toBe('realtime');
  expect((await call('POST', `/api/rounds/${created.body.id}/open`)).status).toBe(200);
  const panel: RealtimePanelist[] = [];
  for (const inv of invitations) panel.push({ id: inv.panelistId, cookie: await panelistSession(ctx.t, inv.link) });
  const round = (await call('GET', '/api/panelist/round', undefined, panel[0].cookie)).body;
  return { study, roundId: created.body.id as number, panel, versions: (round.items as { itemVersionId: number }[]).map((i) => i.itemVersionId) };
}

export interface PanelistSocket {
  ws: WebSocket;
  /** Every message the page got, in order. */
  messages: { type: string; payload?: unknown }[];
}

/** Puts the app on a free port and opens each panelist page's live socket, as the page does; resolves once all are open. */
export async function openPanelistSockets(t: TestApp, cookies: string[]): Promise<PanelistSocket[]> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return Promise.all(
    cookies.map((cookie) => {
      const messages: PanelistSocket['messages'] = [];
      const ws = new WebSocket(`ws://${base}/api/live/panel`, { headers: { cookie, origin: `http://${base}` } });
      ws.on('message', (d) => messages.push(JSON.parse(String(d))));
      return new Promise<PanelistSocket>((resolve) => ws.once('open', () => resolve({ ws, messages })));
    }),
  );
}

export interface ReleasedSnapshot {
  itemVersionId: number;
  criterion: string;
  number: number;
}

/**
 * Releases whatever is due and returns the snapshots released since the last call for this
 * round, in order. The releases plugin may already have run its pass after a burst of saves (its
 * 100 ms gather is short next to a slow machine's saves), so which pass released a snapshot is
 * not the question; what was released, and what was not, is. Waits for that pass, runs one now,
 * and reads the new snapshots from the table.
 */
export async function releaseNow(t: TestApp, studyId: number, roundId: number): Promise<ReleasedSnapshot[]> {
  await t.app.releases.settled();
  await releaseDue(t.db, (await findStudy(t.db, studyId))!, (await findRound(t.db, roundId))!, new Date().toISOString());
  const rows = await t.db.raw<{ item_version_id: number; criterion: string; number: number }>(
    'select item_version_id, criterion, number from released_snapshots where round_id = ? order by released_at, item_version_id, criterion, number',
    [roundId],
  );
  const seen = reported.get(t) ?? new Set<string>();
  reported.set(t, seen);
  const keyOf = (r: (typeof rows)[number]) => `${roundId}|${r.item_version_id}|${r.criterion}|${r.number}`;
  const fresh = rows.filter((r) => !seen.has(keyOf(r)));
  for (const r of fresh) seen.add(keyOf(r));
  return fresh.map((r) => ({ itemVersionId: Number(r.item_version_id), criterion: r.criterion, number: Number(r.number) }));
}
const reported = new WeakMap<TestApp, Set<string>>();
