/**
 * Content validity of a relevance criterion (consensus-methods.md §15.2): I-CVI, the chance
 * agreement Pc, the modified kappa κ* and its evaluation per item; S-CVI/Ave and S-CVI/UA over a
 * set of items (a round × criterion, or a category).
 *
 * Sources: Lynn MR, Nurs Res 1986;35:382–5; Polit DF, Beck CT, Res Nurs Health 2006;29:489–97;
 * Polit DF, Beck CT, Owen SV, Res Nurs Health 2007;30:459–67 (κ* and its Cicchetti–Sparrow bands).
 */
import { Rational } from './rational';
import type { Band } from './scale';

/** Cicchetti & Sparrow (1981) bands for κ*, as Polit et al. 2007 apply them. */
export type KappaEvaluation = 'excellent' | 'good' | 'fair' | 'poor';

export interface ItemContentValidity {
  /** Valid ratings (cannot judge excluded). */
  n: number;
  /** Ratings inside the relevant band. */
  nRelevant: number;
  /** A / N. */
  icvi: number | null;
  /** C(N, A)·0.5^N. */
  pc: number | null;
  /** (I-CVI − Pc)/(1 − Pc). */
  kappa: number | null;
  evaluation: KappaEvaluation | null;
}

export interface ScaleContentValidity {
  /** Items of the set with at least one valid rating (the others have no I-CVI and are left out). */
  nItems: number;
  /** Items with I-CVI = 1. */
  nUniversal: number;
  /** S-CVI/Ave: mean I-CVI. */
  ave: number | null;
  /** S-CVI/UA: share of items with I-CVI = 1. */
  ua: number | null;
}

/**
 * I-CVI, Pc, κ* and its evaluation for one item from counts (§15.2):
 *   I-CVI = A/N,  Pc = C(N, A)·0.5^N,  κ* = (I-CVI − Pc)/(1 − Pc) = (A·2^N − N·C(N, A)) / (N·(2^N − C(N, A))).
 * Computed in exact integer arithmetic (C(N, A) and 2^N as bigints), so nothing overflows for panels
 * of thousands and the band is decided on the exact κ*; the numbers returned are the exact values
 * converted to double precision (within one unit in the last place).
 * Evaluation (Cicchetti & Sparrow 1981 via Polit et al. 2007): excellent κ* > 0.74, good 0.60–0.74,
 * fair 0.40–0.59, poor < 0.40; the gap between 0.59 and 0.60 is read as fair (κ* < 0.60).
 * Edge cases: N = 0 → icvi, pc, kappa and evaluation all null. N ≥ 1 always has Pc ≤ 0.5, so κ* is
 * defined. Throws RangeError unless 0 ≤ A ≤ N are integers.
 */
export function itemContentValidity(n: number, nRelevant: number): ItemContentValidity {
  if (!Number.isInteger(n) || !Number.isInteger(nRelevant) || nRelevant < 0 || nRelevant > n) {
    throw new RangeError(`content validity needs integers 0 <= A <= N, got A = ${nRelevant}, N = ${n}`);
  }
  if (n === 0) return { n, nRelevant, icvi: null, pc: null, kappa: null, evaluation: null };
  const c = binomialCoefficient(n, nRelevant);
  const twoToN = 1n << BigInt(n);
  // κ* as an unreduced fraction: reducing 1,000-bit terms by a gcd would cost more than all the rest.
  const num = BigInt(nRelevant) * twoToN - BigInt(n) * c;
  const den = BigInt(n) * (twoToN - c);
  return { n, nRelevant, icvi: nRelevant / n, pc: ratioToNumber(c, twoToN), kappa: ratioToNumber(num, den), evaluation: kappaEvaluation(num, den) };
}

/**
 * The same from ratings: N counts the non-null values, A those inside the relevant band [lo, hi]
 * (inclusive; typically 3–4 on a 4-point relevance scale). null = "cannot judge", left out of N.
 */
