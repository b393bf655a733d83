import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, cookieFrom, itemsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/**
 * Runs a two-round study with eight panelists and records everything each panelist's browser
 * receives (HTTP bodies and websocket messages), then searches it for anything that could tell
 * one panelist about another.
 */
let t: TestApp;
let fac: string;
const received = new Map<number, string[]>();
const panel: { id: number; code: string; email: string; token: string; cookie: string }[] = [];
const roundIds: number[] = [];

async function asPanelist(i: number, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: { cookie: panel[i].cookie, ...headers } });
  received.get(i)!.push(res.body);
  return res;
}

beforeAll(async () => {
  t = await build();
  fac = (await signedInFacilitator(t)).cookie;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const post = (url: string, payload?: unknown) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: fac } }).then((r) => r.json());
  const study = await post('/api/studies', { ...studyBody, minGroupSize: 3 });
  await post(`/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(3) });
  const csv = [
    'code,email,language,sector,role_level',
    ...Array.from({ length: 8 }, (_, i) => `Zq${i}Code,person${i}@hospital${i}.example,en,${['health', 'social_care'][i % 2]},strategic`),
  ].join('\n');
  const { invitations } = await post(`/api/studies/${study.id}/panelists/import`, { csv });
  const sockets: WebSocket[] = [];
  for (const [i, inv] of invitations.entries()) {
    const token = inv.link.split('#')[1];
    const res = await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token } });
    panel.push({ id: inv.panelistId, code: inv.code, email: inv.email, token, cookie: cookieFrom(res, 'delphi_panelist') });
    received.set(i, [res.body]);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live/panel?since=0`, { headers: { cookie: panel[i].cookie } });
    ws.on('message', (d) => received.get(i)!.push(String(d)));
    await new Promise((r) => ws.once('open', r));
    sockets.push(ws);
  }
  for (let round = 1; round <= 2; round++) {
    const r = await post(`/api/studies/${study.id}/rounds`, round === 2 ? { decisions: [] } : {});
    roundIds.push(r.id);
    await post(`/api/rounds/${r.id}/open`);
    for (const i of panel.keys()) {
      await asPanelist(i, 'GET', '/api/panelist/me');
      const view = (await asPanelist(i, 'GET', '/api/panelist/round')).json();
      for (const item of view.items) {
        await asPanelist(
          i,
          'PUT',
          `/api/panelist/answers/${item.itemVersionId}`,
          { value: 1 + ((i * 3 + round) % 9), comment: `view of ${i}` },
          { 'idempotency-key': `anon-${round}-${i}-${item.itemVersionId}` },
        );
      }
      // While the round is open nobody gets its aggregates.
      expect((await asPanelist(i, 'GET', `/api/panelist/rounds/${r.id}/feedback`)).statusCode).toBe(404);
    }
    await post(`/api/rounds/${r.id}/close`);
    for (const i of panel.keys()) await asPanelist(i, 'GET', `/api/panelist/rounds/${r.id}/feedback`);
  }
  await new Promise((r) => setTimeout(r, 200));
  sockets.forEach((s) => s.close());
});
afterAll(() => t.close());

describe('anonymity towards panelists', () => {
  it('no panelist receives another panelist’s code, e-mail, token or id', () => {
    for (const [i, bodies] of received) {
      const text = bodies.join('\n');
      for (const [j, other] of panel.entries()) {
        if (i === j) continue;
        expect(text).not.toContain(other.code);
        expect(text).not.toContain(other.email);
        expect(text).not.toContain(`hospital${j}`);
        expect(text).not.toContain(other.token);
        expect(text).not.toMatch(new RegExp(`"panelist(Id)?":"?${other.id}\\b`));
      }
      expect(text).not.toContain(panel[i].token);
    }
  });

  it('no panelist receives a timestamp of anyone’s answer', async () => {
    const stamps = await t.db.raw<{ created_at: string; updated_at: string }>('select created_at, updated_at from responses');
    const all = [...received.values()].flat().join('\n');
    for (const s of stamps) {
      expect(all).not.toContain(s.created_at);
      expect(all).not.toContain(s.updated_at);
    }
    expect(all).not.toMatch(/"(createdAt|updatedAt|joinedAt|withdrawnAt|tokenIssuedAt)"/);
  });

  it('websocket messages to panelists carry round changes only, never aggregates', () => {
    for (const bodies of received.values()) {
      const wsMessages = bodies.filter((b) => b.startsWith('{"type"')).map((b) => JSON.parse(b));
      expect(new Set(wsMessages.map((m) => m.type))).toEqual(new Set(['hello', 'round_opened', 'round_closed']));
      for (const m of wsMessages) expect(JSON.stringify(m)).not.toMatch(/median|distribution|nValid|pct/);
    }
  });

  it('feedback shows the whole panel’s statistics once a round has closed', async () => {
    const fb = (await asPanelist(0, 'GET', `/api/panelist/rounds/${roundIds[0]}/feedback`)).json();
    expect(fb.items[0].feedback).toMatchObject({ withheld: false, nValid: 8 });
    expect(fb.items[0].feedback.comments).toHaveLength(8);
  });
});
