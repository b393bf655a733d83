import { describe, expect, it } from 'vitest';
import { analyseRound } from './analyse-round';
import { defaultProtocol, type Protocol } from './protocol';
import type { Answer } from './round-input';
import { shownHeadlines, suppressSmallGroups } from './suppression';

const FIVE = { min: 1, max: 5 };

/** One item rated by groups of the given sizes (health 8, social_care 6, voluntary 2, …). */
function analyse(sizes: Record<string, number>, protocol: Protocol = defaultProtocol(FIVE)) {
  const answers: Answer[] = [];
  for (const [group, n] of Object.entries(sizes)) {
    for (let i = 0; i < n; i++) answers.push({ panelist: `${group}-${i}`, value: 1 + ((i * 3 + group.length) % 5), groups: { sector: group } });
  }
  return analyseRound({
    round: 1,
    scale: FIVE,
    protocol,
    dimensions: ['sector'],
    items: [{ itemId: 'i', versionId: 'v', nPresented: answers.length, answers }],
  }).items[0];
}

/** The groups of each answer analyse() counted, as the services pass them. */
function membersOf(sizes: Record<string, number>) {
  return Object.entries(sizes).flatMap(([sector, n]) => Array.from({ length: n }, () => ({ sector })));
}

describe('suppressSmallGroups', () => {
  it('nulls the groups below k and, when only one is, the next-smallest too', () => {
    const result = suppressSmallGroups(analyse({ health: 8, social_care: 6, voluntary: 2 }), 5, membersOf({ health: 8, social_care: 6, voluntary: 2 }));
    const byName = Object.fromEntries(result.groups.sector.perGroup.map((g) => [g.group, g]));
    expect(byName.voluntary).toMatchObject({ suppressed: true, nValid: null, nNoOpinion: null, stats: null, outcome: null });
    // the complement: otherwise overall − health − social_care = voluntary
    expect(byName.social_care).toMatchObject({ suppressed: true, stats: null });
    expect(byName.health.suppressed).toBe(false);
    expect(byName.health.stats?.nValid).toBe(8);
  });

  it('needs no complement when the small groups hold k answers together', () => {
    const sizes = { health: 8, social_care: 6, voluntary: 3, local: 2 };
    const result = suppressSmallGroups(analyse(sizes), 5, membersOf(sizes));
    expect(
      result.groups.sector.perGroup
        .filter((g) => g.suppressed)
        .map((g) => g.group)
        .sort(),
    ).toEqual(['local', 'voluntary']);
  });

  it('hides every group when the membership does not match the counts (an erased answer in a frozen result)', () => {
    const sizes = { health: 8, social_care: 6 };
    const result = suppressSmallGroups(analyse(sizes), 5, membersOf({ health: 8, social_care: 5 }));
    expect(result.groups.sector.perGroup.every((g) => g.suppressed && g.stats === null)).toBe(true);
    expect(result.stats.nValid).toBe(14);
  });

  it('removes the test of a dimension with a suppressed group, and moves the group out of the asymmetry lists', () => {
    const result = suppressSmallGroups(analyse({ health: 8, social_care: 6, voluntary: 2 }), 5, membersOf({ health: 8, social_care: 6, voluntary: 2 }));
    expect(result.groups.sector).toMatchObject({ suppressed: true, statistic: null, p: null, pAdjusted: null, kruskalWallis: null });
    expect(result.groups.sector.effectSizes).toEqual({ rankBiserial: null, r: null, epsilonSquared: null });
    expect(result.asymmetry.sector.suppressedIn.sort()).toEqual(['social_care', 'voluntary']);
    expect([...result.asymmetry.sector.holdsIn, ...result.asymmetry.sector.failsIn, ...result.asymmetry.sector.insufficientIn]).toEqual(['health']);
    expect(result.asymmetry.sector.differs).toBeNull();
  });

  it('hides recorded rule metrics that read a suppressed group', () => {
    const protocol: Protocol = {
      ...defaultProtocol(FIVE),
      minValidN: 1,
      rules: [{ outcome: 'x', when: 'group("voluntary").pct_agree >= 0 AND group("sector=health").iqr >= 0 AND min_over_groups(mean) > 0' }],
    };
    const before = analyse({ health: 8, social_care: 6, voluntary: 2 }, protocol);
    expect(before.metricsUsed['group("voluntary").pct_agree']).not.toBeNull();
    const after = suppressSmallGroups(before, 5, membersOf({ health: 8, social_care: 6, voluntary: 2 }));
    expect(after.metricsUsed['group("voluntary").pct_agree']).toBeNull();
    expect(after.metricsUsed['min_over_groups(mean)']).toBeNull();
    expect(after.metricsUsed['group("sector=health").iqr']).toBe(before.metricsUsed['group("sector=health").iqr']);
  });

  it('leaves the input untouched and everything visible when all groups reach k', () => {
    const original = analyse({ health: 8, social_care: 6 });
    const copy = structuredClone(original);
    const result = suppressSmallGroups(original, 5, membersOf({ health: 8, social_care: 6 }));
    expect(result).toEqual(original);
    expect(original).toEqual(copy);
    expect(suppressSmallGroups(analyse({ health: 8, social_care: 2 }), 5, membersOf({ health: 8, social_care: 2 }))).not.toEqual(original);
  });

  it('keeps the overall statistics', () => {
    const result = suppressSmallGroups(analyse({ health: 8, voluntary: 2 }), 5, membersOf({ health: 8, voluntary: 2 }));
    expect(result.stats.nValid).toBe(10);
    expect(result.groups.sector.perGroup.every((g) => g.suppressed)).toBe(true);
  });

  it('refuses k below 3', () => {
    expect(() => suppressSmallGroups(analyse({ health: 8 }), 2, membersOf({ health: 8 }))).toThrow(RangeError);
  });

  it('rebuilds the round headlines so none names a group hidden by secondary suppression', () => {
    const sizes = { health: 8, social_care: 6, voluntary: 2 };
    const answers: Answer[] = Object.entries(sizes).flatMap(([sector, n]) =>
      Array.from({ length: n }, (_, i) => ({ panelist: `${sector}-${i}`, value: sector === 'health' ? 5 : 1, groups: { sector } })),
    );
    const protocol: Protocol = { ...defaultProtocol(FIVE), minValidN: 1 };
    const analysis = analyseRound({
      round: 1,
      scale: FIVE,
      protocol,
      dimensions: ['sector'],
      items: [{ itemId: 'i', versionId: 'v', nPresented: 16, answers }],
    });
    // The engine's headline names social_care's verdict; social_care is hidden as voluntary's complement.
    expect(analysis.headlines.map((h) => h.headline).join(' ')).toContain('social_care');
    const shown = suppressSmallGroups(analysis.items[0], 5, membersOf(sizes));
    expect(shown.groups.sector.perGroup.find((g) => g.group === 'social_care')?.suppressed).toBe(true);
    expect(
      shownHeadlines([shown])
        .map((h) => h.headline)
        .join(' '),
    ).not.toContain('social_care');
  });
});
