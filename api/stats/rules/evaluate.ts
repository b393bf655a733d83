/** Three-valued evaluation of a parsed rule (consensus-methods.md §5.4). */
import { Rational } from '../rational';
import type { CompareOp, Node } from './parser';

/** A runtime value: exact Rational, float number, true/false, string, or null (undefined metric). */
export type Value = null | boolean | string | number | Rational;

/** One subgroup as seen from the item: its scope and whether it has n_valid ≥ min_valid_n. */
export interface GroupEntry {
  dimension: string;
  value: string;
  eligible: boolean;
  scope: EvalScope;
}

/** What a rule can see: the metrics of one item × round × (sub)group, and the item's subgroups. */
export interface EvalScope {
  identifier(name: string): Value;
  call(name: 'pct_range' | 'count_range' | 'quantile', args: readonly Value[]): Value;
  /** The subgroup named by a group("…") selector; null when unknown or ambiguous. */
  group(selector: string): EvalScope | null;
  /** Every subgroup of one dimension, or of all dimensions when null. */
  groups(dimension: string | null): readonly GroupEntry[];
  /** The scope of one criterion (§15.1); absent or null when the scope has no such criterion. */
  criterion?(code: string): EvalScope | null;
  /** Every criterion's scope, for all_criteria; absent on a scope of one criterion's ratings. */
  criteria?(): readonly EvalScope[];
}

/** Tolerance of comparisons that involve a float (§5.4); Rational-only comparisons are exact. */
export const EPSILON = 1e-9;

/** Called for each metric read (identifier, function call, group access) with its value. */
export type MetricObserver = (node: Node, value: Value) => void;

/**
 * Evaluates with Kleene logic: a comparison or arithmetic involving null is null;
 * false AND null = false, true OR null = true, NOT null = null.
 * Numbers: Rational op Rational stays exact; anything involving a float is a float, compared with
 * ε = 1e-9 (a >= b ⇔ a ≥ b − ε); division by zero gives null.
 * Group functions: all_groups / any_groups fold Kleene AND / OR over the groups, where a group with
 * n_valid < min_valid_n contributes null (so it can never make all_groups true); min_over_groups
 * is null when any group is too small or lacks the metric; no groups at all → null.
 * all_criteria folds Kleene AND over the criteria (§15.1); `code.metric` reads one criterion.
 */
export function evaluate(node: Node, scope: EvalScope, observe?: MetricObserver): Value {
  const ev = (n: Node, s: EvalScope = scope, o: MetricObserver | undefined = observe) => evaluate(n, s, o);
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'string':
      return node.value;
    case 'ident': {
      const value = scope.identifier(node.name);
      observe?.(node, value);
      return value;
    }
    case 'not': {
      const v = ev(node.operand);
      return typeof v === 'boolean' ? !v : null;
    }
    case 'neg': {
      const v = ev(node.operand);
      return v instanceof Rational ? v.neg() : typeof v === 'number' ? -v : null;
    }
    case 'and': {
      const l = asBool(ev(node.left));
      const r = asBool(ev(node.right));
      if (l === false || r === false) return false;
      return l === null || r === null ? null : true;
    }
    case 'or': {
      const l = asBool(ev(node.left));
      const r = asBool(ev(node.right));
      if (l === true || r === true) return true;
      return l === null || r === null ? null : false;
    }
    case 'arith':
      return arithmetic(node.op, ev(node.left), ev(node.right));
    case 'compare':
      return compare(node.op, ev(node.left), ev(node.right));
    case 'call': {
      const value = callFunction(node.name, node.args, scope, observe);
      observe?.(node, value);
      return value;
    }
    case 'qualified': {
      const target = scope.criterion?.(node.criterion) ?? null;
      const value = target === null ? null : evaluate(node.metric, target);
      observe?.(node, value);
      return value;
    }
    case 'member': {
      const selector = ev(node.object.args[0]);
      const target = typeof selector === 'string' ? scope.group(selector) : null;
      let value: Value = null;
      if (target !== null) {
        value =
          node.args === null
            ? target.identifier(node.name)
            : target.call(
                node.name as 'pct_range',
                node.args.map((a) => ev(a, target, undefined)),
              );
      }
      observe?.(node, value);
      return value;
    }
  }
}

function callFunction(name: string, args: readonly Node[], scope: EvalScope, observe?: MetricObserver): Value {
  switch (name) {
    case 'all_groups':
    case 'any_groups':
    case 'min_over_groups': {
      const dimension = args.length > 1 ? evaluate(args[1], scope) : null;
      const entries = scope.groups(typeof dimension === 'string' ? dimension : null);
      if (entries.length === 0) return null;
      const values = entries.map((e) => (e.eligible ? evaluate(args[0], e.scope) : null));
      if (name === 'min_over_groups') return minimum(values);
      const bools = values.map(asBool);
      if (name === 'all_groups') return bools.includes(false) ? false : bools.includes(null) ? null : true;
      return bools.includes(true) ? true : bools.includes(null) ? null : false;
    }
    case 'all_criteria': {
      // On a one-criterion scope (no criteria()) the condition is read on that criterion alone.
      const scopes = scope.criteria?.() ?? [scope];
      const bools = scopes.map((s) => asBool(evaluate(args[0], s)));
      return bools.includes(false) ? false : bools.includes(null) ? null : true;
    }
    case 'pct_range':
    case 'count_range':
    case 'quantile':
      return scope.call(
        name,
        args.map((a) => evaluate(a, scope, observe)),
      );
    default:
      return null;
  }
}

function asBool(v: Value): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function isNumeric(v: Value): v is number | Rational {
  return typeof v === 'number' || v instanceof Rational;
}

/** A float view of a numeric value. */
export function toNumber(v: number | Rational): number {
  return v instanceof Rational ? v.toNumber() : v;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (!isNumeric(a) || !isNumeric(b)) return null;
  if (a instanceof Rational && b instanceof Rational) {
    if (op === '+') return a.add(b);
    if (op === '-') return a.sub(b);
    if (op === '*') return a.mul(b);
    return a.div(b);
  }
  const x = toNumber(a);
  const y = toNumber(b);
  const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : y === 0 ? NaN : x / y;
  return Number.isFinite(r) ? r : null;
}

/** −1/0/1 comparison: exact for two Rationals, else with tolerance EPSILON. */
export function compareNumbers(a: number | Rational, b: number | Rational): -1 | 0 | 1 {
  if (a instanceof Rational && b instanceof Rational) return a.cmp(b);
  const d = toNumber(a) - toNumber(b);
  return Math.abs(d) <= EPSILON ? 0 : d < 0 ? -1 : 1;
}

function compare(op: CompareOp, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  let sign: -1 | 0 | 1;
  if (isNumeric(a) && isNumeric(b)) sign = compareNumbers(a, b);
  else if (typeof a === typeof b && (op === '==' || op === '!=')) sign = a === b ? 0 : 1;
  else return null;
  switch (op) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
    case '==':
      return sign === 0;
    case '!=':
      return sign !== 0;
  }
}

function minimum(values: readonly Value[]): Value {
  let best: number | Rational | null = null;
  for (const v of values) {
    if (!isNumeric(v)) return null;
    if (best === null || compareNumbers(v, best) < 0) best = v;
  }
  return best;
}

/** JSON form of a value for the audit trail: Rationals become numbers. */
export function toJsonValue(v: Value): number | boolean | string | null {
  return v instanceof Rational ? v.toNumber() : v;
}
