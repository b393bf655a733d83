import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { concordanceCommand, statsCommand } from '../../api/commands/stats';
import { csvFiles, runCommand as run } from '../helpers/command-files';

const { dir, csv } = csvFiles('delphi-stats-cli-');

const EXAMPLE_A = [4, 5, 4, 4, 3, 5, 4, 2, 4, 5];
const RAM1 = [4, 5, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9];
const S1_R1 = [5, 6, 7, 4, 8, 6, 3, 7];
const S1_R2 = [7, 7, 7, 6, 8, 5, 5, 8];
const G1 = { health: [5, 4, 4, 5, 3, 4], social_care: [3, 2, 4, 3, 3, 2, 4] };

/** 5-point: example A in round 1 plus two "cannot judge" answers (NA and empty). */
const fivePoint = () => csv(['round,item,panelist,rating', ...EXAMPLE_A.map((v, i) => `1,A,p${i},${v}`), '1,A,p10,NA', '1,A,p11,']);

/** 9-point with groups: RAM-1, S-1 over two rounds, G-1 between two sectors. */
const ninePoint = () =>
  csv([
    'round,item,panelist,rating,group',
    ...RAM1.map((v, i) => `1,RAM1,p${i},${v},${i % 2 ? 'health' : 'social_care'}`),
    ...S1_R1.map((v, i) => `1,S,p${i},${v},health`),
    ...S1_R2.map((v, i) => `2,S,p${i},${v},health`),
    ...G1.health.map((v, i) => `1,G,h${i},${v},health`),
    ...G1.social_care.map((v, i) => `1,G,s${i},${v},social_care`),
  ]);

describe('stats --json', () => {
  it('prints the spec values of example A, counting NA and empty as "cannot judge"', async () => {
    const { code, stdout } = await run(statsCommand, [fivePoint(), '--scale', '1-5', '--json']);
    expect(code).toBe(0);
    const { items } = JSON.parse(stdout);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ round: 1, item: 'A', nValid: 10, nNoOpinion: 2, median: 4, q1: 4, q3: 4.75, iqr: 0.75, mean: 4, pctAgree: 80 });
    expect(items[0].sd).toBeCloseTo(0.942809, 6);
    expect(items[0].cv).toBeCloseTo(0.235702, 6);
    expect(items[0]).not.toHaveProperty('rand');
    expect(items[0]).not.toHaveProperty('stability');
    expect(items[0]).not.toHaveProperty('groups');
  });

  it('honours --quantile hf6 and --agree', async () => {
    const hf6 = JSON.parse((await run(statsCommand, [fivePoint(), '--scale', '1-5', '--quantile', 'hf6', '--json'])).stdout).items[0];
    expect([hf6.q1, hf6.q3, hf6.iqr]).toEqual([3.75, 5, 1.25]);
    const top = JSON.parse((await run(statsCommand, [fivePoint(), '--scale', '1-5', '--agree', '5-5', '--json'])).stdout).items[0];
    expect(top.pctAgree).toBe(30);
  });

  it('adds RAND/UCLA on 1-9, stability from the second round, and the group test', async () => {
    const { code, stdout } = await run(statsCommand, [ninePoint(), '--scale', '1-9', '--json']);
    expect(code).toBe(0);
    const items = JSON.parse(stdout).items as Record<string, any>[];
    const find = (round: number, item: string) => items.find((i) => i.round === round && i.item === item) as Record<string, any>;
    expect(items.map((i) => `${i.round}:${i.item}`)).toEqual(['1:G', '1:RAM1', '1:S', '2:S']);
    const ram = find(1, 'RAM1');
    expect(ram.median).toBe(7);
    expect(ram.rand).toMatchObject({ p30: 7, p70: 8, ipr: 1, disagreement: false });
    expect(ram.rand.ipras).toBeCloseTo(6.1, 12);
    expect(find(1, 'S')).not.toHaveProperty('stability');
    // S-1: Wilcoxon p 0.086276 on 8 pairs; change 6 units / 2 / 8 = 37.5 %
    expect(find(2, 'S').stability.nPairs).toBe(8);
    expect(find(2, 'S').stability.wilcoxonP).toBeCloseTo(0.086276, 6);
    expect(find(2, 'S').stability.changePct).toBe(37.5);
    // G-1: U1 = 35.5, p = 0.036245 (health is group 1 in name order)
    expect(find(1, 'G').groups).toMatchObject({ test: 'mann-whitney', statistic: 35.5 });
    expect(find(1, 'G').groups.p).toBeCloseTo(0.036245, 6);
    expect(find(1, 'S').groups).toEqual({ test: null, statistic: null, p: null });
  });

  it('does not depend on the order of the rows', async () => {
    const lines = ['round,item,panelist,rating,group', ...RAM1.map((v, i) => `1,RAM1,p${i},${v},${i % 3 ? 'a' : 'b'}`)];
    const forward = await run(statsCommand, [csv(lines), '--scale', '1-9', '--json']);
    const backward = await run(statsCommand, [csv([lines[0], ...lines.slice(1).reverse()]), '--scale', '1-9', '--json']);
    expect(backward.stdout).toBe(forward.stdout);
  });
});

