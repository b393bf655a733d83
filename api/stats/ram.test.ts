import { describe, expect, it } from 'vitest';
import { ramExamples } from '../../test/stats/worked-examples';
import { classicMethod, iprasExact, medianTertile, randUcla } from './ram';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('randUcla', () => {
  it.each(ramExamples())('reproduces example %s under hf7 and hf6', (_, e) => {
    for (const method of ['hf7', 'hf6'] as const) {
      const r = randUcla(sorted(e.ratings), method);
      const x = e[method];
      expect(r.median).toBe(e.median);
      expect(r.nLow).toBe(e.n_1_3);
      expect(r.nHigh).toBe(e.n_7_9);
      expect(r.p30).toBe(x.p30);
      expect(r.p70).toBe(x.p70);
      expect(r.ipr).toBeCloseTo(x.ipr, 12);
      expect(r.iprcp).toBeCloseTo(x.iprcp, 12);
      expect(r.ai).toBeCloseTo(x.ai, 12);
      expect(r.ipras).toBeCloseTo(x.ipras, 12);
      expect(r.di).toBeCloseTo(x.di, 12);
      expect(r.disagreementIpras).toBe(x.disagreement);
    }
  });

  it.each([
    [
      'RAM-1 (BMJ Open 2012, n = 15)',
      [4, 5, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9],
      'appropriate',
      { agreement: true, disagreement: false, outside: 3, extrapolated: false },
    ],
    ['RAM-2 polarised', [1, 2, 2, 3, 5, 7, 8, 8, 9], 'uncertain', { agreement: false, disagreement: true, outside: 8, extrapolated: false }],
    ['RAM-3', [5, 6, 7, 7, 7, 8, 8, 9, 9], 'appropriate', { agreement: true, disagreement: false, outside: 2, extrapolated: false }],
    ['RAM-4 even n, median 6.5', [6, 6, 7, 7], 'uncertain', { agreement: true, disagreement: false, outside: 2, extrapolated: true }],
  ] as const)('%s: class and classic method', (_, ratings, ramClass, classic) => {
    const r = randUcla(sorted([...ratings]), 'hf7');
    expect(r.ramClass).toBe(ramClass);
    expect(r.classic.disagreement).toBe(classic.disagreement);
    expect(r.classic.outsideMedianRegion).toBe(classic.outside);
    expect(r.classic.extrapolated).toBe(classic.extrapolated);
    if (!classic.extrapolated) expect(r.classic.agreement).toBe(classic.agreement);
  });

  it('RAM-1 integer check: 4·(800 − 700) = 400 is not > 940 + 3·|1000 − 1500| = 2440', () => {
    expect(iprasExact(700, 800)).toEqual({ ipr400: 400, ipras400: 2440, disagreement: false });
  });

  it('treats IPR equal to IPRAS as no disagreement (strict >)', () => {
    // P30 3.85, P70 6.35: IPR 2.5, IPRCP 5.1, AI 0.1, IPRAS 2.35 + 0.15 = 2.5 exactly
    expect(iprasExact(385, 635)).toEqual({ ipr400: 1000, ipras400: 1000, disagreement: false });
    expect(iprasExact(385, 636).disagreement).toBe(true);
  });

  it('n = 0 gives nulls, n < 3 is flagged unstable, all equal has no disagreement', () => {
    const empty = randUcla([], 'hf7');
    expect([empty.median, empty.p30, empty.ipras, empty.ramClass, empty.disagreementIpras]).toEqual([null, null, null, null, null]);
    expect(randUcla([8, 9], 'hf7').unstable).toBe(true);
    const flat = randUcla([5, 5, 5, 5, 5], 'hf7');
    expect(flat.ipr).toBe(0);
    expect(flat.disagreementIpras).toBe(false);
    expect(flat.ramClass).toBe('uncertain');
  });

  it('classic thresholds equal the published table for panels of 8 to 16', () => {
    const table: Record<number, [number, number]> = {
      8: [2, 3],
      9: [2, 3],
      10: [2, 3],
      11: [3, 4],
      12: [3, 4],
      13: [3, 4],
      14: [4, 5],
      15: [4, 5],
      16: [4, 5],
    };
    for (const [n, [agree, disagree]] of Object.entries(table)) {
      const c = classicMethod(new Array<number>(Number(n)).fill(8), 8);
      expect([c.agreementMax, c.disagreementMin, c.extrapolated]).toEqual([agree, disagree, false]);
    }
    expect(classicMethod(new Array<number>(20).fill(8), 8).extrapolated).toBe(true);
    expect(classicMethod([8, 8], 8).disagreement).toBeNull();
  });

  it('places between-tertile medians conservatively', () => {
    expect(medianTertile(6.5)).toBe('uncertain');
    expect(medianTertile(3.5)).toBe('uncertain');
    expect(medianTertile(7)).toBe('appropriate');
    expect(medianTertile(3)).toBe('inappropriate');
  });
});
