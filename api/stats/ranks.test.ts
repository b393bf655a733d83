import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasTies, midranks, tieTerm } from './ranks';

describe('midranks', () => {
  it.each([
    [[], []],
    [[7], [1]],
    [
      [10, 20, 20, 30],
      [1, 2.5, 2.5, 4],
    ],
    [
      [3, 1, 2],
      [3, 1, 2],
    ],
    [
      [5, 5, 5],
      [2, 2, 2],
    ],
    // G-1 pooled: 2 → 1.5, 3 → 4.5, 4 → 9, 5 → 12.5
    [
      [5, 4, 4, 5, 3, 4, 3, 2, 4, 3, 3, 2, 4],
      [12.5, 9, 9, 12.5, 4.5, 9, 4.5, 1.5, 9, 4.5, 4.5, 1.5, 9],
    ],
  ])('ranks %j', (values, ranks) => {
    expect(midranks(values)).toEqual(ranks);
  });
});

describe('tieTerm', () => {
  it('G-1: Σ(t³ − t) = 6 + 60 + 120 + 6 = 192', () => {
    expect(tieTerm([5, 4, 4, 5, 3, 4, 3, 2, 4, 3, 3, 2, 4])).toBe(192);
  });

  it('is 0 without ties', () => {
    expect(tieTerm([1, 2, 3])).toBe(0);
    expect(hasTies([1, 2, 3])).toBe(false);
    expect(hasTies([1, 2, 2])).toBe(true);
  });
});

describe('midranks on any numbers', () => {
  it('gives each value the mean of the positions its ties occupy, whatever the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -3000, max: 3000 }), fc.double({ noNaN: true, noDefaultInfinity: true })), {
          maxLength: 60,
        }),
        (values) => {
          const sorted = [...values].sort((a, b) => a - b);
          const expected = values.map((v) => {
            const first = sorted.indexOf(v) + 1;
            const last = sorted.lastIndexOf(v) + 1;
            return (first + last) / 2;
          });
          expect(midranks(values)).toEqual(expected);
        },
      ),
    );
  });
});
