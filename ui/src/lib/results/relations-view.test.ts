import { describe, expect, it } from 'vitest';
import { meanOfT, parseThreshold, withThreshold, type ShownMap } from './relations-view';

const total = [
  [0, 0.4, 0.1],
  [0.2, 0, 0.3],
  [0.05, 0.25, 0],
];
const map: ShownMap = {
  ok: true,
  direct: total,
  unrated: [],
  s: 1,
  total,
  d: [0.5, 0.5, 0.3],
  r: [0.25, 0.65, 0.4],
  prominence: [0.75, 1.15, 0.7],
  relation: [0.25, -0.15, -0.1],
  threshold: 0.1444,
  thresholdSource: 'mean',
  edges: [{ from: 'A', to: 'B', t: 0.4 }],
};

describe('the console’s influence map for a threshold set after the close', () => {
  it('keeps the frozen edges without a threshold and redraws them from T with one, never on the diagonal', () => {
    expect(withThreshold(map, ['A', 'B', 'C'], null)).toBe(map);
    const redrawn = withThreshold(map, ['A', 'B', 'C'], 0.2);
    expect(redrawn).toMatchObject({ threshold: 0.2, thresholdSource: 'set' });
    expect(redrawn.ok && redrawn.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['A>B', 'B>C', 'C>B']);
    const all = withThreshold(map, ['A', 'B', 'C'], 0);
    expect(all.ok && all.edges).toHaveLength(6);
  });

  it('gives α as the mean of every entry of T', () => {
    expect(meanOfT(map)).toBeCloseTo(1.3 / 9, 12);
  });

  it.each([
    ['', null],
    ['  ', null],
    ['0', 0],
    ['0,25', 0.25],
    ['1e-3', 0.001],
    ['-0.1', undefined],
    ['abc', undefined],
    ['Infinity', undefined],
  ])('reads %j as %s', (typed, expected) => {
    expect(parseThreshold(typed)).toBe(expected);
  });
});
