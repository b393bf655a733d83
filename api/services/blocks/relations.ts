/**
 * The relations block (Delphi–DEMATEL, consensus-methods.md §17): panelists rate how strongly each
 * element directly influences another, pair by pair, on 0–4. What a valid block and a valid answer
 * are; the analysis is relations-analysis.ts.
 */
import { z } from 'zod';
import type { BlockAnswer, RelationsConfig } from '../../contract/blocks';
import type { RelationsResult } from '../../contract/relations';
import type { Problem } from '../../errors';
import { RELATION_SCALE } from '../../stats/dematel';
import type { BlockKindModule } from './kind';
import { analyseRelationsBlock } from './relations-analysis';
import { ELEMENT_CODE, parsePairSubject, relationSubjects } from './relations-pairs';

export const MIN_ELEMENTS = 3;
export const MAX_ELEMENTS = 12;
/** Scale points 0 none, 1 low, 2 medium, 3 high, 4 very high: one label each per language. */
export const RELATION_POINTS = RELATION_SCALE.max - RELATION_SCALE.min + 1;
export const DEFAULT_RELATION_LABELS: Record<string, string[]> = { en: ['No influence', 'Low', 'Medium', 'High', 'Very high'] };

const RelationsConfigInputSchema = z
  .object({
    elements: z
      .array(z.object({ code: z.string().max(40), label: z.record(z.string(), z.string().max(200)) }).strict())
      .max(50)
      .describe('The elements, 3..12: an item or category code each, with its label per language'),
    pairs: z
      .array(z.tuple([z.string().max(40), z.string().max(40)]))
      .max(132)
      .nullable()
      .default(null)
      .describe('The ordered pairs [from, to] to ask; null: every ordered pair'),
    labels: z
      .record(z.string(), z.array(z.string().max(80)).max(10))
      .default(DEFAULT_RELATION_LABELS)
      .describe('Per language, the labels of the points 0 (no influence) to 4 (very high)'),
    cannotJudge: z.boolean().default(true).describe('Offer "cannot judge"'),
  })
  .strict();

/**
 * Every problem of a block's configuration: 3–12 elements with unique codes and a label in at
 * least one language; each pair two different known elements, none twice, at least one pair; five
 * non-empty labels per language for the 0–4 points.
 */
export function checkRelationsConfig(config: RelationsConfig): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path: `config.${path}`, message });
  const n = config.elements.length;
  if (n < MIN_ELEMENTS || n > MAX_ELEMENTS) add('elements', `A relations block needs ${MIN_ELEMENTS} to ${MAX_ELEMENTS} elements, got ${n}.`);
  const codes = new Set<string>();
  config.elements.forEach((e, i) => {
    if (!ELEMENT_CODE.test(e.code)) add(`elements.${i}.code`, `Element code "${e.code}" must be 1-40 letters, digits, dot, dash or underscore.`);
    else if (codes.has(e.code)) add(`elements.${i}.code`, `Element ${e.code} is listed twice.`);
    codes.add(e.code);
    if (!Object.values(e.label).some((text) => text.trim() !== '')) add(`elements.${i}.label`, `Element ${e.code} needs a label.`);
  });
  if (config.pairs !== null) {
    if (config.pairs.length === 0) add('pairs', 'Choose at least one pair, or null for every ordered pair.');
    const seen = new Set<string>();
    config.pairs.forEach(([from, to], i) => {
      if (from === to) add(`pairs.${i}`, `A relation needs two different elements, got ${from} twice.`);
      for (const code of new Set([from, to])) if (!codes.has(code)) add(`pairs.${i}`, `Element ${code} is not in the block.`);
      const key = `${from}>${to}`;
      if (seen.has(key)) add(`pairs.${i}`, `The pair ${from} → ${to} is listed twice.`);
      seen.add(key);
    });
  }
  const languages = Object.entries(config.labels);
  if (languages.length === 0) add('labels', `Give the ${RELATION_POINTS} scale labels (0 no influence … 4 very high) in at least one language.`);
  for (const [language, labels] of languages) {
    if (labels.length !== RELATION_POINTS || labels.some((l) => l.trim() === '')) {
      add(`labels.${language}`, `Give ${RELATION_POINTS} non-empty labels, one for each point from 0 (no influence) to 4 (very high).`);
    }
  }
  return problems;
}

