import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const call = ctx.call;

const ELEMENTS = ['CI', 'IA', 'OD', 'PD', 'RA'];
const element = (code: string) => ({ code, label: { en: `Asymmetry ${code}`, fr: `Asymétrie ${code}` } });
const relations = (config: object) => ({ kind: 'relations', config, instructions: { en: 'Rate each influence' } });
const fiveAsymmetries = { elements: ELEMENTS.map(element) };
const pairs = ELEMENTS.flatMap((from) => ELEMENTS.filter((to) => to !== from).map((to) => `${from}>${to}`));
const blockCount = async () => ((await ctx.t.db.raw('select count(*) as n from round_blocks'))[0] as { n: number }).n;
const answerCount = async () => ((await ctx.t.db.raw('select count(*) as n from block_answers'))[0] as { n: number }).n;

/** 12 panelists (P2, P4, … strategic; P1, P3, … operational), k = 3, round 1 as a draft. */
async function draftStudy() {
  const study = await call('POST', '/api/studies', { ...studyBody, minGroupSize: 3 });
  await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(6) });
  const invited = await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelistsCsv(12) });
  const round = await call('POST', `/api/studies/${study.body.id}/rounds`, {});
  return {
    studyId: study.body.id as number,
    roundId: round.body.id as number,
    links: invited.body.invitations.map((i: { link: string }) => i.link) as string[],
  };
}

async function openRound(roundId: number, config: object = fiveAsymmetries) {
  const block = await call('POST', `/api/rounds/${roundId}/blocks`, relations(config));
  expect(block.status).toBe(201);
  expect((await call('POST', `/api/rounds/${roundId}/open`)).status).toBe(200);
  return block.body.id as number;
}

const save = (cookie: string, blockId: number, answers: object[], key: string) =>
  call('PUT', `/api/panelist/blocks/${blockId}/answers`, { answers }, cookie, { 'idempotency-key': key });

/** Strategic staff see power distance (PD) as the driver; operational staff see it driven by the rest. */
function rating(strategic: boolean, subject: string, round: number): number {
  const [from, to] = subject.split('>');
  if (from === 'PD') return strategic ? 4 : 0;
  if (to === 'PD') return strategic ? 1 : 4;
  return (ELEMENTS.indexOf(from) + 2 * ELEMENTS.indexOf(to) + (round === 2 && from === 'CI' ? 1 : 0)) % 5;
}

