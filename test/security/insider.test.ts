import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { claimEmail } from '../../api/repositories/email';
import { openDatabase, type Db } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { BASE_URL, freshDatabase, itemsCsv, panelistSession, signedInFacilitator, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

/*
 * Issue 13, finding 3: a facilitator or observer of a strict-anonymity study must not learn who
 * gave which answer by watching provisional figures, participation, ids, order or the live signal
 * between two moments. k is 3 throughout.
 */
const K = 3;

const ctx = signedInAppPerTest();
const { call } = ctx;

/** The facilitator's view of one item once the pending snapshot releases have settled. */
async function releasedResult(roundId: number, itemVersionId: number) {
  await ctx.t.app.releases.settled();
  return itemOf((await call('GET', `/api/rounds/${roundId}/results`)).body, itemVersionId);
}

/** A round whose first item has its first snapshot: panelists 0 to 2 rated it 5. */
async function firstRelease() {
  const { roundId, panel, versions } = await openStudy();
  const [a] = versions;
  const results = () => releasedResult(roundId, a);
  for (const i of [0, 1, 2]) await save(panel[i], a, 5);
  return { panel, a, results, first: await results() };
}

interface Panelist {
  id: number;
  code: string;
  email: string;
  cookie: string;
}

/** A running study of `n` panelists with two items and round 1 open. */
async function openStudy(over: Record<string, unknown> = {}, n = 8, kind: 'rating' | 'ideas' = 'rating') {
  const study = (await call('POST', '/api/studies', { ...studyBody, anonymity: 'strict', minGroupSize: K, ...over })).body;
  await call('POST', `/api/studies/${study.id}/items/import`, { csv: itemsCsv(2), createCategories: true });
  const csv = [
    'code,email,language,sector,role_level',
    ...Array.from({ length: n }, (_, i) => `Pz${i}x,pz${i}@example.org,en,${['health', 'voluntary'][i % 2]},strategic`),
  ];
  const { invitations } = (await call('POST', `/api/studies/${study.id}/panelists/import`, { csv: csv.join('\n') })).body;
  const round = (await call('POST', `/api/studies/${study.id}/rounds`, { kind })).body;
  await call('POST', `/api/rounds/${round.id}/open`);
  const panel: Panelist[] = [];
  for (const inv of invitations) panel.push({ id: inv.panelistId, code: inv.code, email: inv.email, cookie: await panelistSession(ctx.t, inv.link) });
  const versions =
    kind === 'rating'
      ? ((await call('GET', '/api/panelist/round', undefined, panel[0].cookie)).body.items as { itemVersionId: number }[]).map((i) => i.itemVersionId)
      : [];
  return { study, roundId: round.id as number, panel, versions };
}

let keys = 0;
async function save(p: Panelist, version: number, value: number | null, comment: string | null = null) {
  const body = { value, cannotJudge: value === null, comment };
  const res = await call('PUT', `/api/panelist/answers/${version}`, body, p.cookie, { 'idempotency-key': `insider-${keys++}` });
  expect(res.status).toBe(200);
}

/** The innermost objects (or arrays that changed length) whose contents differ between two payloads. */
function changedParents(a: unknown, b: unknown, parent: unknown, out: unknown[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const sameShape = Array.isArray(a) ? Array.isArray(b) && a.length === b.length : !Array.isArray(b);
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && sameShape) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) changedParents(x[key], y[key], b, out);
    return;
  }
  out.push(Array.isArray(b) ? b : parent);
}

const itemOf = (results: { items: { itemVersionId: number }[] }, version: number) => results.items.find((i) => i.itemVersionId === version);

