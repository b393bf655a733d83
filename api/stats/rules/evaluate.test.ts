import { describe, expect, it } from 'vitest';
import { Rational } from '../rational';
import { evaluate, type EvalScope, type GroupEntry, type Value } from './evaluate';
import { parseRule } from './parser';

/** A scope with fixed identifier values; pct_range answers from a fixed list of ratings. */
function scope(values: Record<string, Value>, ratings: number[] = [], groups: GroupEntry[] = []): EvalScope {
  return {
    identifier: (name) => (name in values ? values[name] : null),
    call: (name, args) => {
      const [lo, hi] = args.map((a) => (a instanceof Rational ? a.toNumber() : (a as number)));
      const k = ratings.filter((x) => x >= lo && x <= hi).length;
      return name === 'count_range' ? Rational.of(k) : ratings.length === 0 ? null : Rational.of(100 * k, ratings.length);
    },
    group: (selector) => groups.find((g) => g.value === selector)?.scope ?? null,
    groups: (dimension) => groups.filter((g) => dimension === null || g.dimension === dimension),
  };
}

const run = (source: string, s: EvalScope) => evaluate(parseRule(source), s);

describe('evaluate: Kleene three-valued logic', () => {
  const T = true;
  const F = false;
  const N = null;
  const truth = scope({ t: T, f: F, n: N });
  const name = (v: boolean | null) => (v === true ? 't' : v === false ? 'f' : 'n');

  it.each([
    [T, T, T, T],
    [T, F, F, T],
    [T, N, N, T],
    [F, T, F, T],
    [F, F, F, F],
    [F, N, F, N],
    [N, T, N, T],
    [N, F, F, N],
    [N, N, N, N],
  ])('%s AND/OR %s = %s / %s', (a, b, and, or) => {
    expect(run(`${name(a)} AND ${name(b)}`, truth)).toBe(and);
    expect(run(`${name(a)} OR ${name(b)}`, truth)).toBe(or);
  });

  it('NOT null is null; NOT true is false', () => {
    expect(run('NOT n', truth)).toBeNull();
    expect(run('NOT t', truth)).toBe(false);
  });

  it('a comparison or arithmetic with null is null', () => {
    const s = scope({ sd: null, iqr: Rational.of(1) });
    expect(run('sd <= 1', s)).toBeNull();
    expect(run('sd + iqr >= 0', s)).toBeNull();
    expect(run('sd <= 1 AND iqr > 5', s)).toBe(false);
    expect(run('sd <= 1 OR iqr <= 5', s)).toBe(true);
  });
});

describe('evaluate: exact and tolerant comparisons', () => {
  it('compares percentages exactly: 2/3 = 66.666… is below 66.67', () => {
    const s = scope({}, [1, 1, 2]);
    expect(run('pct_range(1, 1) >= 66.67', s)).toBe(false);
    expect(run('pct_range(1, 1) >= 66.66', s)).toBe(true);
    expect(run('pct_range(1, 1) * 3 == 200', s)).toBe(true);
  });

  it('compares centi-point quantiles exactly: 7.6 − 2.4 <= 5.2', () => {
    const s = scope({ p70: Rational.of(760, 100), p30: Rational.of(240, 100) });
    expect(run('p70 - p30 <= 5.2', s)).toBe(true);
    expect(run('p70 - p30 >= 5.2', s)).toBe(true);
    expect(run('p70 - p30 == 5.2', s)).toBe(true);
  });

  it('compares floats with a tolerance of 1e-9', () => {
    const s = scope({ sd: 0.1 + 0.2 });
    expect(run('sd <= 0.3', s)).toBe(true);
    expect(run('sd == 0.3', s)).toBe(true);
    expect(run('sd > 0.3', s)).toBe(false);
    expect(run('sd > 0.2999999', s)).toBe(true);
  });

  it('division by zero gives null', () => {
    expect(run('iqr / 0 > 1', scope({ iqr: Rational.of(1) }))).toBeNull();
    expect(run('sd / 0 > 1', scope({ sd: 0.5 }))).toBeNull();
  });

  it('compares strings with == and !=', () => {
    const s = scope({ ram_class: 'appropriate' });
    expect(run("ram_class == 'appropriate'", s)).toBe(true);
    expect(run('ram_class != "appropriate"', s)).toBe(false);
  });

  it('reports every metric it reads to the observer', () => {
    const seen: string[] = [];
    const source = 'pct_range(7,9) >= 70 AND iqr <= 2';
    evaluate(parseRule(source), scope({ iqr: Rational.of(1) }, [7, 8]), (node, v) => seen.push(`${source.slice(node.start, node.end)}=${String(v)}`));
    expect(seen).toEqual(['pct_range(7,9)=100', 'iqr=1']);
  });
});

describe('evaluate: group functions', () => {
  const group = (value: string, pct: number, eligible = true, dimension = 'sector'): GroupEntry => ({
    dimension,
    value,
    eligible,
    scope: scope({ pct_agree: Rational.of(pct), iqr: Rational.of(1) }),
  });

  it('all_groups is true only when every group qualifies', () => {
    expect(run('all_groups(pct_agree >= 70)', scope({}, [], [group('health', 80), group('social', 75)]))).toBe(true);
    expect(run('all_groups(pct_agree >= 70)', scope({}, [], [group('health', 80), group('social', 60)]))).toBe(false);
  });

  it('a group below min_valid_n makes all_groups null rather than true, but false still wins', () => {
    expect(run('all_groups(pct_agree >= 70)', scope({}, [], [group('health', 80), group('tiny', 90, false)]))).toBeNull();
    expect(run('all_groups(pct_agree >= 70)', scope({}, [], [group('health', 50), group('tiny', 90, false)]))).toBe(false);
  });

  it('any_groups is true when one group qualifies, null when only a small group might', () => {
    expect(run('any_groups(pct_agree >= 70)', scope({}, [], [group('health', 50), group('social', 75)]))).toBe(true);
    expect(run('any_groups(pct_agree >= 70)', scope({}, [], [group('health', 50), group('tiny', 90, false)]))).toBeNull();
  });

  it('min_over_groups takes the minimum, null when a group is too small', () => {
    expect(run('min_over_groups(pct_agree) == 60', scope({}, [], [group('a', 80), group('b', 60)]))).toBe(true);
    expect(run('min_over_groups(pct_agree) >= 0', scope({}, [], [group('a', 80), group('b', 60, false)]))).toBeNull();
  });

  it('restricts to one dimension when named', () => {
    const groups = [group('health', 80), group('FR', 10, true, 'country')];
    expect(run('all_groups(pct_agree >= 70, "sector")', scope({}, [], groups))).toBe(true);
    expect(run('all_groups(pct_agree >= 70)', scope({}, [], groups))).toBe(false);
  });

  it('no groups at all gives null', () => {
    expect(run('all_groups(pct_agree >= 70)', scope({}))).toBeNull();
  });

  it('group("x").metric reads one group; an unknown group gives null', () => {
    const s = scope({}, [], [group('health', 80)]);
    expect(run('group("health").pct_agree >= 70', s)).toBe(true);
    expect(run('group("nowhere").pct_agree >= 70', s)).toBeNull();
  });
});
