/**
 * Seeded pseudo-random numbers for permutation tests. The engine never uses Math.random: a
 * permutation p-value must be reproducible from the seed printed in the export (§6.2).
 */

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

/** Seed used when a caller gives none; printed with every permutation p. */
export const DEFAULT_SEED = 20250115;

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): small, fast, full 2³² period,
 * adequate for Monte Carlo p-values. The seed is taken modulo 2³².
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates shuffle of `values` in place. */
export function shuffleInPlace<T>(values: T[], rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}
