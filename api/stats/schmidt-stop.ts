/** The "Schmidt stop" for ranking rounds (consensus-methods.md §16): when to stop asking the panel to rank. */
import { parseRule } from './rules/parser';
import { evaluate, type EvalScope, type Value } from './rules/evaluate';

/** Strong agreement, or agreement that has stopped rising in an order that has stopped changing (design choice on Schmidt 1997's anchors). */
export const SCHMIDT_STOP_RULE = 'w >= 0.7 OR (w_change < 0.1 AND rho_previous >= 0.9)';

export interface RankingRoundFigures {
  w: number | null;
  wChange: number | null;
  rhoPrevious: number | null;
}

const parsed = parseRule(SCHMIDT_STOP_RULE);

/**
 * The Schmidt stop on one ranking round's figures, in the rule language's three-valued logic:
 * true (stop ranking), false (rank again) or null (undecided: no W, or a first round whose W is
 * below 0.7, where ΔW and ρ do not exist yet).
 */
export function schmidtStop(figures: RankingRoundFigures): boolean | null {
  const values: Record<string, number | null> = { w: figures.w, w_change: figures.wChange, rho_previous: figures.rhoPrevious };
  const scope: EvalScope = {
    identifier: (name): Value => values[name] ?? null,
    call: () => null,
    group: () => null,
    groups: () => [],
  };
  const v = evaluate(parsed, scope);
  return typeof v === 'boolean' ? v : null;
}
