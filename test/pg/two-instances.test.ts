import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { createFacilitator } from '../../api/services/facilitator-service';
import { freePort } from '../helpers/ports';
import { itemsCsv, panelistsCsv, studyBody } from '../helpers/build';

/**
 * Two real server processes on one PostgreSQL database, as behind a load balancer: what one
 * instance commits reaches the websockets of the other (LISTEN/NOTIFY), in order and without
 * gaps, and a panelist who reconnects to the other instance resumes where they left off.
 */

const base = process.env.TEST_DATABASE_URL!;
const database = `two_instances_${randomBytes(4).toString('hex')}`;
const url = (() => {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
})();

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  logs: string[];
}
const instances: Instance[] = [];

async function start(name: string): Promise<Instance> {
  const port = await freePort();
  const logs: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/cli.ts', 'serve'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { name, port, child, logs };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`instance ${name} did not start:\n${logs.join('')}`);
}

async function call(on: Instance, method: string, path: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${on.port}${path}`, {
    method,
    headers: { cookie, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} on ${on.name}: ${res.status} ${text}`);
  return { body: text ? JSON.parse(text) : undefined, cookies: res.headers.getSetCookie() };
}

/** A panelist's live connection as the app keeps it: applies each seq once and resumes from the last one. */
class Follower {
  seen: { seq: number; type: string; via: string }[] = [];
  hello?: { seq: number; replayed: number; snapshot: boolean };
  ws?: WebSocket;
  constructor(private readonly cookie: string) {}

  get applied() {
    return this.seen.map((e) => e.seq);
  }

  connect(to: Instance): Promise<void> {
    const since = this.applied.at(-1) ?? 0;
    const ws = new WebSocket(`ws://127.0.0.1:${to.port}/api/live/panel?since=${since}`, { headers: { cookie: this.cookie } });
    this.ws = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'hello') this.hello = m;
      else if (typeof m.seq === 'number' && m.seq > (this.applied.at(-1) ?? 0)) this.seen.push({ seq: m.seq, type: m.type, via: to.name });
    });
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.once('message', () => resolve()); // the hello: registered and caught up
    });
  }

  async waitFor(seq: number): Promise<void> {
    for (let i = 0; i < 100 && (this.applied.at(-1) ?? 0) < seq; i++) await new Promise((r) => setTimeout(r, 50));
    expect(this.applied.at(-1), `waiting for seq ${seq}; got ${JSON.stringify(this.seen)}`).toBe(seq);
  }

  close() {
    this.ws?.terminate();
  }
}

let a: Instance;
let b: Instance;
let owner: string;
let studyId: number;
let links: string[];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  // The facilitator account is made the way `npm run cli -- admin create` makes it.
  const db = await openDatabase({ url });
  await runMigrations(db);
  const { oneTimePassword } = await createFacilitator(db, { email: 'lead@example.org', mustChangePassword: false }, null);
  await db.close();

  [a, b] = await Promise.all([start('A'), start('B')]);
  instances.push(a, b);
  const signIn = await call(b, 'POST', '/api/auth/sign-in', '', { email: 'lead@example.org', password: oneTimePassword });
  owner = signIn.cookies.map((c) => c.split(';')[0]).join('; ');
  studyId = (await call(b, 'POST', '/api/studies', owner, studyBody)).body.id;
  await call(b, 'POST', `/api/studies/${studyId}/items/import`, owner, { createCategories: true, csv: itemsCsv(3) });
  links = (await call(b, 'POST', `/api/studies/${studyId}/panelists/import`, owner, { csv: panelistsCsv(6) })).body.invitations.map(
    (i: { link: string }) => i.link,
  );
}, 120_000);

afterAll(async () => {
  for (const i of instances) i.child.kill('SIGTERM');
  await Promise.all(instances.filter((i) => i.child.exitCode === null).map((i) => new Promise((r) => i.child.once('exit', r))));
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
});

async function panelist(on: Instance, link: string): Promise<string> {
  const res = await call(on, 'POST', '/api/panelist/session', '', { token: link.split('#')[1] });
  return res.cookies.map((c) => c.split(';')[0]).join('; ');
}