describe('a relations block over the API', () => {
  it.each([
    ['two elements', { elements: ['CI', 'PD'].map(element) }, 'body.config.elements'],
    ['a pair with the same element twice', { ...fiveAsymmetries, pairs: [['PD', 'PD']] }, 'body.config.pairs.0'],
    ['a pair with an element not in the block', { ...fiveAsymmetries, pairs: [['PD', 'XX']] }, 'body.config.pairs.0'],
    ['four scale labels', { ...fiveAsymmetries, labels: { en: ['a', 'b', 'c', 'd'] } }, 'body.config.labels.en'],
  ])('refuses a block with %s: a 400 naming the field, nothing stored', async (_, config, path) => {
    const { roundId } = await draftStudy();
    const res = await call('POST', `/api/rounds/${roundId}/blocks`, relations(config));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DELPHI_VALIDATION');
    expect(res.body.details.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(await blockCount()).toBe(0);
  });

  it('stores the defaults: every ordered pair, English scale labels and "cannot judge"', async () => {
    const { roundId } = await draftStudy();
    const res = await call('POST', `/api/rounds/${roundId}/blocks`, relations(fiveAsymmetries));
    expect(res.body.config).toMatchObject({ pairs: null, cannotJudge: true, labels: { en: ['No influence', 'Low', 'Medium', 'High', 'Very high'] } });
  });

  it.each([
    ['a rating outside 0–4', [{ subject: 'CI>PD', value: 5 }], 'body.answers.0.value'],
    ['a pair with the same element twice', [{ subject: 'PD>PD', value: 2 }], 'body.answers.0.subject'],
    ['an element not in the block', [{ subject: 'CI>XX', value: 2 }], 'body.answers.0.subject'],
    ['"cannot judge" with a rating', [{ subject: 'CI>PD', value: 2, cannotJudge: true }], 'body.answers.0.value'],
  ])('refuses %s with a 400 naming the field and stores nothing', async (_, answers, path) => {
    const { roundId, links } = await draftStudy();
    const blockId = await openRound(roundId);
    const session = await panelistSession(ctx.t, links[0]);
    const res = await save(session, blockId, [{ subject: 'CI>IA', value: 1 }, ...answers], 'bad-relation-1');
    expect(res.status).toBe(400);
    expect(res.body.details.problems.map((p: { path: string }) => p.path)).toContain(path.replace('answers.0', 'answers.1'));
    expect(await answerCount()).toBe(0);
  });

  it('saves pair by pair, each save revising only its pair', async () => {
    const { roundId, links } = await draftStudy();
    const blockId = await openRound(roundId);
    const session = await panelistSession(ctx.t, links[0]);
    expect((await save(session, blockId, [{ subject: 'CI>PD', value: 3 }], 'pair-00001')).status).toBe(200);
    expect((await save(session, blockId, [{ subject: 'PD>CI', value: null, cannotJudge: true }], 'pair-00002')).status).toBe(200);
    expect((await save(session, blockId, [{ subject: 'CI>PD', value: 2 }], 'pair-00003')).status).toBe(200);
    const view = (await call('GET', '/api/panelist/round', undefined, session)).body.blocks[0];
    expect(view.answers.map((a: { subject: string; value: number | null; cannotJudge: boolean }) => [a.subject, a.value, a.cannotJudge])).toEqual([
      ['CI>PD', 2, false],
      ['PD>CI', null, true],
    ]);
    expect(await answerCount()).toBe(2);
  });

  it('runs two rounds: the map and the groups at the first close, feedback and stability in the second', async () => {
    const { studyId, roundId, links } = await draftStudy();
    const blockId = await openRound(roundId);
    const sessions = await Promise.all(links.map((l) => panelistSession(ctx.t, l)));
    const answerAll = async (round: number, block: number) => {
      for (const [i, s] of sessions.entries()) {
        const answers = pairs.map((subject) => ({ subject, value: rating(i % 2 === 1, subject, round) }));
        expect((await save(s, block, answers, `r${round}-p${i}-all`)).status).toBe(200);
      }
    };
    await answerAll(1, blockId);
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
    const first = (await call('GET', `/api/rounds/${roundId}/results`)).body.blocks[0];
    expect(first).toMatchObject({ kind: 'relations', result: { kind: 'relations', elements: ELEMENTS, nPanelists: 12, withheld: false } });
    expect(first.result.map.ok).toBe(true);
    expect(first.result.cells).toHaveLength(20);
    const byRole = first.result.groups.filter((g: { dimension: string }) => g.dimension === 'role_level');
    expect(byRole.map((g: { group: string; nPanelists: number }) => [g.group, g.nPanelists])).toEqual([
      ['operational', 6],
      ['strategic', 6],
    ]);
    expect(first.result.sideDifferences).toContainEqual({ dimension: 'role_level', element: 'PD', causeIn: ['strategic'], effectIn: ['operational'] });
    expect(JSON.stringify(first)).not.toMatch(/NaN|Infinity/);

    const next = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const secondBlock = await openRound(next.body.id);
    const view = (await call('GET', '/api/panelist/round', undefined, sessions[1])).body.blocks[0];
    expect(view.kind).toBe('relations');
    expect(view.previousAnswers).toHaveLength(20);
    const cell = view.feedback.cells.find((c: { from: string; to: string }) => c.from === 'PD' && c.to === 'CI');
    expect(cell.stats).toMatchObject({ nValid: 12, median: 2, q1: 0, q3: 4 });
    await answerAll(2, secondBlock);
    expect((await call('POST', `/api/rounds/${next.body.id}/close`)).status).toBe(200);
    const second = (await call('GET', `/api/rounds/${next.body.id}/results`)).body.blocks[0].result;
    const moved = second.cells.find((c: { from: string; to: string }) => c.from === 'CI' && c.to === 'IA');
    expect(moved.stability).toMatchObject({ previousRound: 1, changePct: 100, stable: false });
    const same = second.cells.find((c: { from: string; to: string }) => c.from === 'PD' && c.to === 'CI');
    expect(same.stability).toMatchObject({ changePct: 0, stable: true });
    expect(second.change).toMatchObject({ previousRound: 1 });

    const report = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/report.html`, headers: { cookie: ctx.fac } });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Relations between elements (influence map)');
    // Each round: the panel's two pictures, and both pictures for each of the two role levels.
    expect(report.body.match(/<svg[^>]*class="influence cause-effect"/g)?.length).toBeGreaterThanOrEqual(2 * 3);
    expect(report.body.match(/<svg[^>]*class="influence graph"/g)?.length).toBeGreaterThanOrEqual(2 * 3);
    expect(report.body).toContain('Asymmetry PD (PD)');
    const pdf = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/report.pdf`, headers: { cookie: ctx.fac } });
    expect(pdf.statusCode).toBe(200);
    const csv = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/relations.csv`, headers: { cookie: ctx.fac } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/^2,1,,,relation,CI,IA,change_pct,100\r$/m);
    expect(csv.body).toMatch(/^1,1,role_level,strategic,element,PD,,side,cause\r$/m);
  });

  it("never lets a panelist learn another panelist's rating of a pair fewer than k rated", async () => {
    const { studyId, roundId, links } = await draftStudy();
    const blockId = await openRound(roundId);
    const sessions = await Promise.all(links.map((l) => panelistSession(ctx.t, l)));
    // Everyone rates CI → IA; of the three who meet CI → PD, only one rates it (k = 3).
    for (const [i, s] of sessions.entries()) {
      const answers: object[] = [{ subject: 'CI>IA', value: i % 5 }];
      if (i < 2) answers.push({ subject: 'CI>PD', value: null, cannotJudge: true });
      if (i === 2) answers.push({ subject: 'CI>PD', value: 4 });
      expect((await save(s, blockId, answers, `few-${i}-0001`)).status).toBe(200);
    }
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
    const team = (await call('GET', `/api/rounds/${roundId}/results`)).body.blocks[0].result;
    expect(team.cells.find((c: { from: string; to: string }) => c.from === 'CI' && c.to === 'PD').stats).toMatchObject({ nValid: 1, median: 4 });

    const next = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await openRound(next.body.id);
    const view = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body.blocks[0];
    expect(view.previousAnswers).toContainEqual(expect.objectContaining({ subject: 'CI>PD', value: null, cannotJudge: true }));
    const shown = view.feedback.cells.map((c: { from: string; to: string }) => `${c.from}>${c.to}`);
    expect(shown).toContain('CI>IA');
    expect(shown).not.toContain('CI>PD');
    // Z holds each pair's mean: the one rating would be there too, so the map stays with the team.
    expect(view.feedback.map).toMatchObject({ ok: false, reason: 'suppressed', direct: null });
    expect(view.feedback.groups).toEqual([]);
    expect(view.feedback.change).toBeNull();
  });

  it('freezes a clear "no result" when every pair got the same rating, never NaN', async () => {
    const { roundId, links } = await draftStudy();
    const blockId = await openRound(roundId);
    for (const [i, link] of links.slice(0, 5).entries()) {
      const s = await panelistSession(ctx.t, link);
      expect(
        (
          await save(
            s,
            blockId,
            pairs.map((subject) => ({ subject, value: 3 })),
            `same-${i}-000`,
          )
        ).status,
      ).toBe(200);
    }
    expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
    const res = await call('GET', `/api/rounds/${roundId}/results`);
    const map = res.body.blocks[0].result.map;
    expect(map).toMatchObject({ ok: false, reason: 'singular' });
    expect(map.message).toContain('every row of Z sums to s = 12');
    expect(res.raw.body).not.toMatch(/NaN|Infinity/);
  });
});
