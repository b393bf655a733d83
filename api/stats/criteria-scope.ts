/**
 * The rule scope of one item rated on several criteria (consensus-methods.md §15.1): each
 * criterion's ratings have their own MetricScope; a rule reads them as `importance.median` or
 * through all_criteria(…), and only item-level identifiers (round, n_invited, n_presented, stable)
 * without a criterion.
 */
import type { MetricScope } from './metric-scope';
import type { QuantileMethod } from './quantiles';
import { ITEM_LEVEL_IDENTIFIERS } from './rules/catalogue';
import { evaluate, type EvalScope, type GroupEntry, type Value } from './rules/evaluate';
import type { Node } from './rules/parser';

/** Valid and "cannot judge" counts of one criterion, for the §1.1 guard. */
export interface CriterionCounts {
  criterion: string;
  nValid: number;
  nNoOpinion: number;
}

export class CriteriaScope implements EvalScope {
  private stableValue: Value | undefined;

  /**
   * @param scopes every criterion's scope, in the study's order (all for the same item and group)
   * @param stabilityRule evaluated here for `stable`, since it reads several criteria
   */
  constructor(
    readonly scopes: ReadonlyMap<string, MetricScope>,
    private readonly stabilityRule: Node | null,
  ) {}

  /** The first criterion's scope: item-level counts are the same in each. */
  get primary(): MetricScope {
    return this.scopes.values().next().value as MetricScope;
  }

  get quantileMethod(): QuantileMethod {
    return this.primary.settings.quantileMethod;
  }

  counts(): CriterionCounts[] {
    return [...this.scopes].map(([criterion, s]) => ({ criterion, nValid: s.nValid, nNoOpinion: s.nNoOpinion }));
  }

  withMethod(method: QuantileMethod): CriteriaScope {
    return new CriteriaScope(new Map([...this.scopes].map(([code, s]) => [code, s.withMethod(method)])), this.stabilityRule);
  }

  identifier(name: string): Value {
    // With one criterion a rule need not name it (§15.1).
    if (!ITEM_LEVEL_IDENTIFIERS.has(name)) return this.scopes.size === 1 ? this.primary.identifier(name) : null;
    if (name !== 'stable') return this.primary.identifier(name);
    if (this.stabilityRule === null) return null;
    if (this.stableValue === undefined) {
      const v = evaluate(this.stabilityRule, this);
      this.stableValue = typeof v === 'boolean' ? v : null;
    }
    return this.stableValue;
  }

  call(name: 'pct_range' | 'count_range' | 'quantile', args: readonly Value[]): Value {
    // The checker rejects an unqualified function in a multi-criteria rule.
    return this.scopes.size === 1 ? this.primary.call(name, args) : null;
  }

  criterion(code: string): EvalScope | null {
    return this.scopes.get(code) ?? null;
  }

  criteria(): readonly EvalScope[] {
    return [...this.scopes.values()];
  }

  group(selector: string): EvalScope | null {
    const parts = new Map<string, MetricScope>();
    for (const [code, s] of this.scopes) {
      const g = s.group(selector);
      if (g !== null) parts.set(code, g as MetricScope);
    }
    return parts.size === 0 ? null : new CriteriaScope(parts, this.stabilityRule);
  }

  /** One scope per group of the dimension, over the criteria the group's panelists rated. */
  groupScopes(dimension: string): Map<string, CriteriaScope> {
    const parts = new Map<string, Map<string, MetricScope>>();
    for (const [code, s] of this.scopes) {
      for (const g of s.groupsOf(dimension)) {
        const value = g.groupKey?.value ?? '';
        let byCode = parts.get(value);
        if (!byCode) parts.set(value, (byCode = new Map<string, MetricScope>()));
        byCode.set(code, g);
      }
    }
    return new Map([...parts].map(([value, byCode]) => [value, new CriteriaScope(byCode, this.stabilityRule)]));
  }

  groups(dimension: string | null): readonly GroupEntry[] {
    const dims = dimension === null ? this.primary.settings.dimensions : [dimension];
    return dims.flatMap((d) =>
      [...this.groupScopes(d)].map(([value, scope]) => ({
        dimension: d,
        value,
        // A group too small on any criterion cannot carry a rule that reads every criterion.
        eligible: scope.scopes.size === this.scopes.size && scope.counts().every((c) => c.nValid >= this.primary.settings.minValidN),
        scope,
      })),
    );
  }
}
