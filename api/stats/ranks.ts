/** Midranks and tie terms shared by the rank-based statistics (§6–§8). */

/**
 * Average ranks (1-based) with ties sharing the mean of their positions,
 * e.g. [10, 20, 20, 30] → [1, 2.5, 2.5, 4]. Empty input → [].
 */
export function midranks(values: readonly number[]): number[] {
  const byCount = midranksOfSmallIntegers(values);
  if (byCount) return byCount;
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Ratings are small integers: count each value once and give every occurrence the midrank of its
 * block (below + (t + 1)/2), in linear time. Null when the values are not such integers.
 */
function midranksOfSmallIntegers(values: readonly number[]): number[] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0 || max - min > 1000) return null;
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const v of values) counts[v - min]++;
  const rankOf = new Array<number>(counts.length);
  let below = 0;
  for (let k = 0; k < counts.length; k++) {
    rankOf[k] = below + (counts[k] + 1) / 2;
    below += counts[k];
  }
  return values.map((v) => rankOf[v - min]);
}

/** Σ(t³ − t) over groups of t equal values: the tie term of every tie correction in §6–§8. */
export function tieTerm(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t * t * t - t;
  return sum;
}

/** True when some value occurs more than once. */
export function hasTies(values: readonly number[]): boolean {
  return new Set(values).size !== values.length;
}
