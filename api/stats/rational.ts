/**
 * Exact rational numbers (bigint numerator / positive bigint denominator, always reduced).
 *
 * Why: consensus-methods.md §2.3 and §3 require percentages and quantiles to be compared with
 * thresholds exactly (e.g. 7.6 − 2.4 is 5.1999… in floating point, and 66.67 % must mean
 * 10000·k ≥ 6667·n). The rule evaluator carries such metrics as Rationals.
 */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /** num/den reduced; throws RangeError on a zero denominator or non-integer input. */
  static of(num: number | bigint, den: number | bigint = 1n): Rational {
    const n = toBigInt(num);
    let d = toBigInt(den);
    if (d === 0n) throw new RangeError('Rational with zero denominator');
    let m = n;
    if (d < 0n) {
      d = -d;
      m = -m;
    }
    const g = gcd(m < 0n ? -m : m, d);
    return g > 1n ? new Rational(m / g, d / g) : new Rational(m, d);
  }

  /**
   * Parses a plain decimal literal ("75", "66.67", "0.5", ".5") exactly.
   * Returns null for anything else (exponents, signs, spaces).
   */
  static parseDecimal(text: string): Rational | null {
    const match = /^(\d*)(?:\.(\d+))?$/.exec(text);
    if (!match || (match[1] === '' && match[2] === undefined)) return null;
    const whole = match[1] === '' ? '0' : match[1];
    const frac = match[2] ?? '';
    return Rational.of(BigInt(whole + frac), 10n ** BigInt(frac.length));
  }

  /**
   * The decimal a finite JS number prints as (String(x)), read exactly: 0.1 → 1/10.
   * Null for NaN or ±Infinity. Used to read configured thresholds such as max_no_opinion_share.
   */
  static fromNumber(x: number): Rational | null {
    if (!Number.isFinite(x)) return null;
    if (Number.isInteger(x) && Number.isSafeInteger(x)) return Rational.of(BigInt(x));
    const negative = x < 0;
    const [mantissa, expPart] = Math.abs(x).toString().split('e');
    const base = Rational.parseDecimal(mantissa);
    if (base === null) return null;
    const exp = expPart === undefined ? 0 : Number(expPart);
    const scaled = exp >= 0 ? base.mul(Rational.of(10n ** BigInt(exp))) : base.div(Rational.of(10n ** BigInt(-exp)));
    if (scaled === null) return null;
    return negative ? scaled.neg() : scaled;
  }

  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }

  /** Null when dividing by zero. */
  div(o: Rational): Rational | null {
    if (o.num === 0n) return null;
    return Rational.of(this.num * o.den, this.den * o.num);
  }

  neg(): Rational {
    return new Rational(-this.num, this.den);
  }

  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }

  /** −1, 0 or 1 as this is below, equal to or above o (exact cross-multiplication). */
  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  isInteger(): boolean {
    return this.den === 1n;
  }

  toNumber(): number {
    if (this.den === 1n) return Number(this.num);
    const n = Number(this.num);
    const d = Number(this.den);
    if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return n / d;
    // Keep precision for very large terms: integer part plus the remainder's fraction.
    const whole = this.num / this.den;
    const rest = this.num - whole * this.den;
    return Number(whole) + Number((rest * 10n ** 17n) / this.den) / 1e17;
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

function toBigInt(x: number | bigint): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isInteger(x)) throw new RangeError(`Rational needs integers, got ${x}`);
  return BigInt(x);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a === 0n ? 1n : a;
}
