/**
 * The pinned command-line contracts of issues #16 and #17: `concordance` with round and group
 * columns, and `relations`. Expected numbers come from numpy/scipy
 * (test/fixtures/stats-reference/generate-ranking-dematel.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../api/cli';
import { csvFiles, runCommand } from '../helpers/command-files';

const { csv } = csvFiles('delphi-rank-rel-cli-');
const cli = (args: string[]) => runCommand(main, args);

type Num = number | null;
interface RankingCase {
  items: string[];
  rankings: { panelist: string; group: string; ranks: (number | null)[] }[];
  w: Num;
  chi2: Num;
  p: Num;
  meanRanks: number[];
  groups: Record<string, { m: number; w: Num; p: Num }>;
}
interface DematelFigures {
  total: number[][];
  direct: number[][];
  prominence: number[];
  relation: number[];
  threshold: number;
  edges: { from: string; to: string; t: number }[];
}
interface DematelCase extends DematelFigures {
  elements: string[];
  ratings: [string, string, string, number | null, string][];
  groups: Record<string, DematelFigures>;
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/stats-reference/ranking-dematel.json', import.meta.url), 'utf8')) as {
  rankings: RankingCase[];
  rankingRounds: { rounds: { items: string[]; ranks: number[][]; w: number; chi2: number; p: number; meanRanks: number[] }[]; rho: number };
  dematel: DematelCase[];
};

const near = (actual: unknown, expected: Num, label: string) => {
  if (expected === null) return expect(actual, label).toBeNull();
  expect(typeof actual, label).toBe('number');
  expect(Math.abs((actual as number) - expected), label).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
};

const noNonFinite = (text: string) => expect(text).not.toMatch(/NaN|Infinity/);

/** The header-only format (panelist,item,rank): W-1 of consensus-methods.md §12 without the 4th panelist's tie. */
const OLD_ROWS = ['P0,A,1', 'P0,B,2', 'P0,C,3', 'P1,A,1', 'P1,B,3', 'P1,C,2', 'P2,A,2', 'P2,B,1', 'P2,C,3', 'P3,A,1', 'P3,B,2.5', 'P3,C,2.5'];

describe('concordance without a round column', () => {
  // Captured from the command before round support was added: the bytes must not change.
  const JSON_BEFORE =
    '{"m":4,"n":3,"w":0.5166666666666667,"chi2":4.133333333333334,"df":2,"p":0.1266071027890836,"permutationP":0.1591,"permutations":9999,' +
    '"seed":5,"wUncorrected":0.484375,"rhoBar":0.3555555555555556,"band":"moderate","mExcluded":0,"items":[{"item":"A","rankSum":5,"meanRank":1.25},' +
    '{"item":"B","rankSum":8.5,"meanRank":2.125},{"item":"C","rankSum":10.5,"meanRank":2.625}]}\n';
  const TABLE_BEFORE = `Kendall's W (tie-corrected) for 4 panelists ranking 3 items
statistic          value
-----------------  -------------------------
W                  0.5167
W uncorrected      0.4844
chi2               4.1333
df                 2
p (chi2)           0.1266
p (permutation)    0.1591 (B = 9999, seed 5)
mean Spearman rho  0.3556
Schmidt band       moderate

item  rank sum  mean rank
----  --------  ---------
A          5.0       1.25
B          8.5       2.13
C         10.5       2.63

`;

  it('prints exactly what it printed before, as JSON and as a table', async () => {
    const file = csv(['panelist,item,rank', ...OLD_ROWS]);
    expect((await cli(['concordance', file, '--json', '--seed', '5'])).stdout).toBe(JSON_BEFORE);
    expect((await cli(['concordance', file, '--seed', '5'])).stdout).toBe(TABLE_BEFORE);
  });

  it('ignores a group column there and reads the columns in any order', async () => {
    const file = csv(['item,rank,group,panelist', ...OLD_ROWS.map((r) => r.split(',')).map(([p, i, r], k) => `${i},${r},${k % 2 ? 'x' : 'y'},${p}`)]);
    expect((await cli(['concordance', file, '--json', '--seed', '5'])).stdout).toBe(JSON_BEFORE);
  });
});

/** round,panelist,item,rank[,group] lines for the given rounds, in a shuffled column order. */
function roundLines(rounds: { items: string[]; rankings: { panelist: string; group?: string; ranks: (number | null)[] }[] }[], withGroup: boolean): string[] {
  const body = rounds.flatMap((r, k) =>
    r.rankings.flatMap((x) =>
      x.ranks.flatMap((rank, i) => (rank === null ? [] : [`${rank},${withGroup ? `${x.group ?? ''},` : ''}${r.items[i]},${k + 1},${x.panelist}`])),
    ),
  );
  return [withGroup ? 'rank,group,item,round,panelist' : 'rank,item,round,panelist', ...body.reverse()];
}

