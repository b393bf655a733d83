import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const call = ctx.call;

/** A study of 6 items in two categories (I1, I3, I5: KNOW; I2, I4, I6: POWER), a panel, and round 1 as a draft. */
async function draftStudy(panel = 6, body: object = studyBody) {
  const study = await call('POST', '/api/studies', body);
  await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(6) });
  const invited = await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelistsCsv(panel) });
  const round = await call('POST', `/api/studies/${study.body.id}/rounds`, {});
  return {
    studyId: study.body.id as number,
    roundId: round.body.id as number,
    links: invited.body.invitations.map((i: { link: string }) => i.link) as string[],
  };
}

const ranking = (config: object, instructions: Record<string, string> = { en: 'Put them in order' }) => ({ kind: 'ranking', config, instructions });
const blockCount = async () => ((await ctx.t.db.raw('select count(*) as n from round_blocks'))[0] as { n: number }).n;
const answerCount = async () => ((await ctx.t.db.raw('select count(*) as n from block_answers'))[0] as { n: number }).n;

async function openWithRanking(panel = 6, config: object = { items: ['I1', 'I2', 'I3', 'I4'], topK: null }) {
  const s = await draftStudy(panel);
  const block = await call('POST', `/api/rounds/${s.roundId}/blocks`, ranking(config));
  expect(block.status).toBe(201);
  expect((await call('POST', `/api/rounds/${s.roundId}/open`)).status).toBe(200);
  const sessions = await Promise.all(s.links.map((l) => panelistSession(ctx.t, l)));
  return { ...s, blockId: block.body.id as number, sessions };
}

const order = (codes: string[]) => codes.map((subject, i) => ({ subject, value: i + 1 }));
const save = (cookie: string, blockId: number, answers: object[], key: string) =>
  call('PUT', `/api/panelist/blocks/${blockId}/answers`, { answers }, cookie, { 'idempotency-key': key });

