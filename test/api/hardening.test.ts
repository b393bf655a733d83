import { beforeEach, describe, expect, it } from 'vitest';
import { StudyExportSchema } from '../../api/schemas/study-export';
import { build, itemsCsv, panelistSession, panelistsCsv, rewordCitingComments, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

/** Holes a review found, each closed and kept closed. */
let now = new Date('2026-03-01T09:00:00.000Z');
beforeEach(() => {
  now = new Date('2026-03-01T09:00:00.000Z');
});
const ctx = signedInAppPerTest(() => build({ now: () => now }));
const { call } = ctx;

async function runningStudy(extra: Record<string, unknown> = {}, panel = 6, kind: 'rating' | 'ideas' = 'rating') {
  const s = (await call('POST', '/api/studies', { ...studyBody, ...extra })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelistsCsv(panel) })).body;
  const r = (await call('POST', `/api/studies/${s.id}/rounds`, { kind })).body;
  await call('POST', `/api/rounds/${r.id}/open`);
  return { id: s.id as number, roundId: r.id as number, links: invitations.map((i: { link: string }) => i.link) as string[] };
}

async function rate(link: string, value: number, comment: string | null, key: string) {
  const cookie = await panelistSession(ctx.t, link);
  const items = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items;
  for (const it of items) {
    const res = await call('PUT', `/api/panelist/answers/${it.itemVersionId}`, { value, comment }, cookie, {
      'idempotency-key': `answer-${key}-${it.itemVersionId}`,
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  return cookie;
}

describe('strict anonymity', () => {
  it('hides the rating given with each comment from facilitators and sorts comments by text', async () => {
    const s = await runningStudy({ anonymity: 'strict' });
    await rate(s.links[0], 9, 'zebra view', 'a');
    await rate(s.links[1], 1, 'apple view', 'b');
    await call('POST', `/api/rounds/${s.roundId}/close`);
    const { comments } = (await call('GET', `/api/rounds/${s.roundId}/comments`)).body;
    const first = comments.filter((c: { itemVersionId: number }) => c.itemVersionId === comments[0].itemVersionId);
    expect(first.map((c: { text: string }) => c.text)).toEqual(['apple view', 'zebra view']);
    expect(comments.every((c: { value: unknown; cannotJudge: unknown }) => c.value === null && c.cannotJudge === null)).toBe(true);
  });

  it('suppresses groups below k in the JSON export and withholds comments of items rated by fewer than k', async () => {
    const s = await runningStudy({ anonymity: 'strict', minGroupSize: 3 }, 4);
    for (const [i, link] of s.links.entries()) await rate(link, 3 + i, `note ${i}`, `k${i}`);
    await call('POST', `/api/rounds/${s.roundId}/close`);
    const exported = (await call('GET', `/api/studies/${s.id}/export.json`)).body;
    const groups = exported.results[0].result.groups.sector.perGroup;
    expect(groups.every((g: { suppressed: boolean; stats: unknown }) => g.suppressed && g.stats === null)).toBe(true);
    expect(exported.comments.length).toBe(8); // 4 ratings per item >= k = 3: kept
    expect(StudyExportSchema.safeParse(exported).success).toBe(true);
  });
});

describe('withdrawal with erasure', () => {
  it('also erases the stored replies of the panelist’s saves', async () => {
    const s = await runningStudy({ withdrawalPolicy: 'erase' }, 3);
    const cookie = await rate(s.links[0], 7, 'my private comment', 'erase');
    expect(((await ctx.t.db.raw('select count(*) as n from idempotency_keys'))[0] as { n: number }).n).toBe(2);
    await call('POST', '/api/panelist/withdraw', undefined, cookie);
    expect((await ctx.t.db.raw('select count(*) as n from idempotency_keys'))[0]).toEqual({ n: 0 });
    expect(JSON.stringify(await ctx.t.db.raw('select * from responses'))).not.toContain('my private comment');
  });

  it('removes the erased comments from the lineage of the rewording they prompted, keeping the others', async () => {
    const s = await runningStudy({ withdrawalPolicy: 'erase' }, 3);
    const leaving = await rate(s.links[0], 7, 'reword it, says the leaver', 'lineage-a');
    await rate(s.links[1], 6, 'reword it, says the stayer', 'lineage-b');
    await call('POST', `/api/rounds/${s.roundId}/close`);
    const { items, cited, planned } = await rewordCitingComments(call, s.id, s.roundId, 'Clearer', 'both asked');
    expect(cited).toHaveLength(2);
    expect(planned.status).toBe(201);
    const sources = async () => {
      const [row] = await ctx.t.db.raw<{ s: string | number[] }>('select source_response_ids as s from item_versions where version = 2');
      // SQLite hands back the JSON text, PostgreSQL the parsed array.
      return (typeof row.s === 'string' ? JSON.parse(row.s) : row.s) as number[];
    };
    const kept = (
      await ctx.t.db.raw<{ id: number }>(`select id from responses where comment = 'reword it, says the stayer' and item_version_id = ${items[0].versionId}`)
    ).map((r) => r.id);
    expect(await sources()).toHaveLength(2);
    await call('POST', '/api/panelist/withdraw', undefined, leaving);
    expect(await sources()).toEqual(kept);
  });
});

describe('sign-in guessing', () => {
  it('counts guesses made in parallel against the limit', async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'owner@example.org', password: 'wrong password' } }),
      ),
    );
    const codes = replies.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(20);
  });
});

