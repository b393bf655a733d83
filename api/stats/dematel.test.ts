import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRelations, dematel, directMatrix, relationCells, type DematelMap, type RelationRating } from './dematel';
import { invert, multiply } from './gauss-jordan';

/** The reference's figures of one map are the map's own, with the unrated pairs as [from, to]. */
type Figures = Pick<DematelMap, 'direct' | 's' | 'total' | 'd' | 'r' | 'prominence' | 'relation' | 'threshold' | 'edges'> & { unrated: [string, string][] };
interface DematelCase extends Figures {
  name: string;
  elements: string[];
  ratings: [string, string, string, number | null, string][];
  groups: Record<string, Figures>;
  sideDifferences: { element: string; causeIn: string[]; effectIn: string[] }[];
}

/** numpy values: test/fixtures/stats-reference/generate-ranking-dematel.py. */
const fixture = new URL('../../test/fixtures/stats-reference/ranking-dematel.json', import.meta.url);
const reference = JSON.parse(readFileSync(fixture, 'utf8')) as { dematel: DematelCase[] };

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const vector = (actual: readonly number[], expected: readonly number[], label: string) => {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((x, i) => expect(near(x, expected[i]), `${label}[${i}]: ${x} vs ${expected[i]}`).toBe(true));
};

function expectFigures(actual: DematelMap, e: Figures, label: string) {
  actual.direct.forEach((row, i) => vector(row, e.direct[i], `${label}.direct[${i}]`));
  actual.total.forEach((row, i) => vector(row, e.total[i], `${label}.total[${i}]`));
  expect(actual.unrated.map((p) => [p.from, p.to])).toEqual(e.unrated);
  vector([actual.s, actual.threshold], [e.s, e.threshold], `${label}.s/threshold`);
  vector(actual.d, e.d, `${label}.D`);
  vector(actual.r, e.r, `${label}.R`);
  vector(actual.prominence, e.prominence, `${label}.prominence`);
  vector(actual.relation, e.relation, `${label}.relation`);
  expect(
    actual.edges.map((x) => `${x.from}>${x.to}`),
    `${label}.edges`,
  ).toEqual(e.edges.map((x) => `${x.from}>${x.to}`));
  vector(
    actual.edges.map((x) => x.t),
    e.edges.map((x) => x.t),
    `${label}.edge t`,
  );
}

const toRatings = (rows: DematelCase['ratings']): RelationRating[] =>
  rows.map(([panelist, from, to, rating, group]) => ({ panelist, from, to, rating, group }));

/** Every panelist rates every ordered pair with `value`. */
function uniform(elements: string[], value: number | null): RelationRating[] {
  return elements.flatMap((from) => elements.filter((to) => to !== from).map((to) => ({ panelist: 'p1', from, to, rating: value })));
}

describe('analyseRelations against numpy', () => {
  it.each(reference.dematel.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const a = analyseRelations({ elements: c.elements, ratings: toRatings(c.ratings) });
    expect(a.overall.ok).toBe(true);
    expectFigures(a.overall as DematelMap, c, 'panel');
    expect(Object.keys(a.groups)).toEqual(Object.keys(c.groups));
    for (const [g, e] of Object.entries(c.groups)) {
      expect(a.groups[g].ok, g).toBe(true);
      expectFigures(a.groups[g] as DematelMap, e, g);
    }
    expect(a.sideDifferences).toEqual(c.sideDifferences);
  });

  it('flags the unrated pair with z = 0 and finds power distance a cause for one group and an effect for the other', () => {
    const c = reference.dematel[0];
    const a = analyseRelations({ elements: c.elements, ratings: toRatings(c.ratings) });
    expect(a.overall.unrated).toEqual([{ from: 'OD', to: 'RA' }]);
    expect(a.overall.direct[2][4]).toBe(0);
    const pd = c.elements.indexOf('PD');
    expect((a.groups.strategic as DematelMap).relation[pd]).toBeGreaterThan(0);
    expect((a.groups.operational as DematelMap).relation[pd]).toBeLessThan(0);
    expect(a.sideDifferences.find((s) => s.element === 'PD')).toEqual({ element: 'PD', causeIn: ['strategic'], effectIn: ['operational'] });
  });
});

