import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ratingExamples } from '../../test/stats/worked-examples';
import { countInRange, describeRatings, sortRatings, type DescribeOptions } from './describe';
import { defaultBands } from './scale';

function options(max: number, extra: Partial<DescribeOptions> = {}): DescribeOptions {
  const scale = { min: 1, max };
  return { scale, bands: defaultBands(scale), quantileMethod: 'hf7', noOpinionPolicy: 'exclude', nNoOpinion: 0, nSkipped: 0, ...extra };
}

const scaleOf = (name: string) => (name.startsWith('C_') ? 7 : 5);

describe('describeRatings', () => {
  it.each(ratingExamples())('reproduces example %s', (name, e) => {
    const d = describeRatings(e.ratings, options(scaleOf(name)));
    expect(d.nValid).toBe(e.n_valid);
    if (e.n_valid === 0) {
      for (const key of ['median', 'q1', 'q3', 'iqr', 'mean', 'sd', 'cv', 'mode', 'modeShare', 'min', 'max'] as const) expect(d[key]).toBeNull();
      expect(d.agree).toEqual({ k: 0, n: 0, pct: null });
      expect(d.freq.every((f) => f.count === 0 && f.pct === null)).toBe(true);
      return;
    }
    expect(d.median).toBe(e.median);
    expect(d.q1).toBe(e.hf7?.q1);
    expect(d.q3).toBe(e.hf7?.q3);
    expect(d.iqr).toBe(e.hf7?.iqr);
    expect(d.mean).toBeCloseTo(e.mean as number, 12);
    if (e.sd === null) expect(d.sd).toBeNull();
    else expect(d.sd).toBeCloseTo(e.sd as number, 12);
    if (e.cv === null) expect(d.cv).toBeNull();
    else expect(d.cv).toBeCloseTo(e.cv as number, 12);
    expect(d.agree.k).toBe(e.k_agree);
    expect(d.agree.pct).toBeCloseTo(e.pct_agree as number, 12);
    expect(d.freq.reduce((s, f) => s + f.count, 0)).toBe(e.n_valid);
  });

  it('uses type 6 when asked (example A: IQR 1.25)', () => {
    const d = describeRatings([4, 5, 4, 4, 3, 5, 4, 2, 4, 5], options(5, { quantileMethod: 'hf6' }));
    expect([d.q1, d.q3, d.iqr]).toEqual([3.75, 5, 1.25]);
  });

  it('example A: mode [4] with share 0.5 and the full distribution', () => {
    const d = describeRatings([4, 5, 4, 4, 3, 5, 4, 2, 4, 5], options(5));
    expect(d.mode).toEqual([4]);
    expect(d.modeShare).toBe(0.5);
    expect(d.freq.map((f) => f.count)).toEqual([0, 1, 1, 5, 3]);
    expect(d.freq.map((f) => f.value)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lists every mode, ascending', () => {
    expect(describeRatings([5, 1, 5, 1, 3], options(5)).mode).toEqual([1, 5]);
  });

  it('example C: pct_range(6,7) is 7/9 when excluding and 7/11 when counting "cannot judge"', () => {
    const valid = [6, 7, 5, 6, 7, 6, 4, 6, 7];
    const excluded = describeRatings(valid, options(7, { nNoOpinion: 2, nSkipped: 1 }));
    expect(excluded.agree).toEqual({ k: 7, n: 9, pct: (100 * 7) / 9 });
    expect(excluded.noOpinionShare).toBeCloseTo(2 / 11, 12);
    expect(excluded.nSkipped).toBe(1);
    const counted = describeRatings(valid, options(7, { nNoOpinion: 2, noOpinionPolicy: 'count_in_denominator' }));
    expect(counted.agree.n).toBe(11);
    expect(counted.agree.pct).toBeCloseTo(63.636363636, 8);
    // dispersion is never computed on non-ratings
    expect(counted.iqr).toBe(excluded.iqr);
  });

  it('example C under type 6: Q1 5.5, IQR 1.5', () => {
    const d = describeRatings([6, 7, 5, 6, 7, 6, 4, 6, 7], options(7, { quantileMethod: 'hf6' }));
    expect([d.q1, d.q3, d.iqr]).toEqual([5.5, 7, 1.5]);
  });

  it('splits ratings into agree, disagree and neutral bands', () => {
    const d = describeRatings([1, 2, 3, 4, 5, 6, 7, 8, 9], options(9));
    expect([d.disagree.k, d.neutral.k, d.agree.k]).toEqual([3, 3, 3]);
  });

  it('gives a null CV for a non-positive mean (scales coded from 0)', () => {
    const scale = { min: 0, max: 4 };
    const d = describeRatings([0, 0, 0], { ...options(4), scale, bands: defaultBands(scale) });
    expect(d.sd).toBe(0);
    expect(d.cv).toBeNull();
  });
});

describe('sortRatings', () => {
  it('orders like a comparison sort, for scale ratings, negatives, wide ranges and fractions', () => {
    fc.assert(
      fc.property(
        // Ratings are never −0, which the counting sort returns as 0 (x + 0 turns −0 into 0).
        fc.array(
          fc.oneof(
            fc.integer({ min: 1, max: 9 }),
            fc.integer({ min: -5000, max: 5000 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
          ),
        ),
        (values) => {
          expect(sortRatings(values)).toEqual([...values].sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe('the counts and moments of describeSorted', () => {
  it('equal a scan of every rating, also with ratings off the scale’s points (read one by one then)', () => {
    const rating = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 9 }) }, fc.constantFrom(0, 10, 4.5));
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 60 }), (values) => {
        const d = describeRatings(values, options(9));
        const counts = Array.from({ length: 9 }, (_, i) => values.filter((x) => x === i + 1).length);
        // The scale's points; what a rating off them adds to freq is no statistic and not pinned here.
        expect(d.freq.slice(0, 9).map((f) => f.count)).toEqual(counts);
        const sum = values.reduce((s, x) => s + x, 0);
        const sumSq = values.reduce((s, x) => s + x * x, 0);
        const n = values.length;
        expect(d.mean).toBe(n === 0 ? null : sum / n);
        expect(d.sd).toBe(n < 2 ? null : Math.sqrt(Math.max(0, n * sumSq - sum * sum) / (n * (n - 1))));
      }),
      { numRuns: 300 },
    );
  });
});

describe('countInRange', () => {
  it('counts like a scan of every rating, for any bounds: fractional, reversed, outside the data, infinite or NaN', () => {
    const bound = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double({ min: -2, max: 12, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 }), bound, bound, (values, lo, hi) => {
        const sorted = sortRatings(values);
        expect(countInRange(sorted, lo, hi)).toBe(sorted.filter((x) => x >= lo && x <= hi).length);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the neutral band what lies in neither band, also when the bands overlap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (values, a, b) => {
          const bands = { agree: [Math.max(a, b), 9] as [number, number], disagree: [1, Math.max(a, b)] as [number, number] };
          const d = describeRatings(values, { ...options(9), bands });
          const outside = values.filter((x) => !(x >= bands.agree[0] && x <= bands.agree[1]) && !(x >= bands.disagree[0] && x <= bands.disagree[1]));
          expect(d.neutral.k).toBe(outside.length);
        },
      ),
    );
  });
});
