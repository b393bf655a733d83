import { describe, expect, it } from 'vitest';
import { adjustP, benjaminiHochberg, holm } from './multiplicity';

describe('holm', () => {
  it.each([
    // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")
    [
      [0.01, 0.02, 0.03, 0.04, 0.05],
      [0.05, 0.08, 0.09, 0.09, 0.09],
    ],
    // R: p.adjust(c(0.04, 0.001, 0.5), "holm") = 0.08 0.003 0.5
    [
      [0.04, 0.001, 0.5],
      [0.08, 0.003, 0.5],
    ],
    [
      [0.3, 0.6],
      [0.6, 0.6],
    ],
    [[], []],
  ])('adjusts %j', (p, expected) => {
    holm(p).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('keeps nulls out of the family', () => {
    const out = holm([0.01, null, 0.04]);
    expect(out[1]).toBeNull();
    expect(out[0]).toBeCloseTo(0.02, 12);
    expect(out[2]).toBeCloseTo(0.04, 12);
  });

  it('caps at 1', () => {
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
  });
});

describe('benjaminiHochberg', () => {
  it.each([
    // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") = all 0.05
    [
      [0.01, 0.02, 0.03, 0.04, 0.05],
      [0.05, 0.05, 0.05, 0.05, 0.05],
    ],
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH") = 0.04 0.0533 0.0533 0.2
    [
      [0.01, 0.04, 0.03, 0.2],
      [0.04, 0.16 / 3, 0.16 / 3, 0.2],
    ],
  ])('adjusts %j', (p, expected) => {
    benjaminiHochberg(p).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('is selected by name', () => {
    expect(adjustP([0.01, 0.04], 'bh')).toEqual(benjaminiHochberg([0.01, 0.04]));
    expect(adjustP([0.01, 0.04], 'holm')).toEqual(holm([0.01, 0.04]));
  });
});