describe('two instances on one PostgreSQL database', () => {
  it('delivers what one instance commits to the websockets of the other, in order, without gaps, and resumes across instances', async () => {
    const cookies = await Promise.all(links.map((l, i) => panelist(i % 2 ? b : a, l)));
    const onA = new Follower(cookies[0]);
    const switcher = new Follower(cookies[1]);
    await onA.connect(a);
    await switcher.connect(a);

    // Round 1 through B: A's clients hear it open.
    const r1 = (await call(b, 'POST', `/api/studies/${studyId}/rounds`, owner, {})).body;
    await call(b, 'POST', `/api/rounds/${r1.id}/open`, owner);
    await onA.waitFor(1);

    // A facilitator's dashboard on A hears that answers arrived, though they are saved through B.
    const dashboard: string[] = [];
    const facilitatorWs = new WebSocket(`ws://127.0.0.1:${a.port}/api/live/studies/${studyId}`, { headers: { cookie: owner } });
    facilitatorWs.on('message', (d) => dashboard.push(JSON.parse(String(d)).type));
    await new Promise((r) => facilitatorWs.once('message', r));

    // Answers arrive on both instances; the close goes through B.
    const round = (await call(a, 'GET', '/api/panelist/round', cookies[0])).body;
    await call(
      b,
      'PUT',
      `/api/panelist/answers/${round.items[0].itemVersionId}`,
      cookies[1],
      { value: 4, cannotJudge: false, comment: null },
      { 'idempotency-key': 'first-on-b' },
    );
    for (let i = 0; i < 40 && !dashboard.includes('answers_changed'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(dashboard).toContain('answers_changed');
    facilitatorWs.terminate();
    for (const [i, cookie] of cookies.entries()) {
      for (const [j, item] of round.items.entries()) {
        await call(
          i % 2 ? b : a,
          'PUT',
          `/api/panelist/answers/${item.itemVersionId}`,
          cookie,
          { value: 3 + ((i + j) % 5), cannotJudge: false, comment: null },
          { 'idempotency-key': `save-${i}-${j}` },
        );
      }
    }
    await call(b, 'POST', `/api/rounds/${r1.id}/close`, owner);
    await onA.waitFor(2);
    expect(onA.seen).toEqual([
      { seq: 1, type: 'round_opened', via: 'A' },
      { seq: 2, type: 'round_closed', via: 'A' },
    ]);
    // The feedback the close released is there on A for the panelist who heard about it on A.
    const feedback = (await call(a, 'GET', `/api/panelist/rounds/${r1.id}/feedback`, cookies[0])).body;
    expect(feedback.items).toHaveLength(3);
    expect(feedback.items[0].feedback.nValid).toBe(6);
    expect(feedback.items[0].feedback.yourAnswer).toEqual({ value: 3, cannotJudge: false });

    // The second panelist's instance goes away (a deploy); meanwhile round 2 opens through A.
    await switcher.waitFor(2);
    switcher.close();
    const r2 = (await call(a, 'POST', `/api/studies/${studyId}/rounds`, owner, {})).body;
    await call(a, 'POST', `/api/rounds/${r2.id}/open`, owner);
    // They come back through B and get exactly what they missed, then what follows.
    await switcher.connect(b);
    expect(switcher.hello).toMatchObject({ seq: 3, replayed: 1, snapshot: false });
    await switcher.waitFor(3);

    // Opens and closes in quick succession, alternating instances: both clients get every one, in order.
    await call(b, 'POST', `/api/rounds/${r2.id}/close`, owner);
    for (let n = 0; n < 3; n++) {
      const [x, y] = n % 2 ? [a, b] : [b, a];
      const r = (await call(x, 'POST', `/api/studies/${studyId}/rounds`, owner, {})).body;
      await call(x, 'POST', `/api/rounds/${r.id}/open`, owner);
      await call(y, 'POST', `/api/rounds/${r.id}/close`, owner);
    }
    await onA.waitFor(10);
    await switcher.waitFor(10);
    const expected = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(onA.applied).toEqual(expected);
    expect(switcher.applied).toEqual(expected);
    expect(onA.seen.map((e) => e.type)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'round_closed' : 'round_opened')));
    expect(new Set(switcher.seen.slice(2).map((e) => e.via))).toEqual(new Set(['B']));
    onA.close();
    switcher.close();

    for (const i of instances)
      expect(
        i.logs
          .join('')
          .split('\n')
          .filter((l) => /"level":(50|60)/.test(l)),
      ).toEqual([]);
  }, 120_000);

  it('stores every save acknowledged by either instance once, when they arrive on both at once, retries included', async () => {
    const cookies = await Promise.all(links.map((l, i) => panelist(i % 2 ? a : b, l)));
    const r = (await call(a, 'POST', `/api/studies/${studyId}/rounds`, owner, {})).body;
    await call(b, 'POST', `/api/rounds/${r.id}/open`, owner);
    const round = (await call(a, 'GET', '/api/panelist/round', cookies[0])).body;
    // Each answer goes to both instances with the same key, as a client that retries through the other one.
    const sends = cookies.flatMap((cookie, i) =>
      round.items.flatMap((item: { itemVersionId: number }, j: number) =>
        [a, b].map((on) =>
          call(
            on,
            'PUT',
            `/api/panelist/answers/${item.itemVersionId}`,
            cookie,
            { value: 1 + ((i + j) % 9), cannotJudge: false, comment: null },
            { 'idempotency-key': `both-${i}-${j}` },
          ),
        ),
      ),
    );
    const replies = await Promise.all(sends);
    for (let k = 0; k < replies.length; k += 2) expect(replies[k + 1].body).toEqual(replies[k].body);
    expect(replies.every((x) => x.body.revision === 1)).toBe(true);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query(
        'select count(*)::int as n, count(distinct (panelist_id, item_version_id))::int as answers, max(revision) as top from responses where round_id = $1',
        [r.id],
      );
      expect(rows[0]).toEqual({ n: links.length * round.items.length, answers: links.length * round.items.length, top: 1 });
    } finally {
      await db.end();
    }
  }, 120_000);
});
