import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const call = ctx.call;

const protocol = (when: string, stopItemWhen: string | null = null) => ({
  bands: { agree: [7, 9], disagree: [1, 3] },
  rules: [{ outcome: 'consensus_in', when }],
  stability: { when: 'change_pct < 15' },
  stopItemWhen,
});

/** Panelists P1..P6 (sector health, social_care, voluntary in turn; role operational, strategic in turn), items I1..I6. */
async function rankingStudy(body: object, panelists = panelistsCsv(6)) {
  const study = await call('POST', '/api/studies', { ...studyBody, minGroupSize: 3, ...body });
  expect(study.status, JSON.stringify(study.body)).toBe(201);
  await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(6) });
  const invited = await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelists });
  const sessions = await Promise.all(invited.body.invitations.map((i: { link: string }) => panelistSession(ctx.t, i.link)));
  return { studyId: study.body.id as number, sessions };
}

const order = (codes: string[]) => codes.map((subject, i) => ({ subject, value: i + 1 }));

/** Opens the draft round with a ranking of I1..I4, lets everyone rate every item 8 and rank as told, and closes it. */
async function runRound(roundId: number, sessions: string[], orders: string[][], config: object = { items: ['I1', 'I2', 'I3', 'I4'] }) {
  const block = await call('POST', `/api/rounds/${roundId}/blocks`, { kind: 'ranking', config });
  expect(block.status).toBe(201);
  expect((await call('POST', `/api/rounds/${roundId}/open`)).status).toBe(200);
  for (const [i, cookie] of sessions.entries()) {
    const view = await call('GET', '/api/panelist/round', undefined, cookie);
    for (const item of view.body.items) {
      const saved = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: 8 }, cookie, {
        'idempotency-key': `rating-${roundId}-${i}-${item.itemId}`,
      });
      expect(saved.status).toBe(200);
    }
    const saved = await call('PUT', `/api/panelist/blocks/${block.body.id}/answers`, { answers: order(orders[i]) }, cookie, {
      'idempotency-key': `rank-${roundId}-${i}`,
    });
    expect(saved.status).toBe(200);
  }
  expect((await call('POST', `/api/rounds/${roundId}/close`)).status).toBe(200);
  return (await call('GET', `/api/rounds/${roundId}/results`)).body;
}

// Operational staff (P1, P3, P5) put I1 first; strategic staff (P2, P4, P6) put I4 first.
const split = [
  ['I1', 'I2', 'I3', 'I4'],
  ['I4', 'I3', 'I2', 'I1'],
  ['I1', 'I2', 'I4', 'I3'],
  ['I4', 'I3', 'I1', 'I2'],
  ['I1', 'I3', 'I2', 'I4'],
  ['I4', 'I2', 'I3', 'I1'],
];
const agreed = Array.from({ length: 6 }, (_, i) => (i % 2 ? ['I1', 'I2', 'I4', 'I3'] : ['I1', 'I2', 'I3', 'I4']));