describe('dematel without a result', () => {
  const elements = ['A', 'B', 'C'];

  it('says "no ratings" when nobody rated anything', () => {
    const r = dematel(directMatrix(elements, uniform(elements, null)));
    expect(r).toMatchObject({ ok: false, reason: 'no_ratings', message: 'no result: no ratings' });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null/);
  });

  it('says so when every rating is 0', () => {
    expect(dematel(directMatrix(elements, uniform(elements, 0)))).toMatchObject({ ok: false, reason: 'no_influence' });
  });

  it('finds I − N singular when every pair got the same rating (every row sums to s)', () => {
    const r = dematel(directMatrix(elements, uniform(elements, 3)));
    expect(r).toMatchObject({ ok: false, reason: 'singular' });
    expect(r.ok ? '' : r.message).toBe(
      'no result: I − N is singular: every row of Z sums to s = 6, so indirect influence never dies out (spectral radius of N is 1)',
    );
  });

  it('names a closed set of elements whose influence circulates without loss', () => {
    // A and B influence each other at 4 and nothing else; C and D weakly influence each other. s = 4 and
    // N restricted to {A, B} is stochastic, though not every row sums to s.
    const z = [
      [0, 4, 0, 0],
      [4, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
    ];
    const r = dematel({ elements: ['A', 'B', 'C', 'D'], z, unrated: [] });
    expect(r.ok ? '' : r.message).toContain('elements A, B pass all their influence among themselves with row sums equal to s = 4');
  });

  it('still draws a map when rows sum to s but send influence outside their set', () => {
    const z = [
      [0, 2, 2],
      [1, 0, 0],
      [0, 1, 0],
    ];
    const r = dematel({ elements, z, unrated: [] });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('rejects a malformed Z and a non-finite threshold', () => {
    expect(() => dematel({ elements, z: [[0, 1]], unrated: [] })).toThrow(RangeError);
    expect(() =>
      dematel({
        elements: ['A', 'B'],
        z: [
          [0, -1],
          [1, 0],
        ],
        unrated: [],
      }),
    ).toThrow(RangeError);
    expect(() => dematel(directMatrix(elements, uniform(elements, 2)), { threshold: Number.NaN })).toThrow(RangeError);
  });
});

describe('dematel options and inputs', () => {
  const elements = ['A', 'B', 'C'];
  const ratings: RelationRating[] = [
    { panelist: 'p1', from: 'A', to: 'B', rating: 4 },
    { panelist: 'p2', from: 'A', to: 'B', rating: 3 },
    { panelist: 'p1', from: 'B', to: 'C', rating: 2 },
    { panelist: 'p1', from: 'C', to: 'A', rating: 1 },
    { panelist: 'p2', from: 'C', to: 'A', rating: null },
  ];

  it('uses a threshold set by the facilitator instead of the mean of T', () => {
    const mean = dematel(directMatrix(elements, ratings)) as DematelMap;
    const set = dematel(directMatrix(elements, ratings), { threshold: 0 }) as DematelMap;
    expect(mean.thresholdSource).toBe('mean');
    expect(set).toMatchObject({ thresholdSource: 'set', threshold: 0 });
    expect(set.edges).toHaveLength(6);
    expect(mean.edges.length).toBeLessThan(6);
  });

  it('rejects a relation of an element with itself and a rating off the 0–4 scale', () => {
    expect(() => directMatrix(elements, [{ panelist: 'p', from: 'A', to: 'A', rating: 2 }])).toThrow(/two different elements/);
    expect(() => directMatrix(elements, [{ panelist: 'p', from: 'A', to: 'B', rating: 5 }])).toThrow(/outside 0–4/);
  });

  it('gives each relation the §3 statistics of its valid ratings, counting "cannot judge" apart', () => {
    const cells = relationCells(elements, ratings);
    expect(cells.map((c) => `${c.from}>${c.to}`)).toEqual(['A>B', 'A>C', 'B>A', 'B>C', 'C>A', 'C>B']);
    expect(cells[0].stats).toMatchObject({ nValid: 2, nNoOpinion: 0, median: 3.5, q1: 3.25, q3: 3.75, iqr: 0.5, agree: { k: 2, n: 2, pct: 100 } });
    expect(cells[4].stats).toMatchObject({ nValid: 1, nNoOpinion: 1, median: 1, sd: null });
    expect(cells[1].stats).toMatchObject({ nValid: 0, median: null });
  });
});

describe('invert (Gauss–Jordan with partial pivoting)', () => {
  it('inverts a matrix that needs a row swap', () => {
    const a = [
      [0, 2, 1],
      [1, 0, 0],
      [3, 1, 2],
    ];
    const inv = invert(a) as number[][];
    multiply(a, inv).forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(i === j ? 1 : 0, 12)));
  });

  it('returns null for a singular matrix, exactly or within the pivot tolerance', () => {
    expect(
      invert([
        [1, 2],
        [2, 4],
      ]),
    ).toBeNull();
    expect(
      invert([
        [1, 1],
        [1, 1 + 1e-13],
      ]),
    ).toBeNull();
    expect(
      invert([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNull();
    expect(invert([])).toEqual([]);
  });
});
