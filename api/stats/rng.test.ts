import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt, shuffleInPlace } from './rng';

describe('mulberry32', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = mulberry32(1);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = rng();
      expect(x >= 0 && x < 1).toBe(true);
      bins[Math.floor(x * 10)]++;
    }
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('shuffles into a permutation with every position reachable', () => {
    const rng = mulberry32(7);
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const xs = [0, 1, 2, 3, 4];
      shuffleInPlace(xs, rng);
      expect([...xs].sort()).toEqual([0, 1, 2, 3, 4]);
      firsts.add(xs[0]);
    }
    expect(firsts.size).toBe(5);
    expect(randomInt(() => 0.999999, 3)).toBe(2);
  });
});