describe('the rule language reads a ranking of the same round', () => {
  it('decides on mean_rank and w instead of ending as "insufficient data"', async () => {
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('mean_rank <= 1.5 AND w >= 0.7 AND pct_top_k >= 100') });
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const results = await runRound(round.body.id, sessions, agreed);
    const outcome = (code: string) => results.items.find((i: { code: string }) => i.code === code).outcome;
    expect(outcome('I1')).toBe('consensus_in');
    expect(outcome('I3')).toBe('no_consensus');
    // An item that is in no ranking has no mean rank: the rule cannot be decided there.
    expect(outcome('I5')).toBe('insufficient_data');
    const i1 = results.items.find((i: { code: string }) => i.code === 'I1').result;
    expect(i1.metricsUsed).toMatchObject({ mean_rank: 1, w: expect.any(Number) });
  });

  it('reads w_change and rho_previous against the previous round, and the Schmidt stop ends the ranked items', async () => {
    const schmidt = 'w >= 0.7 OR (w_change < 0.1 AND rho_previous >= 0.9)';
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('w_change >= 0 AND rho_previous >= 0', schmidt) });
    const r1 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const first = await runRound(r1.body.id, sessions, split);
    expect(first.items.find((i: { code: string }) => i.code === 'I1').outcome).toBe('insufficient_data');
    expect(first.items.find((i: { code: string }) => i.code === 'I1').result.stopItem).not.toBe(true);
    const r2 = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const second = await runRound(r2.body.id, sessions, agreed);
    const i1 = second.items.find((i: { code: string }) => i.code === 'I1');
    expect(i1.outcome).toBe('consensus_in');
    expect(i1.result.metricsUsed.w_change).toBeGreaterThan(0.5);
    expect(second.blocks[0].result.overall.band).toBe('unusually_strong');
    expect(i1.result.stopItem).toBe(true);
    // The rankings CSV carries ρ and ΔW since the previous round on the panel's rows of round 2, and none in round 1.
    const csv = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/rankings.csv`, headers: { cookie: ctx.fac } });
    const [header, ...lines] = csv.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    const column = (name: string) => header.split(',').indexOf(name);
    const panelRows = lines.map((l) => l.split(',')).filter((r) => r[column('group')] === '' && r[column('item')] === 'I1');
    expect(panelRows.map((r) => [r[column('round')], r[column('rho_previous')], r[column('w_change')]])).toEqual([
      ['1', '', ''],
      ['2', String(second.blocks[0].result.previous.rho), String(second.blocks[0].result.previous.wChange)],
    ]);
  });
});

describe('rankings in the JSON study file', () => {
  it('exports each round’s ranking with its result and the ranks under pseudonyms, and imports them back', async () => {
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('pct_agree >= 70') });
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const results = await runRound(round.body.id, sessions, split);
    // Operational and strategic staff (3 each, k = 3) put the items in opposite orders; sectors of 2 stay hidden.
    const shown = results.blocks[0].result;
    expect(shown.groups.role_level.operational).toMatchObject({ suppressed: false, m: 3 });
    expect(shown.groups.sector.health).toMatchObject({ suppressed: true, w: null });
    expect(shown.groupPairs).toEqual([{ attribute: 'role_level', a: 'operational', b: 'strategic', rho: -1, differs: true }]);
    expect(shown.groupsRankDifferently).toBe(true);
    const file = await call('GET', `/api/studies/${studyId}/export.json`);
    expect(file.status).toBe(200);
    expect(file.body.schemaVersion).toBe('1.4.0');
    const [block] = file.body.rounds[0].blocks;
    expect(block).toMatchObject({ position: 0, kind: 'ranking', config: { items: ['I1', 'I2', 'I3', 'I4'], topK: null } });
    expect(block.result.overall).toEqual(results.blocks[0].result.overall);
    expect(file.body.blockAnswers).toHaveLength(24);
    expect(file.body.blockAnswers[0].panelist).toMatch(/^P\d{4}$/);

    const imported = await call('POST', '/api/studies/import', { ...file.body, study: { ...file.body.study, slug: 'copy' } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const rounds = (await call('GET', `/api/studies/${imported.body.studyId}/rounds`)).body;
    const again = await call('GET', `/api/rounds/${rounds[0].id}/results`);
    expect(again.body.blocks[0].result.overall).toEqual(results.blocks[0].result.overall);
    expect(((await ctx.t.db.raw('select count(*) as n from block_answers'))[0] as { n: number }).n).toBe(48);
  });

  it('still imports a 1.2.0 file without blocks', async () => {
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('pct_agree >= 70') });
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await runRound(round.body.id, sessions, split);
    const file = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    const { blockAnswers: _answers, ...older } = file;
    const rounds = file.rounds.map(({ blocks: _blocks, ...r }: { blocks?: unknown }) => r);
    const res = await call('POST', '/api/studies/import', { ...older, schemaVersion: '1.2.0', rounds, study: { ...file.study, slug: 'older' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

describe('rankings in the report and the spreadsheet', () => {
  it('reports W, the panel order, the groups side by side and who left items unranked, and lists the ranks in a Rankings sheet', async () => {
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('pct_agree >= 70') });
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const partial = split.map((o, i) => (i === 0 ? o.slice(0, 2) : o));
    await runRound(round.body.id, sessions, partial);
    const html = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/report.html`, headers: { cookie: ctx.fac } });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Round 1: ranking of 4 items');
    expect(html.body).toContain('6 panelists ranked, 1 left some items unranked, 0 ranked nothing.');
    expect(html.body).toContain('operational and strategic: ρ = -1.00 (the groups rank differently)');
    const xlsx = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/export.xlsx`, headers: { cookie: ctx.fac } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Rankings')!;
    // Row values start at column 1, so index 0 is empty; the sheet's header is the rankings CSV's.
    expect((sheet.getRow(1).values as unknown[]).slice(1).join(',')).toBe(
      'round,ranking,attribute,group,item,mean_rank,median_rank,pct_top_k,panelists,w,p,permutation_p,rho_previous,w_change',
    );
    // 4 items for the panel, 4 for each role group; the sector groups of 2 are hidden.
    expect(sheet.actualRowCount).toBe(1 + 4 + 8);
  });

  it('gives the Rankings sheet as a CSV: the panel’s mean ranks, the role groups, not the sectors below k', async () => {
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('pct_agree >= 70') });
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const results = await runRound(round.body.id, sessions, split);
    const res = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/rankings.csv`, headers: { cookie: ctx.fac } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+-rankings\.csv"$/);
    const [header, ...lines] = res.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(header).toBe('round,ranking,attribute,group,item,mean_rank,median_rank,pct_top_k,panelists,w,p,permutation_p,rho_previous,w_change');
    const rows = lines.map((line) => line.split(','));
    // I1 is first for the three operational panelists and 4th, 3rd and 4th for the strategic ones.
    const panelI1 = rows.find((r) => r[2] === '' && r[4] === 'I1')!;
    expect(Number(panelI1[5])).toBeCloseTo((1 + 4 + 1 + 3 + 1 + 4) / 6, 10);
    expect(Number(panelI1[8])).toBe(6);
    expect(Number(panelI1[9])).toBeCloseTo(results.blocks[0].result.overall.w, 10);
    const operationalI1 = rows.find((r) => r[3] === 'operational' && r[4] === 'I1')!;
    expect(Number(operationalI1[5])).toBe(1);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['', 'role_level']));
    expect(rows).toHaveLength(4 + 8);
  });

  it('neutralises a group name that a spreadsheet would run as a formula', async () => {
    const formula = '=SUM(1;2)';
    const attributes = [studyBody.attributes[0], { ...studyBody.attributes[1], values: [formula, 'strategic'] }];
    const { studyId, sessions } = await rankingStudy(
      { protocol: protocol('pct_agree >= 70'), attributes },
      panelistsCsv(6).replace(/,operational$/gm, `,${formula}`),
    );
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    await runRound(round.body.id, sessions, split);
    const res = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/rankings.csv`, headers: { cookie: ctx.fac } });
    expect(res.body).toContain(`,role_level,'${formula},I1,`);
    expect(res.body).not.toContain(`,${formula}`);
  });
});

