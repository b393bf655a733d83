/** Words and numbers for results, shared by the dashboard, the planner and the results view. */
import { consoleI18n, t } from '../../i18n/console.svelte';
import type { ConsoleKey } from '../../i18n/console/en';

const OUTCOMES: Record<string, ConsoleKey> = {
  consensus_in: 'outcome.consensus_in',
  consensus_out: 'outcome.consensus_out',
  no_consensus: 'outcome.no_consensus',
  insufficient_data: 'outcome.insufficient_data',
  appropriate: 'outcome.appropriate',
  inappropriate: 'outcome.inappropriate',
  uncertain: 'outcome.uncertain',
};

export function outcomeLabel(outcome: string | null | undefined): string {
  if (!outcome) return '—';
  return outcome in OUTCOMES ? t(OUTCOMES[outcome]) : outcome.replace(/_/g, ' ');
}

/** A CSS class for an outcome badge: settled (a rule fired), open, or unknown. */
export function outcomeTone(outcome: string | null | undefined): 'in' | 'out' | 'open' | 'none' {
  if (!outcome) return 'none';
  if (outcome === 'insufficient_data') return 'none';
  if (outcome === 'no_consensus' || outcome === 'uncertain') return 'open';
  if (outcome === 'consensus_out' || outcome === 'inappropriate') return 'out';
  return 'in';
}

const formats = new Map<string, Intl.NumberFormat>();
/** A statistic written the console language's way, with at most two decimals. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const locale = consoleI18n.locale;
  let nf = formats.get(locale);
  if (!nf) formats.set(locale, (nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
  return nf.format(v);
}
export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : new Intl.NumberFormat(consoleI18n.locale, { style: 'percent', maximumFractionDigits: 0 }).format(v / 100);

/** Counts per scale point from the engine's freq list. */
export function countsOf(freq: { value: number; count: number }[] | null | undefined): Record<string, number> {
  return Object.fromEntries((freq ?? []).map((f) => [String(f.value), f.count]));
}

export function chartDescription(freq: { value: number; count: number }[], median: number | null, q1: number | null, q3: number | null): string {
  return t('chart.description', { counts: freq.map((f) => `${f.value}: ${f.count}`).join(', '), median: num(median), q1: num(q1), q3: num(q3) });
}
