import { describe, expect, it } from 'vitest';
import { participation, type ParticipationPanelist } from './participation';

function panel(n: number, respondedFrom: number, prefix: string, groups: (i: number) => Record<string, string>): ParticipationPanelist[] {
  return Array.from({ length: n }, (_, i) => ({
    panelist: `${prefix}${i}`,
    invited: true,
    answeredCount: i < respondedFrom ? 10 : 0,
    presentedCount: 10,
    groups: groups(i),
  }));
}

describe('participation', () => {
  it('P-1: 30 invited, 24 respond; 24 invited to round 2, 20 respond', () => {
    const sector = (i: number) => ({ sector: i % 2 === 0 ? 'health' : 'social_care' });
    const r1 = panel(30, 24, 'p', sector);
    const r2 = panel(24, 20, 'p', sector);
    const report = participation({
      rounds: [
        { round: 2, panelists: r2 },
        { round: 1, panelists: r1 },
      ],
      dimensions: ['sector'],
    });
    const [one, two] = report.rounds;
    expect(one).toMatchObject({ round: 1, invited: 30, responded: 24, completed: 24, attrition: null });
    expect(one.responseRate).toBeCloseTo(0.8, 12);
    expect(two).toMatchObject({ round: 2, invited: 24, responded: 20 });
    expect(two.responseRate).toBeCloseTo(20 / 24, 12);
    expect(two.retention).toBeCloseTo(20 / 24, 12);
    expect(two.attrition).toBeCloseTo(4 / 24, 12);
    expect(two.cumulativeResponse).toBeCloseTo(20 / 30, 12);
    // per subgroup, so that differential attrition shows
    expect(two.groups.sector.health.responded + two.groups.sector.social_care.responded).toBe(20);
    expect(two.groups.sector.health.invited).toBe(12);
  });

  it('counts completion as answering every presented item, and ignores the uninvited', () => {
    const report = participation({
      rounds: [
        {
          round: 1,
          panelists: [
            { panelist: 'a', invited: true, answeredCount: 3, presentedCount: 3, groups: {} },
            { panelist: 'b', invited: true, answeredCount: 1, presentedCount: 3, groups: {} },
            { panelist: 'c', invited: false, answeredCount: 3, presentedCount: 3, groups: {} },
          ],
        },
      ],
    });
    expect(report.rounds[0]).toMatchObject({ invited: 2, responded: 2, completed: 1 });
  });

  it('gives null rates for an empty round', () => {
    const report = participation({ rounds: [{ round: 1, panelists: [] }] });
    expect(report.rounds[0]).toMatchObject({ responseRate: null, retention: null, cumulativeResponse: null });
  });
});
