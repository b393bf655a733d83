import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { listeningAppPerTest } from '../helpers/signed-in-app';

const ctx = listeningAppPerTest();

async function post(url: string, payload?: unknown, cookie = ctx.fac) {
  const res = await ctx.t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } });
  return res.json();
}

/** A real websocket client that records every message. */
/** A study of `items` items and three panelists with round 1 open, and the first panelist's session. */
async function openRoundWithPanelist(items: number) {
  const study = await post('/api/studies', studyBody);
  await post(`/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  const { invitations } = await post(`/api/studies/${study.id}/panelists/import`, { csv: panelistsCsv(3) });
  const r1 = await post(`/api/studies/${study.id}/rounds`, {});
  await post(`/api/rounds/${r1.id}/open`);
  return { study, r1, cookie: await panelistSession(ctx.t, invitations[0].link) };
}

function connect(path: string, cookie: string, origin = `http://${ctx.host}`) {
  const messages: { type: string; seq?: number; payload?: { roundId: number } }[] = [];
  const ws = new WebSocket(`ws://${ctx.host}${path}`, { headers: { cookie, origin } });
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const waitFor = async (pred: (m: (typeof messages)[number]) => boolean, ms = 2000) => {
    const start = Date.now();
    while (Date.now() - start < ms) {
      const m = messages.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no matching message in ${ms} ms; got ${JSON.stringify(messages)}`);
  };
  return { ws, messages, opened, waitFor };
}

describe('websocket /api/live', () => {
  it('pushes round_closed to a connected panelist, and replays missed events after a reconnect', async () => {
    const { study, r1, cookie } = await openRoundWithPanelist(2);

    const client = connect('/api/live/panel?since=0', cookie);
    await client.opened;
    const opened = await client.waitFor((m) => m.type === 'round_opened');
    expect(opened.seq).toBe(1);
    await post(`/api/rounds/${r1.id}/close`);
    const closed = await client.waitFor((m) => m.type === 'round_closed');
    expect(closed).toMatchObject({ seq: 2, payload: { roundId: r1.id, number: 1 } });
    client.ws.close();

    // While disconnected, round 2 opens; the client resumes from seq 2 and gets exactly that event.
    const r2 = await post(`/api/studies/${study.id}/rounds`, {});
    await post(`/api/rounds/${r2.id}/open`);
    const again = connect('/api/live/panel?since=2', cookie);
    await again.opened;
    const hello = await again.waitFor((m) => m.type === 'hello');
    expect(hello).toMatchObject({ seq: 3, replayed: 1, snapshot: false });
    await again.waitFor((m) => m.type === 'round_opened' && m.seq === 3);
    expect(again.messages.filter((m) => m.seq !== undefined && m.seq <= 2)).toEqual([]);
    again.ws.close();
  });

  it('tells facilitators that answers arrived, but never panelists', async () => {
    const { study, cookie } = await openRoundWithPanelist(1);
    const dashboard = connect(`/api/live/studies/${study.id}`, ctx.fac);
    const panel = connect('/api/live/panel', cookie);
    await Promise.all([dashboard.opened, panel.opened]);
    const item = (await ctx.t.app.inject({ method: 'GET', url: '/api/panelist/round', headers: { cookie } })).json().items[0];
    await ctx.t.app.inject({
      method: 'PUT',
      url: `/api/panelist/answers/${item.itemVersionId}`,
      headers: { cookie, 'idempotency-key': 'live-answer-1' },
      payload: { value: 7 },
    });
    await dashboard.waitFor((m) => m.type === 'answers_changed');
    await new Promise((r) => setTimeout(r, 700));
    expect(panel.messages.map((m) => m.type)).toEqual(['hello']);
    dashboard.ws.close();
    panel.ws.close();
  });

  it('refuses an upgrade without a session or from another origin', async () => {
    const study = await post('/api/studies', studyBody);
    await expect(connect('/api/live/panel', '').opened).rejects.toThrow(/401/);
    await expect(connect(`/api/live/studies/${study.id}`, ctx.fac, 'https://evil.example').opened).rejects.toThrow(/403/);
  });
});