describe('strict anonymity towards facilitators and observers (issue 13, finding 3)', () => {
  it('provisional results of an open round advance only after k new answers, not with every save', async () => {
    const { roundId, panel, versions } = await openStudy();
    const [a] = versions;
    const results = async () => (await call('GET', `/api/rounds/${roundId}/results`)).body;
    for (const i of [0, 1, 2]) await save(panel[i], a, 2 + i);
    const first = await results();
    expect(first.release).toEqual({ batchSize: K, itemsWaiting: 1 });
    expect(itemOf(first, a)).toMatchObject({ basedOn: 3, result: { stats: { nValid: 3 } } });
    for (const i of [3, 4]) {
      await save(panel[i], a, 9);
      expect(itemOf(await results(), a)).toEqual(itemOf(first, a));
    }
    // A revision counts as a new answer: the third save since the snapshot releases the next one.
    await save(panel[0], a, 8);
    const second = itemOf(await results(), a);
    expect(second).toMatchObject({ basedOn: 5, result: { stats: { nValid: 5 } } });
    expect(second).not.toEqual(itemOf(first, a));

    // Quasi anonymity keeps the working view: every save shows at once.
    const quasi = await openStudy({ anonymity: 'quasi' });
    await save(quasi.panel[0], quasi.versions[0], 4);
    const live = (await call('GET', `/api/rounds/${quasi.roundId}/results`)).body;
    expect(live.release).toBeNull();
    expect(itemOf(live, quasi.versions[0])).toMatchObject({ basedOn: null, result: { stats: { nValid: 1 } } });
  });

  it('does not release a snapshot that differs by one panelist however often the item is saved', async () => {
    const { panel, a, results, first } = await firstRelease();
    expect(first).toMatchObject({ basedOn: 3 });
    // One new rating and two comment-only re-saves are k saves but one changed panelist.
    await save(panel[7], a, 9);
    await save(panel[7], a, 9, 'on reflection');
    await save(panel[7], a, 9, 'on further reflection');
    expect(await results()).toEqual(first);
    // Two more panelists make k changed since the snapshot (7, 4 and 5): released.
    await save(panel[4], a, 6);
    await save(panel[5], a, 6);
    expect(await results()).toMatchObject({ basedOn: 6, result: { stats: { nValid: 6 } } });
  });

  it('does not release a snapshot when one panelist changes their rating k times', async () => {
    const { panel, a, results, first } = await firstRelease();
    for (const value of [1, 2, 3]) await save(panel[0], a, value);
    expect(await results()).toEqual(first);
  });

  it('releases a new snapshot once k different panelists changed or added an answer', async () => {
    const { roundId, panel, versions } = await openStudy();
    const [a] = versions;
    const results = async () => itemOf((await call('GET', `/api/rounds/${roundId}/results`)).body, a);
    for (const i of [0, 1, 2]) await save(panel[i], a, 4);
    const first = await results();
    await save(panel[0], a, 7);
    await save(panel[1], a, null);
    expect(await results()).toEqual(first);
    await save(panel[5], a, 2);
    // A changed value, a switch to "cannot judge" and a new answer: k panelists, so a new snapshot.
    const second = await results();
    expect(second).toMatchObject({ basedOn: 3, result: { stats: { nValid: 3 } } });
    expect(second).not.toEqual(first);
  });

  it('shows no overall figure for an item below k answers', async () => {
    const { roundId, panel, versions } = await openStudy();
    const [a, b] = versions;
    await save(panel[0], a, 7);
    await save(panel[1], a, 3);
    // "Cannot judge" is no rating: two ratings stay below k however many of those arrive.
    for (const i of [2, 3, 4]) await save(panel[i], a, null);
    const res = (await call('GET', `/api/rounds/${roundId}/results`)).body;
    expect(res.items).toEqual([]);
    expect(res.release).toEqual({ batchSize: K, itemsWaiting: 2 });
    expect(res.analysis).toBeNull();
    for (const i of [0, 1, 2]) await save(panel[i], b, 5);
    expect((await call('GET', `/api/rounds/${roundId}/results`)).body.items.map((i: { itemVersionId: number }) => i.itemVersionId)).toEqual([b]);
  });

  it('participation in strict anonymity gives counts per group and names nobody, nor does the e-mail log of reminders', async () => {
    const { study, roundId, panel, versions } = await openStudy();
    await save(panel[0], versions[0], 5);
    await save(panel[1], versions[0], 5);
    await save(panel[1], versions[1], 5);
    const res = await call('GET', `/api/rounds/${roundId}/participation`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ namesHidden: true, notAnswered: [], notCompleted: [], overall: { invited: 8, responded: 2, completed: 1 } });
    expect(res.body.byGroup.sector.health).toMatchObject({ invited: 4, responded: 1 });
    const text = JSON.stringify(res.body);
    for (const p of panel) {
      expect(text).not.toContain(p.code);
      expect(text).not.toContain(p.email);
      expect(text).not.toMatch(new RegExp(`"panelistId":${p.id}\\b`));
    }
    // The reminders went to those who had not answered; listed per panelist they would name them.
    const now = new Date().toISOString();
    await ctx.t.db.transaction(async (tx) => {
      for (const p of panel.slice(2))
        await claimEmail(tx, {
          studyId: study.id,
          panelistId: p.id,
          roundId,
          kind: 'reminder',
          key: 'manual',
          dedupeKey: `${roundId}:reminder:manual`,
          createdAt: now,
          leaseUntil: now,
        });
      await claimEmail(tx, {
        studyId: study.id,
        panelistId: panel[0].id,
        roundId: null,
        kind: 'invitation',
        key: '1',
        dedupeKey: '0:invitation:1',
        createdAt: now,
        leaseUntil: now,
      });
    });
    const log = (await call('GET', `/api/studies/${study.id}/email-log`)).body;
    expect(log.map((l: { kind: string }) => l.kind)).toEqual(['invitation']);
    expect((await call('GET', `/api/studies/${study.id}/email-log?kind=reminder`)).body).toEqual([]);
    expect((await call('GET', `/api/studies/${study.id}/email-log?kind=reminder&panelistId=${panel[2].id}`)).body).toEqual([]);
  });

  it('comment and idea ids do not show writing order or adjacency, and rewording from an opaque comment id still works', async () => {
    const { study, roundId, panel, versions } = await openStudy();
    for (const p of panel) for (const v of versions) await save(p, v, 5, `note ${p.code} ${v}`);
    const rows = await ctx.t.db.raw<{ id: number; comment: string }>('select id, comment from responses where round_id = ? order by id', [roundId]);
    await call('POST', `/api/rounds/${roundId}/close`);
    const { comments } = (await call('GET', `/api/rounds/${roundId}/comments`)).body as { comments: { responseId: number; text: string }[] };
    const idOf = new Map(comments.map((c) => [c.text, c.responseId]));
    const inWritingOrder = rows.map((r) => idOf.get(r.comment)!);
    expect(inWritingOrder).toHaveLength(16);
    expect(new Set(inWritingOrder).size).toBe(16);
    for (const [i, id] of inWritingOrder.entries()) expect(id).not.toBe(rows[i].id);
    // One panelist's two answers were written one after the other: their ids must not say so.
    for (let i = 1; i < inWritingOrder.length; i++) expect(Math.abs(inWritingOrder[i] - inWritingOrder[i - 1])).toBeGreaterThan(1000);
    expect(inWritingOrder).not.toEqual([...inWritingOrder].sort((x, y) => x - y));
    expect(inWritingOrder).not.toEqual([...inWritingOrder].sort((x, y) => y - x));

    const items = (await call('GET', `/api/studies/${study.id}/items`)).body;
    const chosen = comments.find((c) => c.text === `note ${panel[3].code} ${versions[0]}`)!;
    const reword = (ids: number[]) => ({
      decisions: [{ itemId: items[0].id, action: 'reword', texts: { en: 'Clearer' }, reason: 'ambiguous', sourceResponseIds: ids }],
    });
    const rowId = rows.find((r) => r.comment === chosen.text)!.id;
    // The row id itself is no longer an id a facilitator can use.
    expect((await call('POST', `/api/studies/${study.id}/rounds`, reword([rowId]))).status).toBe(400);
    expect((await call('POST', `/api/studies/${study.id}/rounds`, reword([chosen.responseId]))).status).toBe(201);
    const { itemVersions } = ctx.t.db.t;
    const stored = await ctx.t.db.orm
      .select({ sources: itemVersions.sourceResponseIds })
      .from(itemVersions)
      .where(and(eq(itemVersions.itemId, items[0].id), eq(itemVersions.version, 2)));
    expect(stored).toEqual([{ sources: [rowId] }]);
  });

  it('lists comments and ideas in an order unrelated to when they were written, with opaque idea ids that still seed new items', async () => {
    const rating = await openStudy();
    const texts = ['zebra crossings', 'yellow lines', 'x marks', 'walkways'];
    for (const [i, text] of texts.entries()) await save(rating.panel[i], rating.versions[0], 5, text);
    await call('POST', `/api/rounds/${rating.roundId}/close`);
    const { comments } = (await call('GET', `/api/rounds/${rating.roundId}/comments`)).body;
    expect(comments.map((c: { text: string }) => c.text)).toEqual([...texts].sort());

    const open = await openStudy({}, 4, 'ideas');
    const written: { id: number; text: string }[] = [];
    for (const text of texts) written.push((await call('POST', '/api/panelist/ideas', { text }, open.panel[0].cookie)).body);
    for (let i = 1; i < written.length; i++) expect(Math.abs(written[i].id - written[i - 1].id)).toBeGreaterThan(1000);
    await call('POST', `/api/rounds/${open.roundId}/close`);
    const { ideas } = (await call('GET', `/api/rounds/${open.roundId}/comments`)).body;
    expect(ideas.map((i: { text: string }) => i.text)).toEqual([...texts].sort());
    expect(new Set(ideas.map((i: { id: number }) => i.id))).toEqual(new Set(written.map((w) => w.id)));
    const next = await call('POST', `/api/studies/${open.study.id}/rounds`, {
      newItems: [{ code: 'ZEB', texts: { en: 'Zebra crossings' }, sourceIdeaIds: [written[0].id] }],
    });
    expect(next.status).toBe(201);
    const flow = (await call('GET', `/api/studies/${open.study.id}/item-flow`)).body.find(
      (d: { action: string; sourceIdeaIds: number[] }) => d.sourceIdeaIds.length > 0,
    );
    expect(flow.sourceIdeaIds).toEqual([written[0].id]);
  });

  it('sends the dashboards’ answers-arrived signal per batch of k answers, not per save, over a real websocket', async () => {
    const { study, panel, versions } = await openStudy();
    await ctx.t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `127.0.0.1:${(ctx.t.app.server.address() as AddressInfo).port}`;
    const messages: { type: string }[] = [];
    const ws = new WebSocket(`ws://${base}/api/live/studies/${study.id}`, { headers: { cookie: ctx.fac, origin: `http://${base}` } });
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const pings = () => messages.filter((m) => m.type === 'answers_changed').length;
    const quiet = async () => {
      await ctx.t.app.releases.settled();
      await new Promise((r) => setTimeout(r, 800));
    };
    await save(panel[0], versions[0], 4);
    await quiet();
    expect(pings()).toBe(0);
    await save(panel[1], versions[0], 6);
    await quiet();
    expect(pings()).toBe(0);
    await save(panel[2], versions[0], 8);
    await quiet();
    expect(pings()).toBe(1);
    await save(panel[3], versions[0], 2);
    await quiet();
    expect(pings()).toBe(1);
    ws.close();
  });

  it('holds the comments and ideas of an open round until the close, so a new one cannot be tied to who just answered', async () => {
    const { roundId, panel, versions } = await openStudy();
    await save(panel[2], versions[0], 7, 'only one person would write this');
    const whileOpen = (await call('GET', `/api/rounds/${roundId}/comments`)).body;
    expect(whileOpen).toEqual({ held: true, comments: [], ideas: [] });
    await call('POST', `/api/rounds/${roundId}/close`);
    const closed = (await call('GET', `/api/rounds/${roundId}/comments`)).body;
    expect(closed.held).toBe(false);
    expect(closed.comments.map((c: { text: string }) => c.text)).toEqual(['only one person would write this']);
  });

  it('records an erasure in the audit log without naming the panelist whose comments vanish', async () => {
    const { study, panel, versions } = await openStudy({ withdrawalPolicy: 'erase' });
    await save(panel[4], versions[0], 6, 'only I would say this');
    expect((await call('POST', '/api/panelist/withdraw', undefined, panel[4].cookie)).status).toBe(200);
    const audit = (await call('GET', `/api/studies/${study.id}/audit`)).body as { action: string; details: Record<string, unknown> }[];
    const entry = audit.find((a) => a.action === 'panelist.withdraw_self')!;
    expect(entry.details).toEqual({ policy: 'erase', reason: null });
    const text = JSON.stringify(audit);
    expect(text).not.toContain(panel[4].code);
    expect(text).not.toMatch(new RegExp(`"panelistId":${panel[4].id}\\b`));
  });

  it('a facilitator who crawls every view at two moments cannot link a panelist to the rating given in between', async () => {
    const { study, roundId, panel, versions } = await openStudy();
    for (const i of [0, 1, 2]) await save(panel[i], versions[0], 5);
    await ctx.t.app.releases.settled();
    const urls = [
      `/api/rounds/${roundId}/results`,
      `/api/rounds/${roundId}/participation`,
      `/api/rounds/${roundId}/comments`,
      `/api/rounds/${roundId}/reminders-summary`,
      `/api/studies/${study.id}/email-log`,
      `/api/studies/${study.id}/audit`,
      `/api/studies/${study.id}/panelists`,
    ];
    const crawl = async () => Object.fromEntries(await Promise.all(urls.map(async (u) => [u, (await call('GET', u)).body] as const)));
    const before = await crawl();
    const x = panel[5];
    await save(x, versions[0], 9);
    await ctx.t.app.releases.settled();
    const after = await crawl();
    // The figures stayed where they were: nothing to subtract.
    expect(after[urls[0]]).toEqual(before[urls[0]]);
    // Whatever changed must not point at the panelist who answered.
    for (const u of urls) {
      const changed: unknown[] = [];
      changedParents(before[u], after[u], after[u], changed);
      for (const c of changed) {
        expect(JSON.stringify(c), u).not.toContain(x.code);
        expect(JSON.stringify(c), u).not.toContain(x.email);
      }
    }
  });

  it('two server instances on one database release one sequence of snapshots and agree on opaque ids', async () => {
    // Under npm run test:pg each instance has a pool of its own; on SQLite there is one connection.
    const url = process.env.DELPHI_TEST_BACKEND === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const first: Db = url ? await openDatabase({ url, schema }) : await freshDatabase();
    if (url) await runMigrations(first);
    const second = url ? await openDatabase({ url, schema }) : first;
    const a = await buildApp({ db: first, publicUrl: BASE_URL, closeDb: false });
    const b = await buildApp({ db: second, publicUrl: BASE_URL, closeDb: false });
    const other = ctx.t;
    try {
      ctx.t = { app: a, db: first, close: async () => undefined };
      ctx.fac = (await signedInFacilitator(ctx.t, 'two@example.org')).cookie;
      const { roundId, panel, versions } = await openStudy();
      for (const i of [0, 1, 2]) await save(panel[i], versions[0], 3 + i);
      const results = (app: typeof a) =>
        app.inject({ method: 'GET', url: `/api/rounds/${roundId}/results`, headers: { cookie: ctx.fac } }).then((r) => r.json());
      const [onA, onB] = await Promise.all([results(a), results(b)]);
      expect(itemOf(onA, versions[0])).toMatchObject({ basedOn: 3 });
      expect(onB).toEqual(onA);
      const stored = await first.raw<{ n: number }>('select count(*) as n from released_snapshots where round_id = ?', [roundId]);
      expect(Number(stored[0].n)).toBe(1);
      // A save through the other instance counts towards the same batch.
      const viaB = await b.inject({
        method: 'PUT',
        url: `/api/panelist/answers/${versions[0]}`,
        payload: { value: 9, cannotJudge: false, comment: 'via b' },
        headers: { cookie: panel[3].cookie, 'idempotency-key': 'via-b-0001' },
      });
      expect(viaB.statusCode).toBe(200);
      expect(await results(a)).toEqual(onA);
      const closing = await a.inject({ method: 'POST', url: `/api/rounds/${roundId}/close`, headers: { cookie: ctx.fac } });
      expect(closing.json()).toMatchObject({ status: 'closed' });
      const comments = (app: typeof a) =>
        app.inject({ method: 'GET', url: `/api/rounds/${roundId}/comments`, headers: { cookie: ctx.fac } }).then((r) => r.json());
      expect((await comments(a)).comments).toHaveLength(1);
      expect(await comments(b)).toEqual(await comments(a));
    } finally {
      ctx.t = other;
      await a.close();
      await b.close();
      await first.close();
      if (second !== first) await second.close();
    }
  });
});
