import { describe, expect, it } from 'vitest';
import { Rational } from './rational';

describe('Rational', () => {
  it('reduces and keeps the sign on the numerator', () => {
    expect(Rational.of(6, -4).toString()).toBe('-3/2');
    expect(Rational.of(0, 5).toString()).toBe('0');
  });

  it('parses decimals exactly', () => {
    expect(Rational.parseDecimal('66.67')?.toString()).toBe('6667/100');
    expect(Rational.parseDecimal('.5')?.toString()).toBe('1/2');
    expect(Rational.parseDecimal('1e3')).toBeNull();
    expect(Rational.parseDecimal('.')).toBeNull();
  });

  it('reads JS numbers through their decimal form', () => {
    expect(Rational.fromNumber(0.1)?.toString()).toBe('1/10');
    expect(Rational.fromNumber(1e-7)?.toString()).toBe('1/10000000');
    expect(Rational.fromNumber(-2.5)?.toString()).toBe('-5/2');
    expect(Rational.fromNumber(NaN)).toBeNull();
  });

  it('does exact arithmetic and comparison: 7.6 − 2.4 = 5.2', () => {
    const d = Rational.of(76, 10).sub(Rational.of(24, 10));
    expect(d.cmp(Rational.of(52, 10))).toBe(0);
    expect(Rational.of(1, 3).add(Rational.of(1, 6)).toString()).toBe('1/2');
    expect(Rational.of(2, 3).mul(Rational.of(3, 4)).toString()).toBe('1/2');
    expect(Rational.of(1).div(Rational.of(0))).toBeNull();
    expect(Rational.of(200, 3).cmp(Rational.of(6667, 100))).toBe(-1);
  });

  it('converts to a number', () => {
    expect(Rational.of(1, 3).toNumber()).toBeCloseTo(1 / 3, 15);
    expect(Rational.of(10n ** 30n + 1n, 10n ** 30n).toNumber()).toBeCloseTo(1, 15);
  });

  it('rejects non-integers and zero denominators', () => {
    expect(() => Rational.of(0.5)).toThrow(RangeError);
    expect(() => Rational.of(1, 0)).toThrow(RangeError);
  });
});