/**
 * Every problem of one save's answers: each pair one the block asks, at most once; a value an
 * integer from 0 to 4, or no value with "cannot judge" when the block offers it.
 */
export function checkRelationAnswers(config: RelationsConfig, answers: readonly BlockAnswer[]): Problem[] {
  const problems: Problem[] = [];
  const asked = new Set(relationSubjects(config));
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const add = (field: string, message: string) => problems.push({ path: `answers.${i}.${field}`, message });
    const pair = parsePairSubject(a.subject);
    if (pair !== null && pair.from === pair.to) add('subject', `A relation needs two different elements, got ${pair.from} twice.`);
    else if (!asked.has(a.subject)) add('subject', `${a.subject} is not a pair this block asks.`);
    if (seen.has(a.subject)) add('subject', `The pair ${a.subject} is answered twice.`);
    seen.add(a.subject);
    if (a.cannotJudge) {
      if (!config.cannotJudge) add('cannotJudge', 'This block does not offer "cannot judge".');
      if (a.value !== null) add('value', 'A "cannot judge" answer carries no rating.');
    } else if (a.value === null || !Number.isInteger(a.value) || a.value < RELATION_SCALE.min || a.value > RELATION_SCALE.max) {
      add('value', `Rating ${String(a.value)} is outside the influence scale 0–4.`);
    }
  });
  return problems;
}

/** Groups the disclosure rule names lose their map; a withheld result keeps only its counts. */
function disclose(result: RelationsResult, hidden: Record<string, Set<string>> | 'all', withheld: boolean): RelationsResult {
  const isHidden = (dimension: string, group: string) => withheld || hidden === 'all' || (hidden[dimension]?.has(group) ?? false);
  const groups = result.groups.map((g) =>
    isHidden(g.dimension, g.group)
      ? {
          ...g,
          nPanelists: null,
          map: { ok: false as const, reason: 'suppressed' as const, message: 'Hidden: too few panelists in this group', direct: null, unrated: [] },
        }
      : g,
  );
  const sideDifferences = result.sideDifferences.filter((s) => ![...s.causeIn, ...s.effectIn].some((group) => isHidden(s.dimension, group)));
  const shown = { ...result, groups, sideDifferences };
  if (!withheld) return shown;
  return {
    ...shown,
    cells: [],
    map: { ok: false, reason: 'suppressed', message: 'Withheld: fewer panelists answered than the study shows figures for', direct: null, unrated: [] },
    change: null,
    withheld: true,
  };
}

/**
 * A panelist sees, per pair, the panel's figures only when at least k panelists rated that pair:
 * with fewer (the rest said "cannot judge") a median would show what those few answered. The
 * maps, groups and change rest on every pair's mean, so they stay with the study team.
 */
function forPanelists(result: RelationsResult, k: number): RelationsResult {
  const hidden = { ok: false as const, reason: 'suppressed' as const, message: 'The influence map is shown to the study team only', direct: null, unrated: [] };
  return { ...result, cells: result.cells.filter((c) => c.stats.nValid >= k), map: hidden, groups: [], sideDifferences: [], change: null };
}

export const relationsBlock: BlockKindModule<RelationsConfig, RelationsResult> = {
  kind: 'relations',
  configSchema: RelationsConfigInputSchema,
  checkConfig: (input) => {
    const config = input as RelationsConfig;
    return { config, problems: checkRelationsConfig(config) };
  },
  // Elements carry their own labels: the panelist needs no item texts.
  items: () => [],
  subjects: relationSubjects,
  replacesAll: false,
  checkAnswers: checkRelationAnswers,
  analyse: (config, input) =>
    analyseRelationsBlock({
      round: input.round,
      config,
      answers: [...input.answers].flatMap(([panelist, answers]) => answers.map((a) => ({ ...a, panelist }))),
      groupsOfPanelist: input.groups,
      dimensions: input.dimensions,
      previous: input.previous?.result ?? null,
      settings: {
        quantileMethod: input.protocol?.quantileMethod ?? 'hf7',
        noOpinionPolicy: input.protocol?.noOpinionPolicy ?? 'exclude',
        minValidN: input.protocol?.minValidN ?? 5,
        maxNoOpinionShare: input.protocol?.maxNoOpinionShare ?? 0.5,
        threshold: null,
      },
    }),
  disclose,
  forPanelists,
  respondents: (result) => result.nPanelists,
};
