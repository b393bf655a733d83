import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { cookieFrom, itemsCsv, panelistsCsv, studyBody } from '../helpers/build';
import { listeningAppPerTest } from '../helpers/signed-in-app';

const ctx = listeningAppPerTest();

const post = (url: string, payload?: unknown) =>
  ctx.t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: ctx.fac } }).then((r) => r.json());

async function studyWithPanel(n: number) {
  const study = await post('/api/studies', studyBody);
  await post(`/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
  const { invitations } = await post(`/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(n) });
  const cookies: string[] = [];
  for (const inv of invitations)
    cookies.push(
      cookieFrom(await ctx.t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token: inv.link.split('#')[1] } }), 'delphi_panelist'),
    );
  return { studyId: study.id as number, cookies };
}

/** A client as the UI keeps it: applies each seq once, resumes from the last seq it applied. */
class Follower {
  applied: number[] = [];
  snapshots = 0;
  ws?: WebSocket;
  constructor(private cookie: string) {}
  connect(): Promise<void> {
    const last = this.applied.at(-1) ?? 0;
    this.ws = new WebSocket(`ws://${ctx.host}/api/live/panel?since=${last}`, { headers: { cookie: this.cookie } });
    this.ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'hello' && m.snapshot) this.snapshots++;
      if (typeof m.seq === 'number' && m.type !== 'hello' && m.seq > (this.applied.at(-1) ?? 0)) this.applied.push(m.seq);
    });
    return new Promise((r) => this.ws!.once('open', () => r()));
  }
  cut() {
    this.ws?.terminate();
  }
}

describe('websocket resilience', () => {
  it('clients cut off at random and reconnected end with every event exactly once, in order', async () => {
    const { studyId, cookies } = await studyWithPanel(5);
    const followers = cookies.map((c) => new Follower(c));
    await Promise.all(followers.map((f) => f.connect()));
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 1; round <= 4; round++) {
      const r = await post(`/api/studies/${studyId}/rounds`, {});
      for (const f of followers) if (rnd() < 0.4) f.cut();
      await post(`/api/rounds/${r.id}/open`);
      for (const f of followers) if (f.ws!.readyState !== WebSocket.OPEN) await f.connect();
      for (const f of followers) if (rnd() < 0.4) f.cut();
      await post(`/api/rounds/${r.id}/close`);
      for (const f of followers) if (f.ws!.readyState !== WebSocket.OPEN) await f.connect();
    }
    await new Promise((r) => setTimeout(r, 200));
    const last = ((await ctx.t.db.raw('select max(seq) as s from events where study_id = ?', [studyId]))[0] as { s: number }).s;
    expect(last).toBe(8);
    for (const f of followers) {
      expect(f.applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(f.snapshots).toBe(0);
      f.cut();
    }
  });

  it('a client that stops reading does not delay the others', async () => {
    const { studyId, cookies } = await studyWithPanel(4);
    const sockets = await Promise.all(
      cookies.map(
        (cookie) =>
          new Promise<WebSocket>((resolve) => {
            const ws = new WebSocket(`ws://${ctx.host}/api/live/panel`, { headers: { cookie } });
            ws.once('open', () => resolve(ws));
          }),
      ),
    );
    // The first client's socket stops reading: the kernel buffers fill up behind it.
    (sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause();
    const r = await post(`/api/studies/${studyId}/rounds`, {});
    await post(`/api/rounds/${r.id}/open`);
    const closedSeen = (ws: WebSocket) => new Promise<void>((resolve) => ws.on('message', (d) => JSON.parse(String(d)).type === 'round_closed' && resolve()));
    let slowGotIt = false;
    const slow = closedSeen(sockets[0]).then(() => (slowGotIt = true));
    const arrivals = sockets.slice(1).map(closedSeen);
    await post(`/api/rounds/${r.id}/close`);
    // Every reading client gets the event while the stalled one still has not read it.
    await Promise.all(arrivals);
    expect(slowGotIt).toBe(false);
    (sockets[0] as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow;
    sockets.forEach((s) => s.terminate());
  });
});