export function contentValidityOf(ratings: readonly (number | null)[], relevant: Band): ItemContentValidity {
  let n = 0;
  let a = 0;
  for (const v of ratings) {
    if (v === null) continue;
    n++;
    if (v >= relevant[0] && v <= relevant[1]) a++;
  }
  return itemContentValidity(n, a);
}

/**
 * Scale-level content validity over a set of items (§15.2; Polit & Beck 2006):
 * S-CVI/Ave = mean of the items' I-CVI, S-CVI/UA = share of items with I-CVI = 1.
 * Items with N = 0 have no I-CVI and are left out of both (and of nItems); an empty set → nulls.
 * The mean is summed exactly (as fractions A/N), so it does not depend on the order of the items.
 */
export function scaleContentValidity(items: readonly Pick<ItemContentValidity, 'n' | 'nRelevant'>[]): ScaleContentValidity {
  const rated = items.filter((i) => i.n > 0);
  if (rated.length === 0) return { nItems: 0, nUniversal: 0, ave: null, ua: null };
  let sum = Rational.of(0);
  for (const i of rated) sum = sum.add(Rational.of(i.nRelevant, i.n));
  const nUniversal = rated.filter((i) => i.nRelevant === i.n).length;
  const ave = Rational.of(sum.num, sum.den * BigInt(rated.length));
  return { nItems: rated.length, nUniversal, ave: ratioToNumber(ave.num, ave.den), ua: nUniversal / rated.length };
}

/** Band of the exact κ* = num/den, den > 0 (boundaries as in itemContentValidity), by cross-multiplication. */
function kappaEvaluation(num: bigint, den: bigint): KappaEvaluation {
  if (100n * num > 74n * den) return 'excellent';
  if (100n * num >= 60n * den) return 'good';
  if (100n * num >= 40n * den) return 'fair';
  return 'poor';
}

/**
 * C(n, k) exactly from its prime factorisation (Legendre: the exponent of p is
 * Σ_i ⌊n/p^i⌋ − ⌊k/p^i⌋ − ⌊(n−k)/p^i⌋), multiplied as a balanced tree. The textbook loop of
 * k bigint multiply-divides is about ten times slower at n = 1,000, which a round close would feel.
 */
function binomialCoefficient(n: number, k: number): bigint {
  const powers: bigint[] = [];
  const composite = new Uint8Array(n + 1);
  for (let p = 2; p <= n; p++) {
    if (composite[p]) continue;
    for (let q = p * p; q <= n; q += p) composite[q] = 1;
    let e = 0;
    for (let pi = p; pi <= n; pi *= p) e += Math.floor(n / pi) - Math.floor(k / pi) - Math.floor((n - k) / pi);
    if (e > 0) powers.push(BigInt(p) ** BigInt(e));
  }
  return product(powers, 0, powers.length);
}

function product(factors: readonly bigint[], from: number, to: number): bigint {
  if (to - from <= 8) {
    let p = 1n;
    for (let i = from; i < to; i++) p *= factors[i];
    return p;
  }
  const mid = (from + to) >> 1;
  return product(factors, from, mid) * product(factors, mid, to);
}

/**
 * num/den for bigints of any size, within one unit in the last place: the integer quotient is taken
 * to 64 significant bits and scaled by a power of two, so neither term has to fit a double (2^N
 * overflows one above N = 1023; Number(num)/Number(den) would give NaN there).
 */
function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const shift = bitLength(a) - bitLength(b) - 64;
  const q = shift >= 0 ? a / (b << BigInt(shift)) : (a << BigInt(-shift)) / b;
  // Halving the exponent keeps each factor a normal double, so scaling adds no rounding.
  const half = Math.trunc(shift / 2);
  const value = Number(q) * 2 ** half * 2 ** (shift - half);
  return negative ? -value : value;
}

/** Bits of a positive bigint (hexadecimal printing is far cheaper than binary for large values). */
function bitLength(x: bigint): number {
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}