/**
 * Two elements rated on relevance and clarity (1-4) in two rounds. p5 sends only an empty rating in
 * round 2 (still a stayer: any row counts); p6 sends nothing in round 2 (a leaver); p4 cannot judge
 * E1's clarity in round 1; p7 joins in round 2. Columns in a different order than documented, to pin "by header".
 */
const criteriaFile = () => {
  const r1: Record<string, number[]> = {
    'E1,relevance': [4, 4, 3, 4, 2, 3],
    'E2,relevance': [4, 3, 4, 4, 4, 4],
    'E1,clarity': [3, 2, 4, 0, 2, 1],
    'E2,clarity': [4, 4, 4, 3, 3, 4],
  };
  const r2: Record<string, number[]> = { 'E1,relevance': [4, 4, 4, 4], 'E2,relevance': [4, 4, 2, 4], 'E1,clarity': [3, 3, 4, 3], 'E2,clarity': [4, 4, 4, 4] };
  const rows = (round: number, cells: Record<string, number[]>) =>
    Object.entries(cells).flatMap(([key, values]) => {
      const [item, criterion] = key.split(',');
      return values.map((v, i) => `${criterion},${round},${item},p${i + 1},${v === 0 ? 'NA' : v}`);
    });
  return csv(['criterion,round,item,panelist,rating', ...rows(1, r1), ...rows(2, r2), 'relevance,2,E1,p5,', 'clarity,2,E1,p7,4']);
};