describe('question blocks of a draft round', () => {
  it('adds, lists, moves, changes and removes blocks, keeping positions in order', async () => {
    const { roundId } = await draftStudy();
    const a = await call('POST', `/api/rounds/${roundId}/blocks`, ranking({ items: ['I1', 'I2', 'I3'] }));
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ kind: 'ranking', position: 0, config: { items: ['I1', 'I2', 'I3'], topK: null } });
    const b = await call('POST', `/api/rounds/${roundId}/blocks`, ranking({ category: 'POWER', topK: 2 }));
    expect(b.body).toMatchObject({ position: 1, config: { items: ['I2', 'I4', 'I6'], topK: 2 } });
    const c = await call('POST', `/api/rounds/${roundId}/blocks`, { ...ranking({ items: ['I5', 'I6'] }), position: 0 });
    expect(c.body.position).toBe(0);
    const list = async () => (await call('GET', `/api/rounds/${roundId}/blocks`)).body.map((x: { id: number; position: number }) => [x.id, x.position]);
    expect(await list()).toEqual([
      [c.body.id, 0],
      [a.body.id, 1],
      [b.body.id, 2],
    ]);
    const moved = await call('PUT', `/api/rounds/${roundId}/blocks/${c.body.id}`, { position: 2, config: { items: ['I5', 'I6', 'I1'], topK: null } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ position: 2, config: { items: ['I5', 'I6', 'I1'] } });
    expect(await list()).toEqual([
      [a.body.id, 0],
      [b.body.id, 1],
      [c.body.id, 2],
    ]);
    expect((await call('DELETE', `/api/rounds/${roundId}/blocks/${a.body.id}`)).status).toBe(200);
    expect(await list()).toEqual([
      [b.body.id, 0],
      [c.body.id, 1],
    ]);
  });

  it.each([
    ['fewer than 2 items', { items: ['I1'] }, 'body.config.items'],
    ['an item not in the study', { items: ['I1', 'NOPE'] }, 'body.config.items.1'],
    ['the same item twice', { items: ['I1', 'I2', 'I1'] }, 'body.config.items.2'],
    ['more than 20 items', { items: Array.from({ length: 21 }, (_, i) => `I${i}`) }, 'body.config.items'],
    ['an unknown category', { category: 'NOPE' }, 'body.config.category'],
    ['a top k as long as the list', { items: ['I1', 'I2', 'I3'], topK: 3 }, 'body.config.topK'],
    ['an unknown setting', { items: ['I1', 'I2'], shuffle: true }, 'body.config'],
  ])('refuses a ranking with %s: a 400 naming the field, nothing stored', async (_, config, path) => {
    const { roundId } = await draftStudy();
    const res = await call('POST', `/api/rounds/${roundId}/blocks`, ranking(config));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DELPHI_VALIDATION');
    expect(res.body.details.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(await blockCount()).toBe(0);
  });

  it('refuses an unknown kind and instructions in a language the study does not have', async () => {
    const { roundId } = await draftStudy();
    expect((await call('POST', `/api/rounds/${roundId}/blocks`, { kind: 'essay', config: {} })).status).toBe(400);
    const res = await call('POST', `/api/rounds/${roundId}/blocks`, ranking({ items: ['I1', 'I2'] }, { de: 'Ordnen' }));
    expect(res.status).toBe(400);
    expect(res.body.details.problems[0].path).toBe('body.instructions');
    expect(await blockCount()).toBe(0);
  });

  it('refuses every change once the round has opened (409), and leaves the block as it was', async () => {
    const { roundId, blockId } = await openWithRanking();
    const before = (await call('GET', `/api/rounds/${roundId}/blocks`)).body;
    for (const [method, url, body] of [
      ['POST', `/api/rounds/${roundId}/blocks`, ranking({ items: ['I1', 'I2'] })],
      ['PUT', `/api/rounds/${roundId}/blocks/${blockId}`, { config: { items: ['I1', 'I2'], topK: null } }],
      ['DELETE', `/api/rounds/${roundId}/blocks/${blockId}`, undefined],
    ] as const) {
      const res = await call(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(409);
      expect(res.body.code).toBe('DELPHI_ROUND_NOT_DRAFT');
    }
    expect((await call('GET', `/api/rounds/${roundId}/blocks`)).body).toEqual(before);
  });

  it('opens a round that asks only a ranking and rates no item', async () => {
    const s = await draftStudy();
    const r1 = await call('POST', `/api/rounds/${s.roundId}/open`);
    expect(r1.status).toBe(200);
    await call('POST', `/api/rounds/${s.roundId}/close`);
    const retire = [1, 2, 3, 4, 5, 6].map((n) => n);
    const items = (await call('GET', `/api/studies/${s.studyId}/items`)).body.map((i: { id: number }) => i.id);
    expect(items).toHaveLength(retire.length);
    const r2 = await call('POST', `/api/studies/${s.studyId}/rounds`, { decisions: items.map((itemId: number) => ({ itemId, action: 'retire' })) });
    expect(r2.body.itemCount).toBe(0);
    const empty = await call('POST', `/api/rounds/${r2.body.id}/open`);
    expect(empty.status).toBe(409);
    expect(empty.body.code).toBe('DELPHI_ROUND_EMPTY');
    await call('POST', `/api/rounds/${r2.body.id}/blocks`, ranking({ items: ['I1', 'I2', 'I3'] }));
    expect((await call('POST', `/api/rounds/${r2.body.id}/open`)).status).toBe(200);
    const session = await panelistSession(ctx.t, s.links[0]);
    const view = await call('GET', '/api/panelist/round', undefined, session);
    expect(view.body.items).toEqual([]);
    expect(view.body.blocks).toHaveLength(1);
    expect(view.body.blocks[0]).toMatchObject({ kind: 'ranking', instructions: 'Put them in order', answers: [], previousAnswers: [], feedback: null });
    expect(view.body.blocks[0].itemTexts.I2).toBe('Statement 2 (en), with a comma');
  });
});

