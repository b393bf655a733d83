import { describe, expect, it } from 'vitest';
import { distributionLayout, linearScale, niceMax, type Box } from './distribution-layout';

const box: Box = { width: 100, height: 60, top: 0, right: 0, bottom: 10, left: 0 };

describe('linearScale', () => {
  it.each([
    [0, 10, 0, 100, 5, 50],
    [0, 10, 100, 0, 2, 80],
    [1, 9, 0, 80, 9, 80],
    [3, 3, 0, 100, 3, 50], // degenerate domain: middle of the range
  ])('maps [%d,%d] onto [%d,%d]: %d -> %d', (d0, d1, r0, r1, v, out) => {
    expect(linearScale(d0, d1, r0, r1)(v)).toBeCloseTo(out);
  });
});

describe('niceMax', () => {
  it.each([
    [0, { max: 1, step: 1 }],
    [NaN, { max: 1, step: 1 }],
    [1, { max: 1, step: 1 }],
    [3, { max: 3, step: 1 }],
    [7, { max: 8, step: 2 }],
    [17, { max: 20, step: 5 }],
    [38, { max: 40, step: 10 }],
    [1000, { max: 1000, step: 500 }],
  ])('rounds %d up to whole steps', (max, expected) => {
    expect(niceMax(max)).toEqual(expected);
  });
});

describe('distributionLayout', () => {
  it('gives every scale point a bar, with missing points at zero', () => {
    const l = distributionLayout(1, 5, { '2': 1, '4': 3 }, box);
    expect(l.bars.map((b) => [b.value, b.count])).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 3],
      [5, 0],
    ]);
    expect(l.total).toBe(4);
    expect(l.bars[3].pct).toBe(75);
  });

  it('scales the tallest bar to the top of a nice axis and zero to the baseline', () => {
    const l = distributionLayout(1, 5, { '1': 4, '2': 2 }, box);
    expect(l.yMax).toBe(4);
    expect(l.bars[0].y).toBeCloseTo(0);
    expect(l.bars[0].height).toBeCloseTo(50);
    expect(l.bars[1].height).toBeCloseTo(25);
    expect(l.bars[2].height).toBe(0);
    expect(l.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it('centres bars in equal bands and places fractional values between them', () => {
    const l = distributionLayout(1, 5, {}, box);
    expect(l.bars.map((b) => b.cx)).toEqual([10, 30, 50, 70, 90]);
    expect(l.xOf(3)).toBe(50);
    expect(l.xOf(3.5)).toBe(60); // a median between two points
    expect(l.xOf(0)).toBe(10); // clamped to the scale
    expect(l.xOf(12)).toBe(90);
    for (const b of l.bars) expect(b.x + b.width / 2).toBeCloseTo(b.cx);
  });

  it('draws an empty distribution without dividing by zero', () => {
    const l = distributionLayout(1, 9, {}, box);
    expect(l.total).toBe(0);
    expect(l.yMax).toBe(1);
    expect(l.bars.every((b) => b.pct === 0 && b.height === 0 && Number.isFinite(b.y))).toBe(true);
  });

  it('treats negative, non-numeric and unknown counts as absent', () => {
    const l = distributionLayout(0, 2, { '0': -3, '1': Number.NaN, '2': 2, '7': 50 }, box);
    expect(l.bars.map((b) => b.count)).toEqual([0, 0, 2]);
    expect(l.total).toBe(2);
  });
});
