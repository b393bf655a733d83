/** Words and numbers for results, shared by the dashboard, the planner and the results view. */

import { outcomeWords } from '$contract/words';

export const outcomeLabel = outcomeWords;

/** A CSS class for an outcome badge: settled (a rule fired), open, or unknown. */
export function outcomeTone(outcome: string | null | undefined): 'in' | 'out' | 'open' | 'none' {
  if (!outcome) return 'none';
  if (outcome === 'insufficient_data') return 'none';
  if (outcome === 'no_consensus' || outcome === 'uncertain') return 'open';
  if (outcome === 'consensus_out' || outcome === 'inappropriate') return 'out';
  return 'in';
}

const nf = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
export const num = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '–' : nf.format(v));
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${Math.round(v)}%`);

/** Counts per scale point from the engine's freq list. */
export function countsOf(freq: { value: number; count: number }[] | null | undefined): Record<string, number> {
  return Object.fromEntries((freq ?? []).map((f) => [String(f.value), f.count]));
}

export function chartDescription(freq: { value: number; count: number }[], median: number | null, q1: number | null, q3: number | null): string {
  return `Ratings: ${freq.map((f) => `${f.value}: ${f.count}`).join(', ')}. Median ${num(median)}, interquartile range ${num(q1)} to ${num(q3)}.`;
}
