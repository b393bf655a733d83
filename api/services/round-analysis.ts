import type { Db } from '../../db/client';
import {
  analyseRound,
  roundAttrition,
  type Answer,
  type ItemRoundInput,
  type RoundAnalysis,
  type RoundAnalysisInput,
  type RoundAttritionSummary,
} from '../stats';
import { criteriaOf, criterionInputs } from './criteria';
import { listPanelists, type PanelistRow } from '../repositories/panelists';
import { findRoundByNumber, listRoundItems, type RoundRow } from '../repositories/rounds';
import { listAnswerColumnsForRound, type AnswerColumn } from '../repositories/answer-columns';
import { listCategories, type StudyRow } from '../repositories/studies';
import type { AnyBlockResult } from '../contract/blocks';
import type { ItemRankFigures } from '../stats/round-input';
import { computeBlockResults } from './block-results';

/**
 * Per item code, the figures of the first ranking (by position) that ranks it: what the rule
 * language's rank identifiers read (consensus-methods.md §16). w_p is the permutation p where the
 * ranking has one (7 items or fewer, where χ² is poor), the χ² p otherwise.
 */
export function rankFiguresByItem(blocks: readonly { result: AnyBlockResult }[]): Map<string, ItemRankFigures> {
  const out = new Map<string, ItemRankFigures>();
  for (const { result } of blocks) {
    if (result.kind !== 'ranking') continue;
    const { overall, previous } = result;
    for (const r of result.ranked) {
      if (out.has(r.item)) continue;
      out.set(r.item, {
        w: overall.w,
        wP: overall.permutationP ?? overall.p,
        wChange: previous?.wChange ?? null,
        rhoPrevious: previous?.rho ?? null,
        meanRank: r.meanRank,
        pctTopK: r.topKPct,
      });
    }
  }
  return out;
}

/**
 * Answers per item version, each with the panelist's frozen attributes (and its criterion when the
 * study names them): one pass over the answers, one Answer per rating and nothing else per rating.
 */
function answersByVersion(columns: readonly AnswerColumn[], panelists: Map<number, PanelistRow>, named: boolean): Map<number, Answer[]> {
  const out = new Map<number, Answer[]>();
  const ids = new Map<number, string>();
  for (const { itemVersionId, criterion, panelistIds, values } of columns) {
    let list = out.get(itemVersionId);
    if (!list) out.set(itemVersionId, (list = []));
    for (let i = 0; i < panelistIds.length; i++) {
      const panelistId = panelistIds[i];
      const p = panelists.get(panelistId);
      if (!p) continue;
      let id = ids.get(panelistId);
      if (id === undefined) ids.set(panelistId, (id = String(panelistId)));
      list.push(named ? { panelist: id, value: values[i], groups: p.attributes, criterion } : { panelist: id, value: values[i], groups: p.attributes });
    }
  }
  return out;
}

/** The panelists with any answer in the columns. */
function answeredIn(columns: readonly AnswerColumn[]): Set<number> {
  const out = new Set<number>();
  for (const c of columns) for (const id of c.panelistIds) out.add(id);
  return out;
}

/** Panelists a round counts as invited: everyone not withdrawn, plus withdrawn panelists whose kept answers are in it. */
export function eligiblePanelists(all: PanelistRow[], answered: Set<number>): PanelistRow[] {
  return all.filter((p) => p.status !== 'withdrawn' || answered.has(p.id));
}

/**
 * Gathers a round's answers into the statistics engine's input: every presented item version,
 * the answers with each panelist's frozen attributes, and the previous round's answers to the
 * same version for the stability measures.
 */