const statsJson = async (file: string, extra: string[] = []) => {
  const { code, stdout, stderr } = await run(statsCommand, [file, '--scale', '1-4', '--agree', '3-4', ...extra, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as { items: Record<string, any>[]; scvi?: Record<string, any>[] };
};

describe('stats with a criterion column and --cvi', () => {
  it('prints one element per round, item and criterion in the pinned shape', async () => {
    const out = await statsJson(criteriaFile(), ['--cvi', '3-4']);
    expect(Object.keys(out)).toEqual(['items', 'scvi']);
    expect(out.items.map((i) => `${i.round}:${i.item}:${i.criterion}`)).toEqual([
      '1:E1:clarity',
      '1:E1:relevance',
      '1:E2:clarity',
      '1:E2:relevance',
      '2:E1:clarity',
      '2:E1:relevance',
      '2:E2:clarity',
      '2:E2:relevance',
    ]);
    const e1 = out.items[1];
    expect(Object.keys(e1)).toEqual([
      'round',
      'item',
      'criterion',
      'nValid',
      'nNoOpinion',
      'median',
      'q1',
      'q3',
      'iqr',
      'mean',
      'sd',
      'cv',
      'pctAgree',
      'kAgree',
      'cvi',
      'attrition',
    ]);
    // I-CVI 5/6; Pc = C(6,5)/2^6; kappa* and the attrition test from Python (Fractions, scipy
    // mannwhitneyu([4,4,3,4,2], [3], use_continuity=True, method='asymptotic')).
    expect(e1.cvi).toEqual({ n: 6, nRelevant: 5, icvi: 5 / 6, pc: 0.09375, kappa: 0.8160919540229885 });
    expect(Object.keys(e1.attrition)).toEqual(['nStayed', 'nLeft', 'u', 'p']);
    expect(e1.attrition).toMatchObject({ nStayed: 5, nLeft: 1, u: 3.5 });
    expect(e1.attrition.p).toBeCloseTo(0.7518296340458492, 12);
    const clarity = out.items[0];
    expect(clarity).toMatchObject({ nValid: 5, nNoOpinion: 1, cvi: { n: 5, nRelevant: 2, icvi: 0.4, pc: 0.3125 }, attrition: { nStayed: 4, nLeft: 1, u: 4 } });
    expect(clarity.cvi.kappa).toBeCloseTo(0.12727272727272726, 14);
    expect(clarity.attrition.p).toBeCloseTo(0.27650048008343264, 12);
    expect(out.items[3].attrition).toEqual({ nStayed: 5, nLeft: 1, u: 2, p: 1 });
  });

  it('gives one S-CVI per round and criterion', async () => {
    const { scvi } = await statsJson(criteriaFile(), ['--cvi', '3-4']);
    expect(scvi).toEqual([
      { round: 1, criterion: 'clarity', ave: 0.7, ua: 0.5 },
      { round: 1, criterion: 'relevance', ave: 0.9166666666666666, ua: 0.5 },
      { round: 2, criterion: 'clarity', ave: 1, ua: 1 },
      { round: 2, criterion: 'relevance', ave: 0.875, ua: 0.5 },
    ]);
  });

  it('gives attrition null for the last round of the file and keeps stability per criterion', async () => {
    const { items } = await statsJson(criteriaFile());
    expect(items.filter((i) => i.round === 2).map((i) => i.attrition)).toEqual([null, null, null, null]);
    expect(items.find((i) => i.round === 2 && i.item === 'E2' && i.criterion === 'clarity')?.stability).toMatchObject({ nPairs: 4 });
  });

  it('leaves out cvi and scvi without --cvi', async () => {
    const out = await statsJson(criteriaFile());
    expect(Object.keys(out)).toEqual(['items']);
    expect(out.items.every((i) => !('cvi' in i) && 'attrition' in i)).toBe(true);
  });

  it('gives criterion null, and an S-CVI with criterion null, for a file without the column', async () => {
    const lines = ['round,item,panelist,rating', '1,A,p1,4', '1,A,p2,3', '1,A,p3,1', '1,B,p1,4', '1,B,p2,4', '1,B,p3,'];
    const out = await statsJson(csv(lines), ['--cvi', '3-4']);
    expect(out.items.map((i) => [i.criterion, i.cvi.icvi, i.attrition])).toEqual([
      [null, 2 / 3, null],
      [null, 1, null],
    ]);
    expect(out.scvi).toEqual([{ round: 1, criterion: null, ave: 5 / 6, ua: 0.5 }]);
  });

  it('prints the same JSON as before criteria existed for a file without the column, apart from the new keys', async () => {
    // nine-point.json was written by this command at commit 34cd2b0, before criteria and attrition.
    const before = await readFile(new URL('../fixtures/stats-cli/nine-point.json', import.meta.url), 'utf8');
    const { code, stdout } = await run(statsCommand, [
      fileURLToPath(new URL('../fixtures/stats-cli/nine-point.csv', import.meta.url)),
      '--scale',
      '1-9',
      '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { items: Record<string, unknown>[] };
    expect(out.items.map((i) => i.criterion)).toEqual([null, null, null, null, null]);
    expect(out.items.map((i) => i.attrition)).toEqual([null, { nStayed: 8, nLeft: 7, u: 0, p: expect.closeTo(0.0009469775971629132, 12) }, null, null, null]);
    for (const item of out.items) {
      delete item.criterion;
      delete item.attrition;
    }
    expect(`${JSON.stringify(out)}\n`).toBe(before);
  });

  it('prints criterion, content-validity, attrition and S-CVI columns in the table', async () => {
    const { code, stdout } = await run(statsCommand, [criteriaFile(), '--scale', '1-4', '--cvi', '3-4']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1].split(/\s{2,}/).slice(0, 3)).toEqual(['round', 'item', 'criterion']);
    expect(lines[1]).toMatch(/I-CVI 3-4 +Pc +kappa\* +evaluation +stayed +left +U +attrition p$/);
    expect(lines[4]).toMatch(/0\.83 \(5\/6\) +0\.094 +0\.82 +excellent +5 +1 +3\.5 +0\.7518$/);
    expect(stdout).toContain('Scale-level content validity (relevant 3-4):');
    expect(stdout).toMatch(/1 +relevance +0\.917 +0\.500/);
  });
});

describe('stats tables', () => {
  it('prints an aligned table with k/n beside the percentage', async () => {
    const { code, stdout } = await run(statsCommand, [fivePoint(), '--scale', '1-5']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('Scale 1-5, agreement band 4-5');
    expect(lines[1].split(/\s{2,}/)).toEqual(['round', 'item', 'n', 'NA', 'median', 'Q1', 'Q3', 'IQR', 'mean', 'SD', 'CV', 'agree 4-5']);
    expect(lines[2]).toMatch(/^-+( +-+)+$/);
    expect(lines[3]).toContain('80.0% (8/10)');
    expect(lines[3]).toContain('4.75');
    expect(lines[1].length).toBe(lines[3].length);
  });

  it('adds RAND, stability and group columns when they apply', async () => {
    const { stdout } = await run(statsCommand, [ninePoint(), '--scale', '1-9']);
    expect(stdout).toContain('IPRAS');
    expect(stdout).toContain('Wilcoxon p');
    expect(stdout).toContain('mann-whitney');
  });
});

describe('stats failures', () => {
  it.each([
    ['a non-integer rating', ['round,item,panelist,rating', '1,A,p1,4', '1,A,p2,4.5'], "line 3: rating '4.5' is not an integer"],
    ['an off-scale rating', ['round,item,panelist,rating', '1,A,p1,4', '', '1,A,p2,10'], 'line 4: rating 10 is outside the scale 1-9'],
    [
      'a duplicate row',
      ['round,item,panelist,rating', '1,A,p1,4', '1,A,p2,5', '1,A,p1,6'],
      'line 4: duplicate row for round 1, item A, panelist p1 (first on line 2)',
    ],
    ['a missing column', ['round,item,panelist,score', '1,A,p1,4'], 'line 1: missing column rating (expected round,item,panelist,rating,[group],[criterion])'],
    ['a bad round', ['round,item,panelist,rating', 'one,A,p1,4'], "line 2: round 'one' is not a positive integer"],
    ['a short row', ['round,item,panelist,rating', '1,A,p1'], 'line 2: expected 4 fields, found 3'],
    ['an empty file', [''], 'the file is empty'],
  ])('reports %s with its line and exits 1', async (_, lines, message) => {
    const { code, stderr, stdout } = await run(statsCommand, [csv(lines), '--scale', '1-9', '--json']);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it.each([
    ['an empty criterion code', ['round,item,panelist,rating,criterion', '1,A,p1,4,relevance', '1,A,p2,3,'], 'line 3: criterion is empty'],
    [
      'a duplicate row for one criterion',
      ['round,item,panelist,rating,criterion', '1,A,p1,4,relevance', '1,A,p1,3,clarity', '1,A,p1,2,relevance'],
      'line 4: duplicate row for round 1, item A, criterion relevance, panelist p1 (first on line 2)',
    ],
  ])('reports %s with its line and exits 1 like any bad data', async (_, lines, message) => {
    const { code, stderr, stdout } = await run(statsCommand, [csv(lines), '--scale', '1-4', '--cvi', '3-4', '--json']);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('exits 1 for a file it cannot read', async () => {
    const { code, stderr } = await run(statsCommand, [join(dir, 'missing.csv'), '--scale', '1-9']);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read');
  });

  it.each([
    ['a bad --scale', ['--scale', 'one-nine']],
    ['an inverted --scale', ['--scale', '9-1']],
    ['no --scale', []],
    ['--agree outside the scale', ['--scale', '1-5', '--agree', '4-6']],
    ['an unknown --quantile', ['--scale', '1-5', '--quantile', 'hf8']],
    ['--cvi outside the scale', ['--scale', '1-4', '--cvi', '3-5'], '--cvi 3-5 must lie within the scale 1-4'],
    ['an inverted --cvi', ['--scale', '1-4', '--cvi', '4-3'], '--cvi 4-3 must lie within the scale 1-4'],
    ['a malformed --cvi', ['--scale', '1-4', '--cvi', 'three-four'], "--cvi must look like 1-9, got 'three-four'"],
    ['--cvi without a value', ['--scale', '1-4', '--cvi'], "Option '--cvi <value>' argument missing"],
    ['an unknown option', ['--scale', '1-5', '--verbose']],
  ])('exits 2 with usage for %s', async (_, args, message?: string) => {
    const { code, stderr, stdout } = await run(statsCommand, [fivePoint(), ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    if (message) expect(stderr.split('\n')[0]).toBe(message);
    expect(stderr).toContain('Usage: npm run --silent cli -- stats FILE');
  });

  it('exits 2 without a file and prints usage on --help', async () => {
    expect((await run(statsCommand, ['--scale', '1-5'])).code).toBe(2);
    const help = await run(statsCommand, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--quantile');
    expect(help.stdout).toContain('--cvi LO-HI');
    expect(help.stdout).toContain('optional group and criterion columns');
  });
});

describe('concordance', () => {
  const W1 = [
    [1, 2, 3, 4, 5],
    [1, 3, 2, 4, 5],
    [2, 1, 3, 5, 4],
    [1, 2.5, 2.5, 4, 5],
  ];
  const rankings = (rows: number[][], extra: string[] = []) =>
    csv(['panelist,item,rank', ...rows.flatMap((row, p) => row.map((r, i) => `P${p},${'ABCDE'[i]},${r}`)), ...extra]);

  it('prints W-1 as JSON with the permutation p and its seed', async () => {
    const { code, stdout } = await run(concordanceCommand, [rankings(W1), '--json', '--seed', '11']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ m: 4, n: 5, df: 4, seed: 11, permutations: 9999, mExcluded: 0 });
    expect(out.w).toBeCloseTo(0.870253, 6);
    expect(out.chi2).toBeCloseTo(13.924051, 6);
    expect(out.p).toBeCloseTo(0.007541, 6);
    expect(out.permutationP).toBeGreaterThan(0);
    expect(out.permutationP).toBeLessThan(0.05);
  });

  it('leaves out panelists with incomplete rankings and counts them', async () => {
    const out = JSON.parse((await run(concordanceCommand, [rankings(W1, ['P9,A,1', 'P9,B,2']), '--json'])).stdout);
    expect(out.m).toBe(4);
    expect(out.mExcluded).toBe(1);
  });

  it('prints a readable table', async () => {
    const { code, stdout } = await run(concordanceCommand, [rankings(W1)]);
    expect(code).toBe(0);
    expect(stdout).toContain("Kendall's W (tie-corrected) for 4 panelists ranking 5 items");
    expect(stdout).toMatch(/W\s+0\.8703/);
    expect(stdout).toMatch(/Schmidt band\s+strong/);
  });

  it.each([
    [
      'ranks that are not midranks',
      ['panelist,item,rank', 'P1,A,1', 'P1,B,1', 'P1,C,3', 'P2,A,1', 'P2,B,2', 'P2,C,3'],
      'line 2: the ranks of panelist P1 (1, 1, 3) are not a ranking of 3 items',
    ],
    ['a duplicate rank', ['panelist,item,rank', 'P1,A,1', 'P1,A,2'], 'line 3: duplicate rank for panelist P1, item A (first on line 2)'],
    ['a bad rank', ['panelist,item,rank', 'P1,A,first'], "line 2: rank 'first' is not a positive number"],
    ['a missing column', ['panelist,item', 'P1,A'], 'line 1: missing column rank'],
  ])('reports %s and exits 1', async (_, lines, message) => {
    const { code, stderr } = await run(concordanceCommand, [csv(lines)]);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(concordanceCommand, [])).code).toBe(2);
    expect((await run(concordanceCommand, [rankings(W1), '--seed', 'x'])).code).toBe(2);
    expect((await run(concordanceCommand, ['--help'])).code).toBe(0);
  });
});
