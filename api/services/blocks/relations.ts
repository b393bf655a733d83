/**
 * The relations block (Delphi–DEMATEL, consensus-methods.md §17): what a valid block and a valid
 * answer are, and which subjects (ordered pairs) a panelist is asked. The analysis is in
 * relations-analysis.ts. Everything here is pure, so the routes, the study-file import and the
 * tests share one definition of "valid".
 */
import { RELATION_SCALE } from '../../stats/dematel';
import { compareText } from '../../stats/metric-scope';

export const MIN_ELEMENTS = 3;
export const MAX_ELEMENTS = 12;
/** Scale points 0 none, 1 low, 2 medium, 3 high, 4 very high: one label each per language. */
export const RELATION_POINTS = RELATION_SCALE.max - RELATION_SCALE.min + 1;

export interface RelationElement {
  code: string;
  label: Record<string, string>;
}

export interface RelationsConfig {
  elements: RelationElement[];
  /** Ordered pairs to ask; null = every ordered pair of different elements. */
  pairs: [string, string][] | null;
  /** The 0–4 labels per language. */
  labels: Record<string, string[]>;
  cannotJudge: boolean;
}

export interface RelationAnswer {
  subject: string;
  value: number | null;
  cannotJudge: boolean;
}

/** One thing wrong with a block or an answer: where (a JSON path) and what, in words a facilitator reads. */
export interface BlockProblem {
  path: string;
  message: string;
}

const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

/** The subject key of an ordered pair. Codes cannot contain ">" (CODE), so the key is unambiguous. */
export function pairSubject(from: string, to: string): string {
  return `${from}>${to}`;
}

export function parsePairSubject(subject: string): { from: string; to: string } | null {
  const parts = subject.split('>');
  return parts.length === 2 && CODE.test(parts[0]) && CODE.test(parts[1]) ? { from: parts[0], to: parts[1] } : null;
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

/**
 * Every problem of a block's configuration: 3–12 elements with unique codes and a label in at
 * least one language; each pair two different known elements, none twice, at least one pair; five
 * non-empty labels per language for the 0–4 points.
 */
export function checkRelationsConfig(config: RelationsConfig): BlockProblem[] {
  const problems: BlockProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const n = config.elements.length;
  if (n < MIN_ELEMENTS || n > MAX_ELEMENTS) add('elements', `a relations block needs ${MIN_ELEMENTS} to ${MAX_ELEMENTS} elements, got ${n}`);
  const codes = new Set<string>();
  config.elements.forEach((e, i) => {
    if (!CODE.test(e.code)) add(`elements[${i}].code`, `element code "${e.code}" must be 1-40 letters, digits, dot, dash or underscore`);
    else if (codes.has(e.code)) add(`elements[${i}].code`, `element "${e.code}" is listed twice`);
    codes.add(e.code);
    if (!Object.values(e.label).some((text) => text.trim() !== '')) add(`elements[${i}].label`, `element "${e.code}" needs a label`);
  });
  if (config.pairs !== null) {
    if (config.pairs.length === 0) add('pairs', 'choose at least one pair, or null for every ordered pair');
    const seen = new Set<string>();
    config.pairs.forEach(([from, to], i) => {
      const path = `pairs[${i}]`;
      if (from === to) add(path, `a relation needs two different elements, got "${from}" twice`);
      for (const code of [from, to]) if (!codes.has(code)) add(path, `element "${code}" is not in the block`);
      const key = pairSubject(from, to);
      if (seen.has(key)) add(path, `the pair ${from} → ${to} is listed twice`);
      seen.add(key);
    });
  }
  const languages = Object.entries(config.labels);
  if (languages.length === 0) add('labels', `give the ${RELATION_POINTS} scale labels (0 none … 4 very high) in at least one language`);
  for (const [language, labels] of languages) {
    if (labels.length !== RELATION_POINTS || labels.some((l) => l.trim() === '')) {
      add(`labels.${language}`, `give ${RELATION_POINTS} non-empty labels, one for each point from 0 (none) to 4 (very high)`);
    }
  }
  return problems;
}

/**
 * Every problem of a batch of answers to one block: the pair must be one the block asks, the value
 * an integer from 0 to 4, or no value with "cannot judge" when the block offers it; one answer per
 * pair per batch.
 */
export function checkRelationAnswers(config: RelationsConfig, answers: readonly RelationAnswer[]): BlockProblem[] {
  const problems: BlockProblem[] = [];
  const asked = new Set(relationSubjects(config));
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const path = `answers[${i}]`;
    const pair = parsePairSubject(a.subject);
    if (pair !== null && pair.from === pair.to) problems.push({ path, message: `a relation needs two different elements, got "${pair.from}" twice` });
    else if (!asked.has(a.subject)) problems.push({ path, message: `"${a.subject}" is not a pair this block asks` });
    if (seen.has(a.subject)) problems.push({ path, message: `the pair "${a.subject}" is answered twice` });
    seen.add(a.subject);
    if (a.cannotJudge) {
      if (!config.cannotJudge) problems.push({ path, message: 'this block does not offer "cannot judge"' });
      if (a.value !== null) problems.push({ path, message: 'a "cannot judge" answer carries no rating' });
    } else if (a.value === null || !Number.isInteger(a.value) || a.value < RELATION_SCALE.min || a.value > RELATION_SCALE.max) {
      problems.push({ path, message: `rating ${String(a.value)} is outside the influence scale 0–4` });
    }
  });
  return problems;
}
