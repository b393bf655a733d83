import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attritionBias, roundAttrition, type AttritionAnswer } from './attrition';

interface Expected {
  nStayed: number;
  nLeft: number;
  u: number;
  p: number;
  pHolm: number;
  rankBiserial: number;
  medianStayed: number;
  medianLeft: number;
  noVariation: boolean;
}

interface Reference {
  attrition: { answeredNext: string[]; items: [string, number | null][][]; expected: (Expected | null)[]; m: number; nDiffering: number }[];
}

/** scipy mannwhitneyu(stayed, left, use_continuity=True, method='asymptotic') and NumPy Holm (generate-criteria.py). */
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/stats-reference/criteria-reference.json', import.meta.url), 'utf8')) as Reference;

const answers = (pairs: [string, number | null][]): AttritionAnswer[] => pairs.map(([panelist, value]) => ({ panelist, value }));

describe('roundAttrition against scipy', () => {
  it.each(reference.attrition.map((r, i) => [i, r.items.length, r] as const))('round %i (%i items)', (_, __, round) => {
    const got = roundAttrition(round.items.map(answers), new Set(round.answeredNext));
    expect(got.m).toBe(round.m);
    expect(got.nDiffering).toBe(round.nDiffering);
    got.items.forEach((item, i) => {
      const e = round.expected[i];
      if (e === null) return expect(item).toBeNull();
      expect(item).not.toBeNull();
      const r = item as NonNullable<typeof item>;
      expect([r.nStayed, r.nLeft, r.u, r.medianStayed, r.medianLeft]).toEqual([e.nStayed, e.nLeft, e.u, e.medianStayed, e.medianLeft]);
      expect(r.p).toBeCloseTo(e.p, 12);
      expect(r.pHolm).toBeCloseTo(e.pHolm, 12);
      expect(r.rankBiserial).toBeCloseTo(e.rankBiserial, 12);
      expect(r.flags).toEqual(e.noVariation ? ['no_variation'] : []);
    });
  });
});

describe('attritionBias', () => {
  const stayedOnly = new Set(['a', 'b', 'c']);

  it('uses the normal approximation even without ties, where §8.1 would take the exact p', () => {
    // stayers 5, 7, 9 vs leavers 1, 2: U = 6; exact p = 0.2, asymptotic with continuity 0.148915.
    const r = attritionBias(
      answers([
        ['a', 5],
        ['b', 7],
        ['c', 9],
        ['d', 1],
        ['e', 2],
      ]),
      stayedOnly,
    );
    expect(r).toMatchObject({ nStayed: 3, nLeft: 2, u: 6, rankBiserial: 1, medianStayed: 7, medianLeft: 1.5, flags: [] });
    expect(r?.p).toBeCloseTo(0.148914673, 9);
  });

  it('gives p = 1 and flags no variation when every rating is equal', () => {
    const r = attritionBias(
      answers([
        ['a', 3],
        ['b', 3],
        ['d', 3],
      ]),
      stayedOnly,
    );
    expect(r).toMatchObject({ nStayed: 2, nLeft: 1, u: 1, z: null, p: 1, rankBiserial: 0, flags: ['no_variation'] });
  });

  it('is null when either group is empty, counting only valid ratings', () => {
    expect(
      attritionBias(
        answers([
          ['a', 2],
          ['b', 4],
        ]),
        stayedOnly,
      ),
    ).toBeNull();
    expect(
      attritionBias(
        answers([
          ['d', 2],
          ['e', 4],
        ]),
        stayedOnly,
      ),
    ).toBeNull();
    expect(
      attritionBias(
        answers([
          ['a', 2],
          ['b', 4],
          ['d', null],
        ]),
        stayedOnly,
      ),
    ).toBeNull();
    expect(attritionBias([], stayedOnly)).toBeNull();
  });

  it('rejects a panelist answering the item twice', () => {
    expect(() =>
      attritionBias(
        answers([
          ['a', 2],
          ['a', 4],
          ['d', 1],
        ]),
        stayedOnly,
      ),
    ).toThrow(RangeError);
  });
});

describe('roundAttrition', () => {
  it('adjusts only the tested items and counts those below alpha', () => {
    const next = new Set(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
    const far = answers([...[4, 4, 4, 3, 4, 4, 3, 4].map((v, i): [string, number] => [`s${i}`, v]), ['l0', 1], ['l1', 1], ['l2', 2], ['l3', 1]]);
    const near = answers([...[4, 3, 2, 3, 4, 1, 3, 2].map((v, i): [string, number] => [`s${i}`, v]), ['l0', 3], ['l1', 2], ['l2', 3], ['l3', 2]]);
    const empty = answers([['s0', 4]]);
    const r = roundAttrition([far, empty, near], next);
    expect(r.items[1]).toBeNull();
    expect(r.m).toBe(2);
    const [a, , b] = r.items as NonNullable<(typeof r.items)[number]>[];
    expect(a.p).toBeLessThan(b.p);
    expect(a.pHolm).toBe(Math.min(1, 2 * a.p));
    expect(b.pHolm).toBe(Math.max(a.pHolm, b.p));
    expect(r.nDiffering).toBe(1);
    expect(roundAttrition([far, near], next, 1e-9).nDiffering).toBe(0);
  });
});
