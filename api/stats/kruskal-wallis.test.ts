import kruskalTest from '@stdlib/stats-kruskal-test';
import { describe, expect, it } from 'vitest';
import { kruskalWallis } from './kruskal-wallis';

const HEALTH = [5, 4, 4, 5, 3, 4];
const SOCIAL = [3, 2, 4, 3, 3, 2, 4];
const THIRD = [4, 3, 5, 4, 3];

describe('kruskalWallis', () => {
  it('G-2: three sectors', () => {
    const r = kruskalWallis([HEALTH, SOCIAL, THIRD]);
    expect(r.rankSums).toEqual([75.5, 43.5, 52]);
    expect(r.hUncorrected).toBeCloseTo(4.795196, 6);
    expect(r.tieFactor).toBeCloseTo(0.900929, 6);
    expect(r.h).toBeCloseTo(5.322503, 6);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(0.069861, 6);
    expect(r.epsilonSquared).toBeCloseTo(0.3131, 4);
  });

  it('agrees with @stdlib/stats-kruskal-test (cross-check)', () => {
    const groups = [
      [1, 2, 2, 3, 5],
      [4, 4, 5, 6],
      [7, 7, 2, 9, 9, 1],
      [3, 3, 3],
    ];
    const ours = kruskalWallis(groups);
    const theirs = kruskalTest(groups[0], groups[1], groups[2], groups[3]);
    expect(ours.h).toBeCloseTo(theirs.statistic, 12);
    expect(ours.p).toBeCloseTo(theirs.pValue, 12);
  });

  it('all ratings equal: H and p null, flag no_variation (scipy and @stdlib give NaN)', () => {
    const r = kruskalWallis([[4, 4], [4], [4, 4, 4]]);
    expect([r.h, r.p, r.epsilonSquared]).toEqual([null, null, null]);
    expect(r.flags).toContain('no_variation');
  });

  it('ignores empty groups and needs two non-empty ones', () => {
    expect(kruskalWallis([[1, 2], [], [3]]).k).toBe(2);
    expect(kruskalWallis([[1, 2], []]).flags).toContain('too_few_groups');
  });

  it('warns about groups below 5', () => {
    expect(
      kruskalWallis([
        [1, 2],
        [3, 4, 5, 6, 7],
        [1, 2, 3, 4, 5],
      ]).flags,
    ).toContain('small_group');
  });
});
