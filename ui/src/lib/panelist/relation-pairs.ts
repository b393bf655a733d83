/**
 * What the relations block shows, kept free of the DOM so it is tested on its own: the pairs in
 * the server's order (element codes ascending, row by row), the texts in the panelist's language,
 * progress and the next pair still open.
 */
import type { RelationsConfig } from '$contract/blocks';

export interface RelationPair {
  from: string;
  to: string;
  /** The answer's subject: "FROM>TO". */
  subject: string;
}

/** Codes compared as the server does (by code unit), so both list pairs in one order. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function elementCodes(config: RelationsConfig): string[] {
  return config.elements.map((e) => e.code).sort(byCode);
}

/** The ordered pairs asked, row by row: the chosen subset, or every ordered pair of two different elements. */
export function relationPairs(config: RelationsConfig): RelationPair[] {
  const codes = elementCodes(config);
  const wanted = config.pairs === null ? null : new Set(config.pairs.map(([from, to]) => `${from}>${to}`));
  return codes.flatMap((from) =>
    codes.filter((to) => to !== from && (wanted === null || wanted.has(`${from}>${to}`))).map((to) => ({ from, to, subject: `${from}>${to}` })),
  );
}

/** A text in the panelist's language: the exact code, its base language ("fr" for "fr-BE"), English, then any. */
export function inLanguage<T>(texts: Record<string, T>, language: string): T | undefined {
  const base = language.split('-')[0];
  return texts[language] ?? texts[base] ?? texts.en ?? Object.values(texts)[0];
}

export function elementLabel(config: RelationsConfig, code: string, language: string): string {
  const element = config.elements.find((e) => e.code === code);
  return (element && inLanguage(element.label, language)?.trim()) || code;
}

/** The five labels of the points 0..4 in the panelist's language. */
export function scaleLabels(config: RelationsConfig, language: string): string[] {
  return inLanguage(config.labels, language) ?? ['0', '1', '2', '3', '4'];
}

export function progressOf(pairs: readonly RelationPair[], answered: ReadonlySet<string>): { answered: number; total: number } {
  return { answered: pairs.filter((p) => answered.has(p.subject)).length, total: pairs.length };
}

/**
 * The index of the next pair still open after `from` (wrapping round to the start), or of the
 * first open one when `from` is -1; null when every pair is answered.
 */
export function nextUnanswered(pairs: readonly RelationPair[], answered: ReadonlySet<string>, from = -1): number | null {
  for (let step = 1; step <= pairs.length; step++) {
    const i = (from + step) % pairs.length;
    if (!answered.has(pairs[i].subject)) return i;
  }
  return null;
}

/** Numbers as the panel's figures show them: whole numbers plain, others to one decimal. */
export function figure(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