describe('saving answers to a block', () => {
  it('saves a whole ranking, replaces it on the next save, and shows it back to the panelist', async () => {
    const { blockId, sessions } = await openWithRanking();
    const first = await save(sessions[0], blockId, order(['I1', 'I2', 'I3', 'I4']), 'rank-0001');
    expect(first.status).toBe(200);
    expect(first.body.answers.map((a: { subject: string; value: number }) => [a.subject, a.value])).toEqual([
      ['I1', 1],
      ['I2', 2],
      ['I3', 3],
      ['I4', 4],
    ]);
    // A partial ranking replaces the whole order: the items left out are unranked now.
    expect((await save(sessions[0], blockId, order(['I4', 'I3']), 'rank-0002')).status).toBe(200);
    const view = await call('GET', '/api/panelist/round', undefined, sessions[0]);
    expect(view.body.blocks[0].answers.map((a: { subject: string; value: number }) => [a.subject, a.value])).toEqual([
      ['I4', 1],
      ['I3', 2],
    ]);
    expect(await answerCount()).toBe(2);
  });

  it('replays a retried key without saving twice, and refuses the key for another ranking (422)', async () => {
    const { blockId, sessions } = await openWithRanking();
    const body = order(['I2', 'I1', 'I4', 'I3']);
    const a = await save(sessions[0], blockId, body, 'retry-key-1');
    const b = await save(sessions[0], blockId, body, 'retry-key-1');
    expect(b.status).toBe(200);
    expect(b.raw.body).toBe(a.raw.body);
    const other = await save(sessions[0], blockId, order(['I1', 'I2', 'I3', 'I4']), 'retry-key-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('DELPHI_IDEMPOTENCY_MISMATCH');
    const rows = await ctx.t.db.raw<{ subject: string; value: number; revision: number }>('select subject, value, revision from block_answers order by value');
    expect(rows.map((r) => r.subject)).toEqual(['I2', 'I1', 'I4', 'I3']);
  });

  it.each([
    ['a rank above n', [{ subject: 'I1', value: 5 }], 'body.answers.0.value'],
    ['a rank of 0', [{ subject: 'I1', value: 0 }], 'body.answers.0.value'],
    [
      'the same item twice',
      [
        { subject: 'I1', value: 1 },
        { subject: 'I1', value: 2 },
      ],
      'body.answers.1.subject',
    ],
    ['an item not in the block', [{ subject: 'I6', value: 1 }], 'body.answers.0.subject'],
    ['"cannot judge"', [{ subject: 'I1', value: null, cannotJudge: true }], 'body.answers.0.cannotJudge'],
    ['nothing ranked', [], 'body.answers'],
  ])('refuses %s with a 400 naming the field, and keeps the saved ranking', async (_, answers, path) => {
    const { blockId, sessions } = await openWithRanking();
    await save(sessions[0], blockId, order(['I1', 'I2', 'I3', 'I4']), 'keep-0001');
    const res = await save(sessions[0], blockId, answers, 'bad-00001');
    expect(res.status).toBe(400);
    expect(res.body.details.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(await answerCount()).toBe(4);
    // The refused key was not used up.
    expect((await save(sessions[0], blockId, order(['I1', 'I2', 'I3', 'I4']), 'bad-00001')).status).toBe(200);
  });

  it('takes at most k ranks in a top-k ranking', async () => {
    const { blockId, sessions } = await openWithRanking(6, { items: ['I1', 'I2', 'I3', 'I4'], topK: 2 });
    expect((await save(sessions[0], blockId, order(['I1', 'I2']), 'topk-0001')).status).toBe(200);
    const three = await save(sessions[0], blockId, order(['I1', 'I2', 'I3']), 'topk-0002');
    expect(three.status).toBe(400);
    expect(three.body.details.problems.map((p: { path: string }) => p.path)).toContain('body.answers.2.value');
  });

  it('refuses a block of a draft round or another study (404) and a closed round (409), storing nothing', async () => {
    const { roundId, blockId, sessions, studyId } = await openWithRanking();
    await call('POST', `/api/rounds/${roundId}/close`);
    const late = await save(sessions[0], blockId, order(['I1', 'I2', 'I3', 'I4']), 'late-0001');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DELPHI_ROUND_CLOSED');
    const next = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const draft = await call('POST', `/api/rounds/${next.body.id}/blocks`, ranking({ items: ['I1', 'I2'] }));
    expect((await save(sessions[0], draft.body.id, order(['I1', 'I2']), 'draft-0001')).status).toBe(404);
    const other = await openWithRanking();
    expect((await save(other.sessions[0], blockId, order(['I1', 'I2']), 'other-0001')).status).toBe(404);
    expect(await answerCount()).toBe(0);
  });
});

describe('closing a round with blocks', () => {
  it('freezes each block result at the close, with groups below k hidden', async () => {
    const { roundId, blockId, sessions } = await openWithRanking(6);
    const orders = [
      ['I1', 'I2', 'I3', 'I4'],
      ['I1', 'I2', 'I4', 'I3'],
      ['I2', 'I1', 'I3', 'I4'],
      ['I1', 'I3', 'I2', 'I4'],
      ['I1', 'I2', 'I3', 'I4'],
    ];
    for (const [i, o] of orders.entries()) expect((await save(sessions[i], blockId, order(o), `close-${i}-000`)).status).toBe(200);
    const live = await call('GET', `/api/rounds/${roundId}/results`);
    expect(live.body.status).toBe('provisional');
    expect(live.body.blocks[0].result.overall.m).toBe(5);
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
    const stored = await ctx.t.db.raw<{ block_id: number }>('select block_id from block_results');
    expect(stored.map((r) => r.block_id)).toEqual([blockId]);
    const res = await call('GET', `/api/rounds/${roundId}/results`);
    const result = res.body.blocks[0].result;
    expect(res.body.blocks[0]).toMatchObject({ id: blockId, kind: 'ranking', position: 0 });
    expect(result.overall.m).toBe(5);
    expect(result.overall.w).toBeCloseTo(0.776, 6); // 12·97 / (5²·(4³ − 4)): rank sums 6, 10, 15, 19
    expect(result.ranked[0]).toMatchObject({ item: 'I1', meanRank: 1.2, topKCount: 5 });
    // Panel of 5 rankers: sector groups of 2 and 1, role groups of 3 and 2: all below k = 5.
    for (const groups of Object.values(result.groups)) {
      for (const g of Object.values(groups as object)) expect(g).toMatchObject({ suppressed: true, w: null });
    }
    expect(result.groupPairs).toEqual([]);
  });
});