describe('concordance with a round column', () => {
  const KEYS = ['round', 'm', 'n', 'w', 'chi2', 'df', 'p', 'meanRanks', 'groups', 'rhoPrevious'];

  it('prints W, chi2, df, p, mean ranks and rho with the previous round per round, as scipy', async () => {
    const { rounds, rho } = reference.rankingRounds;
    const input = rounds.map((r) => ({ items: r.items, rankings: r.ranks.map((ranks, i) => ({ panelist: `p${i}`, ranks })) }));
    const { code, stdout } = await cli(['concordance', csv(roundLines(input, false)), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['rounds']);
    expect(out.rounds).toHaveLength(2);
    out.rounds.forEach((r: Record<string, unknown>, k: number) => {
      const e = rounds[k];
      expect(Object.keys(r)).toEqual(KEYS);
      expect(r).toMatchObject({ round: k + 1, m: 4, n: 5, df: 4, groups: {} });
      near(r.w, e.w, 'w');
      near(r.chi2, e.chi2, 'chi2');
      near(r.p, e.p, 'p');
      expect(Object.keys(r.meanRanks as object)).toEqual(e.items);
      e.items.forEach((item, i) => near((r.meanRanks as Record<string, number>)[item], e.meanRanks[i], item));
    });
    expect(out.rounds[0].rhoPrevious).toBeNull();
    near(out.rounds[1].rhoPrevious, rho, 'rhoPrevious');
  });

  it('turns ties and top-k rankings into midranks and gives W per group, one-panelist group included', async () => {
    const [clash, topk] = reference.rankings;
    const { code, stdout } = await cli(['concordance', csv(roundLines([clash, topk], true)), '--json']);
    expect(code).toBe(0);
    noNonFinite(stdout);
    const out = JSON.parse(stdout);
    [clash, topk].forEach((e, k) => {
      const r = out.rounds[k];
      expect(Object.keys(r)).toEqual(KEYS);
      near(r.w, e.w, 'w');
      near(r.p, e.p, 'p');
      e.items.forEach((item, i) => near(r.meanRanks[item], e.meanRanks[i], item));
      expect(Object.keys(r.groups)).toEqual(Object.keys(e.groups));
      for (const [g, x] of Object.entries(e.groups)) {
        expect(Object.keys(r.groups[g])).toEqual(['m', 'w', 'p']);
        expect(r.groups[g].m).toBe(x.m);
        near(r.groups[g].w, x.w, `${g}.w`);
        near(r.groups[g].p, x.p, `${g}.p`);
      }
    });
    expect(out.rounds[1].groups.solo).toEqual({ m: 1, w: null, p: null });
    expect(out.rounds[1].rhoPrevious).toBeNull(); // no item in common with round 1
  });

  it('prints the rounds as tables with the permutation p, top-k shares and the group flag', async () => {
    const [clash] = reference.rankings;
    const { code, stdout } = await cli(['concordance', csv(roundLines([clash, clash], true)), '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toContain("Round 1: Kendall's W (tie-corrected) for 7 panelists ranking 5 items");
    expect(stdout).toMatch(/p \(permutation\)\s+[\d.]+ \(B = 9999, seed 3\)/);
    expect(stdout).toMatch(/rho with previous round\s+1\.0000/);
    expect(stdout).toMatch(/operational\s+strategic\s+-0\.9747\s+yes/);
    expect(stdout).toContain('top 3');
  });

  it.each([
    [
      'a rank outside 1..n',
      ['round,panelist,item,rank', '1,p1,A,1', '1,p1,B,2', '1,p2,A,1', '1,p2,B,3'],
      'line 5: rank 3 of item B is outside 1..2 (round 1 ranks 2 items)',
    ],
    [
      'the same item twice in one ranking',
      ['round,panelist,item,rank', '1,p1,A,1', '1,p1,A,2', '1,p1,B,2'],
      'line 3: item A appears twice in the ranking of panelist p1 in round 1 (first on line 2)',
    ],
    ['a rank of 0', ['round,panelist,item,rank', '1,p1,A,0'], "line 2: rank '0' is not a positive number"],
    ['a bad round', ['round,panelist,item,rank', 'first,p1,A,1'], "line 2: round 'first' is not a positive integer"],
    [
      'a panelist in two groups',
      ['round,panelist,item,rank,group', '1,p1,A,1,x', '1,p1,B,2,y'],
      "line 3: panelist p1 is in group 'y' here but in 'x' on line 2",
    ],
  ])('rejects %s, naming it, with exit code 1 and nothing on stdout', async (_, lines, message) => {
    const { code, stdout, stderr } = await cli(['concordance', csv(lines), '--json']);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });
});

/** panelist,from,to,rating[,group] lines from the fixture, columns shuffled. */
function relationLines(c: DematelCase, withGroup: boolean): string[] {
  const rows = c.ratings.map(([p, f, t, v, g]) => `${t},${v === null ? 'NA' : v},${withGroup ? `${g},` : ''}${p},${f}`);
  return [withGroup ? 'to,rating,group,panelist,from' : 'to,rating,panelist,from', ...rows];
}

describe('relations --json', () => {
  const c = reference.dematel[0];

  it('prints the pinned shape with the numpy values, per group too (one unrated pair, a one-panelist group)', async () => {
    const { code, stdout } = await cli(['relations', csv(relationLines(c, true)), '--json']);
    expect(code).toBe(0);
    noNonFinite(stdout);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['elements', 'direct', 'total', 'prominence', 'relation', 'threshold', 'edges', 'groups']);
    expect(out.elements).toEqual(c.elements);
    c.direct.forEach((row, i) => row.forEach((x, j) => near(out.direct[i][j], x, `direct ${i},${j}`)));
    expect(out.direct[c.elements.indexOf('OD')][c.elements.indexOf('RA')]).toBe(0);
    c.total.forEach((row, i) => row.forEach((x, j) => near(out.total[i][j], x, `total ${i},${j}`)));
    c.elements.forEach((e, i) => {
      near(out.prominence[e], c.prominence[i], `prominence ${e}`);
      near(out.relation[e], c.relation[i], `relation ${e}`);
    });
    near(out.threshold, c.threshold, 'threshold');
    expect(out.edges.map((x: { from: string; to: string }) => `${x.from}>${x.to}`)).toEqual(c.edges.map((x) => `${x.from}>${x.to}`));
    out.edges.forEach((x: { t: number }, i: number) => near(x.t, c.edges[i].t, `edge ${i}`));
    expect(Object.keys(out.groups)).toEqual(['operational', 'strategic']);
    for (const [g, e] of Object.entries(c.groups)) {
      expect(Object.keys(out.groups[g])).toEqual(['prominence', 'relation', 'threshold']);
      c.elements.forEach((el, i) => {
        near(out.groups[g].prominence[el], e.prominence[i], `${g} prominence ${el}`);
        near(out.groups[g].relation[el], e.relation[i], `${g} relation ${el}`);
      });
      near(out.groups[g].threshold, e.threshold, `${g} threshold`);
    }
  });

  it('gives groups {} without a group column, and empty cells count as "cannot judge"', async () => {
    const lines = relationLines(c, false).map((l) => l.replace(',NA,', ',,'));
    const { code, stdout } = await cli(['relations', csv(lines), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.groups).toEqual({});
    near(out.threshold, c.threshold, 'threshold');
  });

  it('prints readable tables with the flags', async () => {
    const { code, stdout } = await cli(['relations', csv(relationLines(c, true))]);
    expect(code).toBe(0);
    expect(stdout).toContain('Direct influence Z');
    expect(stdout).toContain('Total relation T');
    expect(stdout).toMatch(/Threshold \(mean of T\): \d\.\d{4}/);
    expect(stdout).toContain('Not rated by anyone (z = 0): OD -> RA');
    expect(stdout).toContain('Groups disagree on PD: a cause for strategic, an effect for operational');
    noNonFinite(stdout);
  });
});

describe('relations failures', () => {
  const header = 'panelist,from,to,rating';
  const all = (value: string, elements = ['A', 'B', 'C']) => elements.flatMap((f) => elements.filter((t) => t !== f).map((t) => `p1,${f},${t},${value}`));

  it.each([
    ['a rating above 4', [header, ...all('2').slice(1), 'p1,A,B,5'], 'rating 5 is outside 0-4'],
    ['a negative rating', [header, ...all('2').slice(1), 'p1,A,B,-1'], 'rating -1 is outside 0-4'],
    ['a rating that is not an integer', [header, 'p1,A,B,2.5'], "line 2: rating '2.5' is not an integer"],
    ['a pair with the same element twice', [header, ...all('2'), 'p1,C,C,3'], 'line 8: from and to are both C (a relation needs two different elements)'],
    ['fewer than 3 elements', [header, 'p1,A,B,2', 'p1,B,A,3'], 'only 2 elements (A, B): a relations block needs at least 3'],
    ['nothing rated', [header, ...all('NA')], 'no result: no ratings'],
    ['every pair rated the same (I - N singular)', [header, ...all('3')], 'no result: I − N is singular: every row of Z sums to s = 6'],
    ['a duplicate panelist and pair', [header, ...all('2'), 'p1,A,B,3'], 'line 8: duplicate row for panelist p1, A -> B (first on line 2)'],
    ['a missing column', ['panelist,from,to', 'p1,A,B'], 'line 1: missing column rating'],
    [
      'a group whose matrix is singular',
      ['panelist,from,to,rating,group', ...all('1').map((l) => `${l},x`), 'p2,A,B,4,y', 'p2,B,C,1,y'],
      'group x: no result: I − N is singular',
    ],
  ])('rejects %s, naming the cause, with exit code 1 and nothing on stdout', async (_, lines, message) => {
    const { code, stdout, stderr } = await cli(['relations', csv(lines), '--json']);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    noNonFinite(stderr);
  });

  it('exits 2 with usage for a missing file argument or an unknown option, 0 for --help', async () => {
    expect((await cli(['relations'])).code).toBe(2);
    const unknown = await cli(['relations', csv([header, ...all('2')]), '--threshold', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage: npm run --silent cli -- relations FILE [--json]');
    const help = await cli(['relations', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('panelist,from,to,rating');
  });

  it('is listed in the command line help', async () => {
    expect((await cli(['--help'])).stdout).toContain('relations FILE [--json]');
  });
});
