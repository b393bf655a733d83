/**
 * The subjects of a relations block (consensus-methods.md §17): ordered pairs of element codes,
 * keyed "FROM>TO", in the order every output uses (codes ascending, row by row).
 */
import type { RelationsConfig } from '../../contract/blocks';
import { compareText } from '../../stats/metric-scope';

/** Element codes: what item and category codes may be; no ">" so a pair's key is unambiguous. */
export const ELEMENT_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

export function pairSubject(from: string, to: string): string {
  return `${from}>${to}`;
}

export function parsePairSubject(subject: string): { from: string; to: string } | null {
  const parts = subject.split('>');
  return parts.length === 2 && ELEMENT_CODE.test(parts[0]) && ELEMENT_CODE.test(parts[1]) ? { from: parts[0], to: parts[1] } : null;
}

/** Element codes in every output's order: ascending (§17). */
export function elementCodes(config: RelationsConfig): string[] {
  return config.elements.map((e) => e.code).sort(compareText);
}

/** The ordered pairs asked, row by row in element order: the configured subset, or all n(n − 1). */
export function relationPairs(config: RelationsConfig): { from: string; to: string }[] {
  const codes = elementCodes(config);
  const wanted = config.pairs === null ? null : new Set(config.pairs.map(([from, to]) => pairSubject(from, to)));
  return codes.flatMap((from) => codes.filter((to) => to !== from && (wanted === null || wanted.has(pairSubject(from, to)))).map((to) => ({ from, to })));
}

export function relationSubjects(config: RelationsConfig): string[] {
  return relationPairs(config).map((p) => pairSubject(p.from, p.to));
}
