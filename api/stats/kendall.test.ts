import { describe, expect, it } from 'vitest';
import { completePartialRanking, kendallW, ranksFromRatings, schmidtBand } from './kendall';

const W1 = [
  [1, 2, 3, 4, 5],
  [1, 3, 2, 4, 5],
  [2, 1, 3, 5, 4],
  [1, 2.5, 2.5, 4, 5],
];

const W2_RATINGS = [
  [5, 4, 4, 2],
  [5, 5, 3, 2],
  [4, 4, 3, 1],
  [5, 3, 3, 3],
  [4, 5, 2, 1],
];

describe('kendallW', () => {
  it('W-1: 4 panelists, 5 items, one tie', () => {
    const r = kendallW(W1);
    expect(r.rankSums).toEqual([5, 8.5, 10.5, 17, 19]);
    expect(r.wUncorrected).toBeCloseTo(1650 / 1920, 12);
    expect(r.w).toBeCloseTo(1650 / (1920 - 24), 12);
    expect(r.w).toBeCloseTo(0.870253, 6);
    expect(r.chi2).toBeCloseTo(13.924051, 6);
    expect(r.df).toBe(4);
    expect(r.p).toBeCloseTo(0.007541, 6);
    expect(r.rhoBar).toBeCloseTo(0.827, 3);
    expect(r.band).toBe('strong');
    expect(r.permutationP).not.toBeNull();
    expect(r.permutations).toBe(9999);
  });

  it('W-2: W from ratings; the tie correction moves W from moderate to strong', () => {
    const ranks = ranksFromRatings(W2_RATINGS);
    expect(ranks).toEqual([
      [4, 2.5, 2.5, 1],
      [3.5, 3.5, 2, 1],
      [3.5, 3.5, 2, 1],
      [4, 2, 2, 2],
      [3, 4, 2, 1],
    ]);
    const r = kendallW(ranks);
    expect(r.rankSums).toEqual([18, 15.5, 10.5, 6]);
    expect(r.wUncorrected).toBeCloseTo(0.684, 12);
    expect(r.w).toBeCloseTo(1026 / (1500 - 210), 12);
    expect(r.chi2).toBeCloseTo(11.930233, 6);
    expect(r.p).toBeCloseTo(0.007626, 6);
    expect(schmidtBand(r.wUncorrected as number)).toBe('moderate');
    expect(r.band).toBe('strong');
  });

  it('permutation p is reproducible from the seed and reported with it', () => {
    const a = kendallW(W1, { seed: 7, permutations: 999 });
    const b = kendallW(W1, { seed: 7, permutations: 999 });
    const c = kendallW(W1, { seed: 8, permutations: 999 });
    expect(a.permutationP).toBe(b.permutationP);
    expect(a.seed).toBe(7);
    expect(c.seed).toBe(8);
    // p = (#{W* >= W} + 1)/(B + 1): a multiple of 1/1000 in (0, 1]
    expect(Number.isInteger(Math.round((a.permutationP as number) * 1000))).toBe(true);
    expect(a.permutationP).toBeGreaterThan(0);
  });

  it('omits the permutation p above 7 items', () => {
    const ranks = [Array.from({ length: 8 }, (_, i) => i + 1), Array.from({ length: 8 }, (_, i) => 8 - i)];
    const r = kendallW(ranks);
    expect(r.permutationP).toBeNull();
    expect(r.seed).toBeNull();
  });

  it('identical strict rankings give W = 1', () => {
    const r = kendallW([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(r.w).toBeCloseTo(1, 12);
    expect(r.band).toBe('unusually_strong');
    expect(r.rhoBar).toBeCloseTo(1, 12);
  });

  it.each([
    ['m < 2', [[1, 2, 3]], 'too_few'],
    ['n < 2', [[1], [1]], 'too_few'],
    ['no panelists', [], 'too_few'],
    [
      'every panelist ties every item',
      [
        [2, 2, 2],
        [2, 2, 2],
      ],
      'no_variation',
    ],
  ])('%s gives null W and p', (_, ranks, flag) => {
    const r = kendallW(ranks);
    expect([r.w, r.chi2, r.p, r.rhoBar, r.band, r.permutationP]).toEqual([null, null, null, null, null, null]);
    expect(r.flags).toContain(flag);
  });

  it('rejects ragged input', () => {
    expect(() =>
      kendallW([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toThrow(RangeError);
  });

  it('Schmidt bands floor to the anchors', () => {
    expect([0, 0.1, 0.3, 0.5, 0.7, 0.9, 1].map(schmidtBand)).toEqual([
      'none',
      'very_weak',
      'weak',
      'moderate',
      'strong',
      'unusually_strong',
      'unusually_strong',
    ]);
    expect(schmidtBand(0.6999)).toBe('moderate');
  });
});

describe('ranksFromRatings and completePartialRanking', () => {
  it('drops panelists with a missing rating (listwise)', () => {
    expect(
      ranksFromRatings([
        [1, 2, 3],
        [3, null, 1],
      ]),
    ).toEqual([[1, 2, 3]]);
  });

  it('gives unranked items the mean of the unused positions (top-3 of 6 → 5)', () => {
    expect(completePartialRanking([1, null, 2, null, 3, null])).toEqual([1, 5, 2, 5, 3, 5]);
    expect(completePartialRanking([2, 1])).toEqual([2, 1]);
  });
});
