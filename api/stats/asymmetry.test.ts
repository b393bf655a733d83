import { describe, expect, it } from 'vitest';
import { asymmetryOf } from './asymmetry';
import type { GroupComparison, GroupResult } from './round-result';

function group(name: string, decidedBy: GroupResult['decidedBy'], outcome: string | null): GroupResult {
  return { group: name, nValid: 10, nNoOpinion: 0, stats: null, rand: null, outcome, decidedBy, ruleIndex: null, guard: null, suppressed: false };
}

function comparison(perGroup: GroupResult[], pAdjusted: number | null): GroupComparison {
  return {
    dimension: 'sector',
    test: 'kruskal-wallis',
    compared: perGroup.map((g) => g.group),
    statistic: null,
    df: null,
    p: pAdjusted,
    pAdjusted,
    pMethod: null,
    effectSizes: { rankBiserial: null, r: null, epsilonSquared: null },
    flags: [],
    mannWhitney: null,
    kruskalWallis: null,
    nUnassigned: 0,
    perGroup,
    suppressed: false,
  };
}

describe('asymmetryOf', () => {
  it('sorts groups by verdict and calls a split when outcomes differ', () => {
    const view = asymmetryOf(
      comparison(
        [group('health', 'rule', 'consensus_in'), group('social_care', 'default', 'no_consensus'), group('voluntary', 'guard', 'insufficient_data')],
        0.2,
      ),
      0.05,
    );
    expect(view).toMatchObject({ holdsIn: ['health'], failsIn: ['social_care'], insufficientIn: ['voluntary'], split: true, differs: false });
    expect(view.headline).toBe('sector: consensus_in in health; no_consensus in social_care.');
  });

  it('counts consensus in and consensus out as a split although a rule fired in both', () => {
    const view = asymmetryOf(comparison([group('a', 'rule', 'consensus_in'), group('b', 'rule', 'consensus_out')], null), 0.05);
    expect(view.holdsIn).toEqual(['a', 'b']);
    expect(view.split).toBe(true);
    expect(view.differs).toBeNull();
  });

  it('reports groups that differ in their ratings although the verdict agrees', () => {
    const view = asymmetryOf(comparison([group('a', 'rule', 'consensus_in'), group('b', 'rule', 'consensus_in')], 0.001), 0.05);
    expect(view.split).toBe(false);
    expect(view.differs).toBe(true);
    expect(view.headline).toBe(
      'sector: Groups differ (Kruskal-Wallis, adjusted p = 0.001). Same verdict in every group with enough data (consensus_in in a, b).',
    );
  });

  it('has no headline when nothing differs', () => {
    expect(asymmetryOf(comparison([group('a', 'default', 'no_consensus'), group('b', 'default', 'no_consensus')], 0.5), 0.05).headline).toBeNull();
  });
});