describe('ownership and provenance', () => {
  it('refuses to demote the last owner', async () => {
    const s = (await call('POST', '/api/studies', studyBody)).body;
    const res = await call('PUT', `/api/studies/${s.id}/members`, { email: 'owner@example.org', role: 'observer' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DELPHI_LAST_OWNER');
    expect((await call('GET', `/api/studies/${s.id}/members`)).body[0].role).toBe('owner');
  });

  it('accepts only this study’s previous-round comments and ideas as the source of a change', async () => {
    const other = await runningStudy({}, 3);
    await rate(other.links[0], 5, 'from another study', 'other');
    const s = await runningStudy({}, 3);
    await rate(s.links[0], 5, 'ambiguous', 'mine');
    await call('POST', `/api/rounds/${s.roundId}/close`);
    const mine = (await call('GET', `/api/rounds/${s.roundId}/comments`)).body.comments[0];
    const theirs = (await call('GET', `/api/rounds/${other.roundId}/comments`)).body.comments[0];
    const items = (await call('GET', `/api/studies/${s.id}/items`)).body;
    const reword = (ids: number[]) => ({
      decisions: [{ itemId: items[0].id, action: 'reword', texts: { en: 'Clearer' }, reason: 'ambiguous', sourceResponseIds: ids }],
    });
    const bad = await call('POST', `/api/studies/${s.id}/rounds`, reword([theirs.responseId]));
    expect(bad.status).toBe(400);
    expect((await call('POST', `/api/studies/${s.id}/rounds`, reword([mine.responseId, mine.responseId]))).status).toBe(400);
    expect((await call('POST', `/api/studies/${s.id}/rounds`, { newItems: [{ code: 'N1', texts: { en: 'x' }, sourceIdeaIds: [424242] }] })).status).toBe(400);
    expect((await call('POST', `/api/studies/${s.id}/rounds`, reword([mine.responseId]))).status).toBe(201);
  });

  it('refuses an all-digit address that could be mistaken for a study number', async () => {
    const res = await call('POST', '/api/studies', { ...studyBody, slug: '12' });
    expect(res.status).toBe(400);
    const numeric = (await call('POST', '/api/studies', { ...studyBody, title: '2026' })).body;
    expect(numeric.slug).toMatch(/[a-z]/);
  });
});

describe('ideas and schedules', () => {
  it('refuses an idea filed under a category of another study, storing nothing', async () => {
    const s = await runningStudy({}, 3, 'ideas');
    const cookie = await panelistSession(ctx.t, s.links[0]);
    const res = await call('POST', '/api/panelist/ideas', { text: 'x', categoryId: 99999 }, cookie);
    expect(res.status).toBe(400);
    expect((await ctx.t.db.raw('select count(*) as n from ideas'))[0]).toEqual({ n: 0 });
  });

  it('refuses an answer after the scheduled closing time even before the scheduler has run', async () => {
    const s = await runningStudy({}, 3);
    expect((await call('PATCH', `/api/rounds/${s.roundId}/schedule`, { closesAt: '2026-03-01T10:00:00.000Z', reminders: [] })).status).toBe(200);
    now = new Date('2026-03-01T10:00:01.000Z');
    const cookie = await panelistSession(ctx.t, s.links[0]);
    const item = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items[0];
    const late = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: 5 }, cookie, { 'idempotency-key': 'late-by-a-second' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DELPHI_ROUND_CLOSED');
  });
});

describe('study import', () => {
  it('refuses duplicated results and decisions, and a second open round, importing nothing', async () => {
    const s = await runningStudy({}, 5);
    for (const [i, link] of s.links.entries()) await rate(link, 4 + i, null, `imp${i}`);
    await call('POST', `/api/rounds/${s.roundId}/close`);
    const r2 = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
    await call('POST', `/api/rounds/${r2.id}/open`);
    const exported = (await call('GET', `/api/studies/${s.id}/export.json`)).body;
    const before = (await call('GET', '/api/studies')).body.length;
    const dupResults = { ...exported, results: [...exported.results, exported.results[0]] };
    const dupFlow = { ...exported, itemFlow: [...exported.itemFlow, exported.itemFlow[0]] };
    const twoOpen = { ...exported, rounds: exported.rounds.map((r: { status: string }) => ({ ...r, status: 'open' })) };
    for (const body of [dupResults, dupFlow, twoOpen]) {
      const res = await call('POST', '/api/studies/import', body);
      expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(400);
    }
    expect((await call('GET', '/api/studies')).body.length).toBe(before);
  });
});

describe('POST /api/studies/:studyId/close', () => {
  it('ends a study after its last round; panelists see it as ended and no new round can start', async () => {
    const s = await runningStudy({}, 3);
    const cookie = await rate(s.links[0], 6, null, 'end');
    const early = await call('POST', `/api/studies/${s.id}/close`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DELPHI_ROUND_IN_PROGRESS');
    await call('POST', `/api/rounds/${s.roundId}/close`);
    expect((await call('POST', `/api/studies/${s.id}/close`)).body.status).toBe('closed');
    expect((await call('GET', '/api/panelist/me', undefined, cookie)).body.study.status).toBe('closed');
    expect((await call('POST', `/api/studies/${s.id}/rounds`, {})).status).toBe(409);
    expect((await call('GET', `/api/studies/${s.id}/audit`)).body[0].action).toBe('study.close');
  });
});
