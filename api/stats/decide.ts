/** Applying a protocol to one scope: the §1.1 guard, then ordered rules (consensus-methods.md §5.1, §5.4). */
import { CriteriaScope } from './criteria-scope';
import type { MetricScope } from './metric-scope';
import { INSUFFICIENT_DATA, type CompiledProtocol } from './protocol';
import type { QuantileMethod } from './quantiles';
import { Rational } from './rational';
import { evaluate, toJsonValue, type EvalScope, type Value } from './rules/evaluate';
import type { Node } from './rules/parser';
import type { DecidedBy, GuardResult, RuleEvaluation } from '../contract/result';
export type { DecidedBy, GuardResult, RuleEvaluation };

/** The audit record of one verdict (§5.4): rules evaluated, the metric values read, the method. */
export interface Decision {
  outcome: string;
  decidedBy: DecidedBy;
  /** The rule that decided (true → its outcome; null → insufficient_data); null for guard/default. */
  ruleIndex: number | null;
  ruleText: string | null;
  guard: GuardResult | null;
  evaluations: RuleEvaluation[];
  /** Metric text as written in the rules (e.g. "pct_range(7,9)") → value; numbers at full precision. */
  metricsUsed: Record<string, number | boolean | string | null>;
  quantileMethod: QuantileMethod;
}

/**
 * Guard first: n_valid < min_valid_n, or n_no_opinion/(n_valid + n_no_opinion) > max share
 * (exact) → insufficient_data. Then rules in order: the first rule that is not false decides;
 * true gives its outcome, null (a needed metric undefined) gives insufficient_data, because a
 * later rule cannot be trusted when an earlier one might have been true (§5.4). No rule → default.
 */
export function decide(compiled: CompiledProtocol, scope: MetricScope | CriteriaScope): Decision {
  const { protocol } = compiled;
  const metricsUsed: Decision['metricsUsed'] = {};
  let guard: GuardResult | null = null;
  // Several criteria (§15.1): the guard holds on each, since a rule may read any of them.
  const counts = scope instanceof CriteriaScope ? scope.counts() : [{ criterion: '', nValid: scope.nValid, nNoOpinion: scope.nNoOpinion }];
  for (const c of counts) {
    const prefix = c.criterion === '' ? '' : `${c.criterion}.`;
    metricsUsed[`${prefix}n_valid`] = c.nValid;
    metricsUsed[`${prefix}n_no_opinion`] = c.nNoOpinion;
    const failed = guardFor(c.nValid, c.nNoOpinion, protocol.minValidN, compiled.maxNoOpinionShare);
    if (guard === null && failed !== null) guard = prefix === '' ? failed : { ...failed, detail: `${c.criterion}: ${failed.detail}` };
  }
  const quantileMethod = scope instanceof CriteriaScope ? scope.quantileMethod : scope.settings.quantileMethod;
  const base = { metricsUsed, quantileMethod, evaluations: [] as RuleEvaluation[] };
  if (guard !== null) {
    return { ...base, outcome: INSUFFICIENT_DATA, decidedBy: 'guard', ruleIndex: null, ruleText: null, guard };
  }
  for (const [index, rule] of compiled.rules.entries()) {
    const value = evaluateRecorded(rule.ast, rule.when, scope, metricsUsed);
    base.evaluations.push({ index, outcome: rule.outcome, when: rule.when, value });
    if (value === true) return { ...base, outcome: rule.outcome, decidedBy: 'rule', ruleIndex: index, ruleText: rule.when, guard: null };
    if (value === null) {
      return { ...base, outcome: INSUFFICIENT_DATA, decidedBy: 'undetermined', ruleIndex: index, ruleText: rule.when, guard: null };
    }
  }
  return { ...base, outcome: protocol.defaultOutcome, decidedBy: 'default', ruleIndex: null, ruleText: null, guard: null };
}

/** The §1.1 guard alone; null when the data suffice. */
export function guardFor(nValid: number, nNoOpinion: number, minValidN: number, maxShare: Rational): GuardResult | null {
  if (nValid < minValidN) {
    return { reason: 'n_valid_below_min', detail: `${nValid} valid rating${nValid === 1 ? '' : 's'}, fewer than the minimum of ${minValidN}` };
  }
  const answered = nValid + nNoOpinion;
  if (Rational.of(nNoOpinion, answered).cmp(maxShare) > 0) {
    return {
      reason: 'no_opinion_share_above_max',
      detail: `${nNoOpinion} of ${answered} answers were "cannot judge", more than the maximum share of ${maxShare.toNumber()}`,
    };
  }
  return null;
}

/** A boolean rule (stability, stop) evaluated in a scope, with its metric values recorded. */
export function evaluateRecorded(ast: Node, source: string, scope: EvalScope, metrics: Decision['metricsUsed']): boolean | null {
  const value: Value = evaluate(ast, scope, (node, v) => {
    metrics[source.slice(node.start, node.end).replace(/\s+/g, ' ')] = toJsonValue(v);
  });
  return typeof value === 'boolean' ? value : null;
}