export async function buildAnalysisInput(db: Db, study: StudyRow, round: RoundRow) {
  // Asked for together: on PostgreSQL they follow each other on the connection without waiting
  // for Node, which meanwhile reads the answers that came first (db/postgres.ts sends them in turn).
  const [responses, all, presented, categoryRows, previousRound, blocks] = await Promise.all([
    listAnswerColumnsForRound(db, round.id),
    listPanelists(db, study.id),
    listRoundItems(db, round.id),
    listCategories(db, study.id),
    round.number > 1 ? findRoundByNumber(db, study.id, round.number - 1) : undefined,
    computeBlockResults(db, study, round),
  ]);
  const byId = new Map(all.map((p) => [p.id, p]));
  const answered = answeredIn(responses);
  const eligible = eligiblePanelists(all, answered);
  const [previousResponses, previousItems] = await Promise.all([
    previousRound?.status === 'closed' ? listAnswerColumnsForRound(db, previousRound.id) : [],
    previousRound ? listRoundItems(db, previousRound.id) : [],
  ]);
  const previousVersions = new Set(previousItems.map((r) => r.version.id));

  const criteria = criterionInputs(study);
  const named = criteria !== undefined;
  const current = answersByVersion(responses, byId, named);
  const before = answersByVersion(previousResponses, byId, named);
  const categories = new Map(categoryRows.map((c) => [c.id, c.code]));
  const ranks = rankFiguresByItem(blocks);
  const items: ItemRoundInput[] = presented.map(({ item, version }) => {
    const input: ItemRoundInput = {
      itemId: String(item.id),
      versionId: String(version.id),
      nPresented: eligible.length,
      nInvited: eligible.length,
      answers: current.get(version.id) ?? [],
    };
    const category = item.categoryId === null ? undefined : categories.get(item.categoryId);
    if (category !== undefined) input.category = category;
    const ranking = ranks.get(item.code);
    if (ranking !== undefined) input.ranking = ranking;
    if (previousRound && previousVersions.has(version.id)) {
      input.previous = { round: previousRound.number, versionId: String(version.id), answers: before.get(version.id) ?? [] };
    }
    return input;
  });
  const input: RoundAnalysisInput = {
    round: round.number,
    scale: { min: study.scale.min, max: study.scale.max },
    // The stored protocol keeps lockedAt null; the study row holds the lock time the settings echo.
    protocol: { ...study.protocol, lockedAt: study.protocolLockedAt },
    dimensions: study.attributes.map((a) => a.name),
    items,
  };
  if (criteria !== undefined) input.criteria = criteria;
  const attrition =
    previousRound?.status === 'closed' ? attritionOf(study, previousRound, previousItems, previousResponses, new Set([...answered].map(String))) : null;
  return { presented, input, attrition, blocks };
}

/**
 * Attrition bias of the previous round (consensus-methods.md §18), per criterion over its items:
 * its valid raters who answered anything in this round (stayers) against those who did not.
 */
function attritionOf(
  study: StudyRow,
  previous: RoundRow,
  items: Awaited<ReturnType<typeof listRoundItems>>,
  columns: readonly AnswerColumn[],
  answeredNext: ReadonlySet<string>,
): RoundAttritionSummary {
  const named = study.criteria.length > 0;
  const criteria = criteriaOf(study).map((c) => {
    const byVersion = new Map<number, { panelist: string; value: number | null }[]>(items.map((r) => [r.version.id, []]));
    for (const { itemVersionId, criterion, panelistIds, values } of columns) {
      const list = criterion === c.code ? byVersion.get(itemVersionId) : undefined;
      if (list) panelistIds.forEach((id, i) => list.push({ panelist: String(id), value: values[i] }));
    }
    const result = roundAttrition(
      items.map((r) => byVersion.get(r.version.id) ?? []),
      answeredNext,
    );
    return {
      criterion: named ? c.code : null,
      m: result.m,
      nDiffering: result.nDiffering,
      items: items.map((r, i) => ({ itemId: String(r.item.id), attrition: result.items[i] })),
    };
  });
  return { fromRound: previous.number, criteria };
}

export async function analyse(db: Db, study: StudyRow, round: RoundRow) {
  const { input, presented, attrition, blocks } = await buildAnalysisInput(db, study, round);
  const analysis: RoundAnalysis = analyseRound(input);
  if (attrition !== null) analysis.attrition = attrition;
  return { analysis, presented, input, blocks };
}
