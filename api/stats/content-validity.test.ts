import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentValidityOf, itemContentValidity, scaleContentValidity, type ItemContentValidity } from './content-validity';

interface Reference {
  itemContentValidity: ItemContentValidity[];
  scaleContentValidity: { items: [number, number][]; nItems: number; ave: number | null; ua: number | null }[];
}

/** Exact Python integers and scipy (test/fixtures/stats-reference/generate-criteria.py). */
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/stats-reference/criteria-reference.json', import.meta.url), 'utf8')) as Reference;

const close = (actual: number | null, expected: number | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(expected)));
};

describe('itemContentValidity against exact Python values', () => {
  it.each(reference.itemContentValidity.map((c) => [c.n, c.nRelevant, c] as const))('N = %i, A = %i', (n, a, expected) => {
    const got = itemContentValidity(n, a);
    expect([got.n, got.nRelevant, got.evaluation]).toEqual([expected.n, expected.nRelevant, expected.evaluation]);
    close(got.icvi, expected.icvi);
    close(got.kappa, expected.kappa);
    if (expected.pc === null) expect(got.pc).toBeNull();
    // Pc can be as small as 2^-2000 (underflows to 0 in double, as in Python's float()): compare relatively.
    else expect(got.pc === expected.pc || Math.abs((got.pc as number) / expected.pc - 1) < 1e-15).toBe(true);
  });

  it('stays finite and exact for panels far beyond 1,023, where 2^N overflows a double', () => {
    const r = itemContentValidity(1000, 500);
    expect(r.pc).toBeCloseTo(0.025225018178, 12);
    expect(Number.isFinite(r.kappa)).toBe(true);
    expect(itemContentValidity(5000, 5000)).toMatchObject({ icvi: 1, pc: 0, kappa: 1, evaluation: 'excellent' });
  });
});

describe('itemContentValidity against published tables (§15.2 sources)', () => {
  // BMC Health Serv Res 2017;17:474 (s12913-017-2469-8), Table 10: N experts, A ratings of 3 or 4,
  // I-CVI, pc, κ* to 2-3 decimals; **** excellent, *** good. Pc printed to 3 decimals.
  it.each([
    [10, 10, 1.0, 0.001, 1.0, 'excellent'],
    [10, 9, 0.9, 0.01, 0.9, 'excellent'],
    [10, 8, 0.8, 0.044, 0.79, 'excellent'],
    [10, 7, 0.7, 0.117, 0.66, 'good'],
    [9, 8, 0.89, 0.018, 0.89, 'excellent'],
    [9, 7, 0.78, 0.07, 0.76, 'excellent'],
    [9, 6, 0.67, 0.164, 0.6, 'good'],
    // BMC Res Notes 2016 (s13104-016-2249-2), Table 4: 7 judges.
    [7, 7, 1.0, 0.008, 1.0, 'excellent'],
    [7, 6, 0.86, 0.055, 0.85, 'excellent'],
  ] as const)('N = %i, A = %i: I-CVI %s, Pc %s, κ* %s (%s)', (n, a, icvi, pc, kappa, evaluation) => {
    const r = itemContentValidity(n, a);
    expect(r.icvi).toBeCloseTo(icvi, 2);
    expect(r.pc).toBeCloseTo(pc, 3);
    expect(r.kappa).toBeCloseTo(kappa, 2);
    expect(r.evaluation).toBe(evaluation);
  });

  it('PMC7253559 Table 4: six experts rating 12 items; S-CVI/Ave 0.97, S-CVI/UA 0.83', () => {
    const table = [
      [4, 4, 4, 4, 4, 4],
      [4, 3, 4, 4, 3, 4],
      [4, 4, 4, 4, 4, 4],
      [4, 4, 4, 4, 4, 4],
      [3, 4, 4, 4, 4, 4],
      [2, 3, 4, 3, 3, 4],
      [4, 4, 4, 4, 4, 4],
      [4, 4, 4, 4, 4, 4],
      [3, 3, 4, 2, 3, 4],
      [4, 4, 4, 3, 4, 4],
      [4, 4, 4, 3, 4, 4],
      [4, 4, 4, 3, 4, 4],
    ];
    const items = table.map((ratings) => contentValidityOf(ratings, [3, 4]));
    expect(items.map((i) => i.nRelevant)).toEqual([6, 6, 6, 6, 6, 5, 6, 6, 5, 6, 6, 6]);
    expect(items[5].icvi).toBeCloseTo(0.83, 2);
    const scale = scaleContentValidity(items);
    expect(scale.ave).toBeCloseTo(0.97, 2);
    expect(scale.ua).toBeCloseTo(0.83, 2);
  });

  it('BMC Health Serv Res 2017 Table 10: S-CVI/Ave and /UA of the four criteria', () => {
    const relevance = [
      [10, 10],
      [10, 9],
      [10, 7],
      [10, 10],
      [10, 10],
      [10, 10],
    ];
    const clarity = [
      [10, 10],
      [10, 7],
      [9, 7],
      [10, 10],
      [10, 10],
      [10, 10],
    ];
    const completeness = [
      [10, 8],
      [10, 7],
      [9, 7],
      [10, 9],
      [10, 9],
      [9, 8],
    ];
    const of = (rows: number[][]) => scaleContentValidity(rows.map(([n, nRelevant]) => ({ n, nRelevant })));
    expect(of(relevance).ave).toBeCloseTo(0.93, 2);
    expect(of(relevance).ua).toBeCloseTo(0.67, 2);
    expect(of(clarity).ave).toBeCloseTo(0.91, 2);
    expect(of(completeness)).toMatchObject({ ua: 0, nUniversal: 0 });
    expect(of(completeness).ave).toBeCloseTo(0.83, 2);
  });
});

