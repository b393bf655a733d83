import { describe, expect, it } from 'vitest';
import { cohensKappa } from './kappa';
import { mcnemar } from './mcnemar';
import type { Answer } from './round-input';
import { distributionChange, itemStability } from './stability';
import { wilcoxonSignedRank } from './wilcoxon';

const R1 = [5, 6, 7, 4, 8, 6, 3, 7];
const R2 = [7, 7, 7, 6, 8, 5, 5, 8];
const inAgree = (v: number) => v >= 7 && v <= 9;
const category = (v: number) => (v <= 3 ? 0 : v <= 6 ? 1 : 2);
const answers = (values: (number | null)[], prefix = 'p'): Answer[] => values.map((value, i) => ({ panelist: `${prefix}${i}`, value, groups: {} }));

describe('S-1 Wilcoxon signed-rank', () => {
  it('drops zeros, ranks |d| with midranks, T+ 19, T- 2, normal p with continuity correction', () => {
    const w = wilcoxonSignedRank(R1, R2);
    expect([w.nPairs, w.nZero, w.nNonZero, w.tPlus, w.tMinus]).toEqual([8, 2, 6, 19, 2]);
    expect(w.method).toBe('normal');
    expect(w.z).toBeCloseTo(1.822591, 6);
    expect(w.zCorrected).toBeCloseTo(1.71538, 6);
    expect(w.p).toBeCloseTo(0.086276, 6);
    expect(w.effectR).toBeCloseTo(0.744, 3);
  });

  it('uses the exact distribution without ties or zeros (n = 4, all positive: p = 2/16)', () => {
    const w = wilcoxonSignedRank([0, 0, 0, 0], [1, 2, 3, 4]);
    expect(w.method).toBe('exact');
    expect(w.tPlus).toBe(10);
    expect(w.p).toBeCloseTo(0.125, 12);
  });

  it('caps the exact p at 1 when T+ sits at the centre', () => {
    const w = wilcoxonSignedRank([0, 0, 0], [1, 2, -3]);
    expect(w.method).toBe('exact');
    expect(w.p).toBe(1);
  });

  it('returns no test when every difference is zero', () => {
    const w = wilcoxonSignedRank([3, 4], [3, 4]);
    expect(w.p).toBeNull();
    expect(w.flags).toEqual(['no_change']);
  });
});

describe('S-2 McNemar on the agreement band', () => {
  it('b = 2, c = 0: exact p 0.5, chi2 2.0 (p 0.1573), corrected 0.5 (p 0.4795)', () => {
    const m = mcnemar(R1.map(inAgree), R2.map(inAgree));
    expect([m.b, m.c]).toEqual([2, 0]);
    expect(m.pExact).toBeCloseTo(0.5, 12);
    expect(m.chi2).toBe(2);
    expect(m.pChi2).toBeCloseTo(0.1573, 4);
    expect(m.chi2Corrected).toBe(0.5);
    expect(m.pChi2Corrected).toBeCloseTo(0.4795, 4);
  });

  it('no discordant pairs: p = 1, flag no_change', () => {
    const m = mcnemar([true, false], [true, false]);
    expect(m.pExact).toBe(1);
    expect(m.chi2).toBeNull();
    expect(m.flags).toEqual(['no_change']);
  });
});

describe("S-3 Cohen's kappa on 1-3 / 4-6 / 7-9", () => {
  it('kappa 0.351351, linear weighted 0.428571', () => {
    const k = cohensKappa(R1.map(category), R2.map(category), 3);
    expect(k.po).toBeCloseTo(0.625, 12);
    expect(k.pe).toBeCloseTo(27 / 64, 12);
    expect(k.kappa).toBeCloseTo(0.351351, 6);
    expect(k.weightedKappa).toBeCloseTo(0.428571, 6);
  });

  it('p_e = 1 gives a null kappa; no pairs gives nulls', () => {
    expect(cohensKappa([1, 1], [1, 1], 3).kappa).toBeNull();
    expect(cohensKappa([], [], 3)).toMatchObject({ kappa: null, weightedKappa: null, n: 0 });
  });
});

describe('S-4 Scheibe distribution change', () => {
  it.each([
    ['stable: 4 units of change over 20', [1, 3, 6, 7, 3], [0, 2, 6, 9, 3], 10],
    ['boundary: exactly 15 %', [1, 3, 6, 7, 3], [0, 2, 5, 10, 3], 15],
    ['attrition: proportions with n = 18', [1, 3, 6, 7, 3], [0, 2, 5, 8, 3], 11.11111111111111],
  ])('%s', (_, f1, f2, pct) => {
    expect((distributionChange(f1, f2) as { toNumber(): number }).toNumber()).toBeCloseTo(pct, 10);
  });

  it('is exact: the 15 % boundary is not below 15', () => {
    const change = distributionChange([1, 3, 6, 7, 3], [0, 2, 5, 10, 3]);
    expect(change?.toString()).toBe('15');
  });

  it('is null when a round has no valid rating', () => {
    expect(distributionChange([0, 0], [1, 1])).toBeNull();
  });
});

describe('itemStability', () => {
  it('combines S-1 to S-3 on panelists valid in both rounds', () => {
    const s = itemStability({ round: 1, answers: answers(R1) }, answers(R2), { min: 1, max: 9 }, { agree: [7, 9], disagree: [1, 3] });
    expect(s.nPairs).toBe(8);
    expect(s.nChanged).toBe(6);
    expect(s.wilcoxon.p).toBeCloseTo(0.086276, 6);
    expect(s.mcnemar.pExact).toBeCloseTo(0.5, 12);
    expect(s.kappa.kappa).toBeCloseTo(0.351351, 6);
    // f1 over 3..8 = 1,1,1,2,2,1; f2 = 0,0,2,1,3,2: 6 units of change, 3 net changes of 8 people
    expect(s.changePct).toBe(37.5);
  });

  it('pairs only panelists valid in both rounds: no carrying forward', () => {
    const before = answers([5, 6, null, 7]);
    const after = [...answers([6, null, 8]), { panelist: 'new', value: 9, groups: {} }];
    const s = itemStability({ round: 1, answers: before }, after, { min: 1, max: 9 }, { agree: [7, 9], disagree: [1, 3] });
    expect(s.nPairs).toBe(1);
    expect(s.nPrevious).toBe(3);
    expect(s.nCurrent).toBe(3);
  });

  it('reports the change in CV', () => {
    const s = itemStability({ round: 1, answers: answers([2, 4, 6]) }, answers([4, 4, 4]), { min: 1, max: 9 }, { agree: [7, 9], disagree: [1, 3] });
    expect(s.cvPrevious).toBeCloseTo(0.5, 12);
    expect(s.cvCurrent).toBe(0);
    expect(s.deltaCv).toBeCloseTo(-0.5, 12);
  });
});
