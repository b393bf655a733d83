import { describe, expect, it } from 'vitest';
import { exactTwoSidedP, mannWhitney, uDistribution } from './mann-whitney';

const HEALTH = [5, 4, 4, 5, 3, 4];
const SOCIAL = [3, 2, 4, 3, 3, 2, 4];

/** P(U = u) by brute force over every split of 1..N: an independent check of the recursion. */
function bruteForcePmf(n1: number, n2: number): number[] {
  const n = n1 + n2;
  const counts = new Array<number>(n1 * n2 + 1).fill(0);
  let total = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) bits++;
    if (bits !== n1) continue;
    let u = 0;
    for (let i = 0; i < n; i++) {
      if (!(mask & (1 << i))) continue;
      for (let j = 0; j < i; j++) if (!(mask & (1 << j))) u++;
    }
    counts[u]++;
    total++;
  }
  return counts.map((c) => c / total);
}

describe('mannWhitney', () => {
  it('G-1: health vs social care, tie-corrected normal approximation', () => {
    const r = mannWhitney(HEALTH, SOCIAL);
    expect(r.r1).toBe(56.5);
    expect([r.u1, r.u2]).toEqual([35.5, 6.5]);
    expect(r.z).toBeCloseTo(2.16896, 5);
    expect(r.zCorrected).toBeCloseTo(2.094169, 6);
    expect(r.p).toBeCloseTo(0.036245, 6);
    expect(r.method).toBe('normal');
    expect(r.rankBiserial).toBeCloseTo(0.69, 3);
  });

  it('is symmetric in the groups: U swaps, p stays, rank-biserial flips sign', () => {
    const a = mannWhitney(HEALTH, SOCIAL);
    const b = mannWhitney(SOCIAL, HEALTH);
    expect(b.u1).toBe(a.u2);
    expect(b.p).toBeCloseTo(a.p as number, 14);
    expect(b.rankBiserial).toBeCloseTo(-(a.rankBiserial as number), 14);
  });

  it('uses the exact distribution without ties and with both n < 50 (R: 4 vs 4 separated, p = 2/70)', () => {
    const r = mannWhitney([5, 6, 7, 8], [1, 2, 3, 4]);
    expect(r.method).toBe('exact');
    expect(r.u1).toBe(16);
    expect(r.p).toBeCloseTo(2 / 70, 14);
  });

  it('falls back to the normal approximation at n = 50', () => {
    const x = Array.from({ length: 50 }, (_, i) => 2 * i);
    const y = Array.from({ length: 3 }, (_, i) => 2 * i + 1);
    expect(mannWhitney(x, y).method).toBe('normal');
    expect(mannWhitney(x.slice(0, 49), y).method).toBe('exact');
  });

  it('gives p = 1 when all ratings are equal (no variation), null with an empty group', () => {
    const flat = mannWhitney([3, 3, 3], [3, 3]);
    expect(flat.p).toBe(1);
    expect(flat.flags).toEqual(['no_variation']);
    const empty = mannWhitney([], [1, 2]);
    expect(empty.p).toBeNull();
    expect(empty.flags).toEqual(['empty_group']);
  });
});

describe('uDistribution', () => {
  it.each([
    [1, 1],
    [2, 3],
    [3, 3],
    [4, 5],
    [6, 4],
  ])('matches brute-force enumeration for n1 = %i, n2 = %i', (n1, n2) => {
    const exact = Array.from(uDistribution(n1, n2));
    const brute = bruteForcePmf(n1, n2);
    expect(exact.length).toBe(brute.length);
    exact.forEach((p, u) => expect(p).toBeCloseTo(brute[u], 14));
  });

  it('two-sided exact p never exceeds 1', () => {
    expect(exactTwoSidedP(6, 3, 4)).toBe(1);
  });
});
