import { describe, expect, it } from 'vitest';
import { ramExamples, ratingExamples } from '../../test/stats/worked-examples';
import { otherQuantileMethod, quantile, quantileCenti, quartilesCenti, type QuantileMethod } from './quantiles';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('quantileCenti', () => {
  it.each(ratingExamples().filter(([, e]) => e.n_valid > 0))('reproduces the quartiles of example %s under hf7 and hf6', (_, e) => {
    for (const method of ['hf7', 'hf6'] as const) {
      const q = quartilesCenti(sorted(e.ratings), method);
      const expected = e[method];
      expect(expected).toBeDefined();
      expect(q.q1).toBe(Math.round((expected?.q1 ?? NaN) * 100));
      expect(q.q3).toBe(Math.round((expected?.q3 ?? NaN) * 100));
      expect(q.iqr).toBe(Math.round((expected?.iqr ?? NaN) * 100));
      expect(q.median).toBe(Math.round((e.median ?? NaN) * 100));
    }
  });

  it.each(ramExamples())('reproduces P30 and P70 of example %s', (_, e) => {
    for (const method of ['hf7', 'hf6'] as const) {
      expect(quantile(sorted(e.ratings), 30, method)).toBe(e[method].p30);
      expect(quantile(sorted(e.ratings), 70, method)).toBe(e[method].p70);
    }
  });

  it('keeps RAM-2 exact where floating point does not (7.6 - 2.4)', () => {
    const xs = [1, 2, 2, 3, 5, 7, 8, 8, 9];
    const c70 = quantileCenti(xs, 70, 'hf7') as number;
    const c30 = quantileCenti(xs, 30, 'hf7') as number;
    expect(c70 - c30).toBe(520);
    expect(7.6 - 2.4).not.toBe(5.2);
  });

  it.each<[string, number[], number, QuantileMethod, number | null]>([
    ['n = 0 gives null', [], 50, 'hf7', null],
    ['n = 1 gives the value (hf7)', [4], 25, 'hf7', 400],
    ['n = 1 clamps to the value (hf6)', [4], 75, 'hf6', 400],
    ['hf6 clamps below the first order statistic', [1, 2, 3, 4, 5], 10, 'hf6', 100],
    ['hf6 clamps above the last order statistic', [1, 2, 3, 4, 5], 90, 'hf6', 500],
    ['hf7 P0 is the minimum', [3, 5, 9], 0, 'hf7', 300],
    ['hf7 P100 is the maximum', [3, 5, 9], 100, 'hf7', 900],
    ['all equal', [3, 3, 3, 3], 75, 'hf6', 300],
    // Excel QUARTILE.EXC({6,7,15,36,39,40,41,42,43,47,49},1) = 15 (spec §2.2)
    ['type 6 matches Excel QUARTILE.EXC', [6, 7, 15, 36, 39, 40, 41, 42, 43, 47, 49], 25, 'hf6', 1500],
    // Excel PERCENTILE.EXC({15,20,35,40,50},0.4) = 26 (spec §2.2)
    ['type 6 matches Excel PERCENTILE.EXC', [15, 20, 35, 40, 50], 40, 'hf6', 2600],
  ])('%s', (_, xs, p, method, expected) => {
    expect(quantileCenti(xs, p, method)).toBe(expected);
  });

  it('rejects a non-integer or out-of-range percent', () => {
    expect(() => quantileCenti([1, 2], 12.5, 'hf7')).toThrow(RangeError);
    expect(() => quantileCenti([1, 2], 101, 'hf7')).toThrow(RangeError);
  });

  it('gives the same median under both methods (spec §2.2)', () => {
    for (let n = 1; n <= 12; n++) {
      const xs = Array.from({ length: n }, (_, i) => ((i * 7) % 9) + 1).sort((a, b) => a - b);
      expect(quantileCenti(xs, 50, 'hf6')).toBe(quantileCenti(xs, 50, 'hf7'));
    }
  });

  it('names the other method for the sensitivity check', () => {
    expect(otherQuantileMethod('hf7')).toBe('hf6');
    expect(otherQuantileMethod('hf6')).toBe('hf7');
  });
});