describe('each panelist’s ranks in a long-format CSV', () => {
  const SUPPRESSED = 'suppressed';
  // Map.groupBy is not in Node 20.
  const groupBy = <T>(list: Iterable<T>, key: (x: T) => string) => {
    const out = new Map<string, T[]>();
    for (const x of list) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
    return out;
  };
  /** A CSV export after its # comment line, as header and rows of cells (none of these cells hold a comma). */
  async function csvFile(path: string) {
    const res = await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${path}`, headers: { cookie: ctx.fac } });
    expect(res.statusCode).toBe(200);
    const [comment, header, ...lines] = res.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    return { comment, header: header.split(','), rows: lines.map((l) => l.split(',')), body: res.body, disposition: res.headers['content-disposition'] };
  }

  /** Panelist i's ranks of I1..I4 as the ranks CSV's cells, joined by spaces: P1 leaves I4 unranked. */
  const ranksOf = (i: number) => ['I1', 'I2', 'I3', 'I4'].map((item) => (i === 0 && item === 'I4' ? '' : String(split[i].indexOf(item) + 1))).join(' ');
  // P6 is the only panelist from the private sector, and P6 ranks without rating anything.
  const attributes = [{ ...studyBody.attributes[0], values: ['health', 'social_care', 'voluntary', 'private'] }, studyBody.attributes[1]];
  const privateP6 = panelistsCsv(6).replace(/^(P6,[^,]+,en),voluntary,/m, '$1,private,');

  /** A round with a ranking of I1..I4: P1..P5 rate I1 with their number and rank as `split`; P6 only ranks. */
  async function ranksStudy() {
    const { studyId, sessions } = await rankingStudy({ protocol: protocol('pct_agree >= 70'), attributes }, privateP6);
    const round = await call('POST', `/api/studies/${studyId}/rounds`, {});
    const block = await call('POST', `/api/rounds/${round.body.id}/blocks`, { kind: 'ranking', config: { items: ['I1', 'I2', 'I3', 'I4'] } });
    expect((await call('POST', `/api/rounds/${round.body.id}/open`)).status).toBe(200);
    for (const [i, cookie] of sessions.entries()) {
      if (i < 5) {
        const item = (await call('GET', '/api/panelist/round', undefined, cookie)).body.items.find((x: { code: string }) => x.code === 'I1');
        const rated = await call('PUT', `/api/panelist/answers/${item.itemVersionId}`, { value: i + 1 }, cookie, { 'idempotency-key': `rating-alone-${i}` });
        expect(rated.status).toBe(200);
      }
      const answers = order(split[i]).map((a) => (i === 0 && a.subject === 'I4' ? { ...a, value: null } : a));
      const saved = await call('PUT', `/api/panelist/blocks/${block.body.id}/answers`, { answers }, cookie, { 'idempotency-key': `ranking-alone-${i}` });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    expect((await call('POST', `/api/rounds/${round.body.id}/close`)).status).toBe(200);
    return studyId;
  }

  it('has one row per round, ranking, pseudonym and item, with the attributes coarsened as in the responses CSV', async () => {
    const studyId = await ranksStudy();
    const ranks = await csvFile(`${studyId}/ranks.csv`);
    expect(ranks.disposition).toMatch(/^attachment; filename=".+-ranks\.csv"$/);
    expect(ranks.comment).toMatch(/^# Attributes coarsened so that every combination of attribute values in this file is shared by at least k = 3/);
    expect(ranks.header).toEqual(['round', 'ranking', 'panelist', 'sector', 'role_level', 'item', 'rank']);
    expect(ranks.rows).toHaveLength(6 * 4);
    const byPanelist = groupBy(ranks.rows, (r) => r[2]);
    expect(byPanelist.size).toBe(6);
    for (const [code, rows] of byPanelist) {
      expect(code).toMatch(/^R-/);
      expect(rows.map((r) => r[5])).toEqual(['I1', 'I2', 'I3', 'I4']);
      expect(rows.every((r) => r[0] === '1' && r[1] === '1')).toBe(true);
    }
    // Every order of `split` is there, P1's with I4 left unranked.
    const orders = [...byPanelist.values()].map((rows) => rows.map((r) => r[6]).join(' '));
    const expected = split.map((_, i) => ranksOf(i));
    expect(orders.sort()).toEqual(expected.sort());
    // The sectors (2, 2, 1 and 1) are withheld for everyone, the role groups of 3 are shown, and the lone private panelist is nowhere.
    expect(new Set(ranks.rows.map((r) => r[3]))).toEqual(new Set(['suppressed']));
    expect(new Set(ranks.rows.map((r) => r[4]))).toEqual(new Set(['operational', 'strategic']));
    expect(ranks.body).not.toContain('private');
    expect(ranks.body).not.toMatch(/\bP[1-6]\b/);
  });

  it('lets nobody be singled out by joining it with the responses CSV, the rankings CSV or the study file', async () => {
    const studyId = await ranksStudy();
    const [ranks, ratings, rankings] = [
      await csvFile(`${studyId}/ranks.csv`),
      await csvFile(`${studyId}/export.csv`),
      await csvFile(`${studyId}/rankings.csv`),
    ];
    const json = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    // Fresh codes per export: no pseudonym of one file is in another, so only the attributes could join them.
    const ranksCodes = new Set(ranks.rows.map((r) => r[2]));
    const ratingCodes = new Set(ratings.rows.map((r) => r[3]));
    const jsonCodes = new Set<string>(json.blockAnswers.map((a: { panelist: string }) => a.panelist));
    expect([...ranksCodes].filter((c) => ratingCodes.has(c) || jsonCodes.has(c))).toEqual([]);
    // Each file is coarsened over its own panelists: P6 ranked but did not rate, so among the five raters the two strategic ones
    // would be a group of 2, and the responses CSV hides the roles that the ranks CSV can show. Every combination either file
    // shows is shared by at least k = 3 panelists of that file.
    const combinations = (rows: string[][], codeAt: number) => new Map(rows.map((r) => [r[codeAt], `${r[codeAt + 1]}|${r[codeAt + 2]}`]));
    const inRanks = combinations(ranks.rows, 2);
    const inRatings = combinations(ratings.rows, 3);
    expect([inRanks.size, inRatings.size]).toEqual([6, 5]);
    for (const people of [inRanks, inRatings]) {
      for (const [, members] of groupBy(people, ([, combination]) => combination)) expect(members.length).toBeGreaterThanOrEqual(3);
    }
    // Matching rows across the files on attributes: each pseudonym of one file fits at least k of the other.
    const fits = (a: string, b: string) => a.split('|').every((v, i) => v === SUPPRESSED || b.split('|')[i] === SUPPRESSED || v === b.split('|')[i]);
    for (const [from, to] of [
      [inRanks, inRatings],
      [inRatings, inRanks],
    ]) {
      for (const [, mine] of from) expect([...to.values()].filter((theirs) => fits(mine, theirs)).length).toBeGreaterThanOrEqual(3);
    }
    // The rankings CSV publishes the two role groups, whose members the ranks file shows as such: a group's mean ranks
    // are the mean of its members' rows, so subtracting them reveals no hidden member. The sectors are not published.
    expect(new Set(rankings.rows.map((r) => r[3]))).toEqual(new Set(['', 'operational', 'strategic']));
    for (const group of ['operational', 'strategic']) {
      const members = new Set(ranks.rows.filter((r) => r[4] === group).map((r) => r[2]));
      expect(Number(rankings.rows.find((r) => r[3] === group)![8])).toBe(members.size);
    }
  });

  it('neutralises an attribute value that a spreadsheet would run as a formula, and holds only the rankings per item in strict anonymity', async () => {
    const formula = '=SUM(1;2)';
    const formulaAttributes = [studyBody.attributes[0], { ...studyBody.attributes[1], values: [formula, 'strategic'] }];
    const { studyId, sessions } = await rankingStudy(
      { protocol: protocol('pct_agree >= 70'), attributes: formulaAttributes },
      panelistsCsv(6).replace(/,operational$/gm, `,${formula}`),
    );
    await runRound((await call('POST', `/api/studies/${studyId}/rounds`, {})).body.id, sessions, split);
    const ranks = await csvFile(`${studyId}/ranks.csv`);
    expect(ranks.body).toContain(`,suppressed,'${formula},I1,`);
    expect(ranks.body).not.toContain(`,${formula}`);

    const strict = await rankingStudy({ protocol: protocol('pct_agree >= 70'), anonymity: 'strict' });
    await runRound((await call('POST', `/api/studies/${strict.studyId}/rounds`, {})).body.id, strict.sessions, split);
    const aggregate = await csvFile(`${strict.studyId}/ranks.csv`);
    expect(aggregate.comment).toMatch(/^# Strict anonymity: this study does not export rankings per person/);
    expect(aggregate.header[0]).toBe('round');
    expect(aggregate.header).toContain('mean_rank');
    expect(aggregate.body).not.toMatch(/R-[0-9A-Z]{4}/);
  });
});