describe('itemContentValidity bands and degenerate cases', () => {
  it('gives all nulls for N = 0', () => {
    expect(itemContentValidity(0, 0)).toEqual({ n: 0, nRelevant: 0, icvi: null, pc: null, kappa: null, evaluation: null });
    expect(contentValidityOf([null, null], [3, 4])).toEqual(itemContentValidity(0, 0));
  });

  it('reads the Cicchetti–Sparrow bands at the panels nearest each boundary', () => {
    // No panel up to N = 400 has κ* exactly 0.40, 0.60 or 0.74 (checked with Python Fractions), so
    // the bands are pinned on the nearest cases either side.
    const justBelow = itemContentValidity(4, 3); // 2/3
    const justAbove = itemContentValidity(5, 4); // 0.7630
    expect([justBelow.evaluation, justAbove.evaluation]).toEqual(['good', 'excellent']);
    expect(itemContentValidity(9, 6).evaluation).toBe('good'); // 0.6012
    expect(itemContentValidity(3, 2).evaluation).toBe('fair'); // 0.4667
    expect(itemContentValidity(2, 1)).toMatchObject({ icvi: 0.5, pc: 0.5, kappa: 0, evaluation: 'poor' });
  });

  it('leaves "cannot judge" out of N and counts the band inclusively', () => {
    expect(contentValidityOf([1, 2, 3, 4, null, 4], [3, 4])).toMatchObject({ n: 5, nRelevant: 3, icvi: 0.6 });
    expect(contentValidityOf([5, 6, 7], [5, 5])).toMatchObject({ n: 3, nRelevant: 1 });
  });

  it('rejects impossible counts', () => {
    expect(() => itemContentValidity(3, 4)).toThrow(RangeError);
    expect(() => itemContentValidity(3, -1)).toThrow(RangeError);
    expect(() => itemContentValidity(2.5, 1)).toThrow(RangeError);
  });
});

describe('scaleContentValidity', () => {
  it.each(reference.scaleContentValidity.map((s, i) => [i, s] as const))('simulated set %i matches numpy', (_, s) => {
    const got = scaleContentValidity(s.items.map(([n, nRelevant]) => ({ n, nRelevant })));
    expect(got.nItems).toBe(s.nItems);
    close(got.ave, s.ave);
    close(got.ua, s.ua);
  });

  it('leaves out items nobody rated, and gives nulls for an empty set', () => {
    expect(
      scaleContentValidity([
        { n: 0, nRelevant: 0 },
        { n: 4, nRelevant: 4 },
        { n: 4, nRelevant: 2 },
      ]),
    ).toEqual({
      nItems: 2,
      nUniversal: 1,
      ave: 0.75,
      ua: 0.5,
    });
    expect(scaleContentValidity([])).toEqual({ nItems: 0, nUniversal: 0, ave: null, ua: null });
    expect(scaleContentValidity([{ n: 0, nRelevant: 0 }])).toEqual({ nItems: 0, nUniversal: 0, ave: null, ua: null });
  });

  it('does not depend on the order of the items', () => {
    const items = [3, 7, 9, 11, 13].map((n) => ({ n, nRelevant: n - 1 }));
    expect(scaleContentValidity(items).ave).toBe(scaleContentValidity([...items].reverse()).ave);
  });
});
