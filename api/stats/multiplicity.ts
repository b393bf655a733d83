/** Multiplicity adjustment across the items of one (round × comparison) family (§8.3). */
import type { MultiplicityMethod } from '../contract/protocol';
export type { MultiplicityMethod };

/**
 * Holm step-down: with the m non-null p sorted ascending, p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)).
 * Nulls stay null and do not count in m. Same values as R's p.adjust(method = "holm").
 */
export function holm(p: readonly (number | null)[]): (number | null)[] {
  const idx = nonNullOrder(p);
  const m = idx.length;
  const out: (number | null)[] = p.map(() => null);
  let running = 0;
  idx.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * (p[i] as number)));
    out[i] = running;
  });
  return out;
}

/**
 * Benjamini–Hochberg step-up: p̃_(i) = min_{j ≥ i} min(1, m·p_(j)/j). Nulls stay null.
 * Same values as R's p.adjust(method = "BH").
 */
export function benjaminiHochberg(p: readonly (number | null)[]): (number | null)[] {
  const idx = nonNullOrder(p);
  const m = idx.length;
  const out: (number | null)[] = p.map(() => null);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const i = idx[rank];
    running = Math.min(running, (m * (p[i] as number)) / (rank + 1));
    // m·p/m can round one ulp below p; the adjusted value is never below the raw one.
    out[i] = Math.min(1, Math.max(p[i] as number, running));
  }
  return out;
}

/** Holm or BH by name. */
export function adjustP(p: readonly (number | null)[], method: MultiplicityMethod): (number | null)[] {
  return method === 'bh' ? benjaminiHochberg(p) : holm(p);
}

function nonNullOrder(p: readonly (number | null)[]): number[] {
  return p
    .map((v, i) => [v, i] as const)
    .filter((e): e is readonly [number, number] => e[0] !== null)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map((e) => e[1]);
}
