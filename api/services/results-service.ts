import type { Db } from '../../db/client';
import { listPanelists } from '../repositories/panelists';
import { listIdeasForRound, listCommentsForRound, listResponsesForRound } from '../repositories/responses';
import { listRoundItems, listRoundResults, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { analyse, eligiblePanelists } from './round-analysis';
import { attributesOf } from './study-service';

/** Frozen results of a closed round, or provisional ones computed now while it is open. */
export function roundResults(db: Db, study: StudyRow, round: RoundRow) {
  if (round.kind === 'open') return { roundId: round.id, status: round.status === 'closed' ? ('final' as const) : ('provisional' as const), analysis: null, items: [] };
  const codes = new Map(listRoundItems(db, round.id).map((r) => [r.version.id, r.item.code]));
  if (round.status === 'closed') {
    return {
      roundId: round.id,
      status: 'final' as const,
      analysis: round.analysis,
      items: listRoundResults(db, round.id).map((r) => ({
        itemId: r.itemId,
        itemVersionId: r.itemVersionId,
        code: codes.get(r.itemVersionId) ?? '',
        outcome: r.outcome,
        result: r.result,
      })),
    };
  }
  const { analysis, presented } = analyse(db, study, round);
  const itemIds = new Map(presented.map((p) => [String(p.version.id), p.item]));
  const { items, ...meta } = analysis;
  return {
    roundId: round.id,
    status: 'provisional' as const,
    analysis: meta,
    items: items.map((r) => ({
      itemId: itemIds.get(r.versionId)!.id,
      itemVersionId: Number(r.versionId),
      code: itemIds.get(r.versionId)!.code,
      outcome: r.outcome,
      result: r,
    })),
  };
}

interface Tally {
  invited: number;
  responded: number;
  completed: number;
  responseRate: number | null;
}

/** Participation per round and subgroup (consensus-methods.md §9), with who has not answered yet. */
export function participation(db: Db, study: StudyRow, round: RoundRow) {
  const responses = listResponsesForRound(db, round.id);
  const ideas = round.kind === 'open' ? listIdeasForRound(db, round.id) : [];
  const answered = new Map<number, number>();
  for (const r of responses) answered.set(r.panelistId, (answered.get(r.panelistId) ?? 0) + 1);
  for (const i of ideas) if (!answered.has(i.panelistId)) answered.set(i.panelistId, 0);
  const total = round.kind === 'rating' ? listRoundItems(db, round.id).length : 0;
  const eligible = eligiblePanelists(listPanelists(db, study.id), new Set(answered.keys()));
  const isComplete = (id: number) => (round.kind === 'rating' ? (answered.get(id) ?? 0) >= total : ideas.some((i) => i.panelistId === id));

  const tally = (ps: typeof eligible): Tally => {
    const responded = ps.filter((p) => answered.has(p.id)).length;
    return { invited: ps.length, responded, completed: ps.filter((p) => isComplete(p.id)).length, responseRate: ps.length ? responded / ps.length : null };
  };
  const byGroup: Record<string, Record<string, Tally>> = {};
  for (const a of attributesOf(study)) {
    byGroup[a.name] = Object.fromEntries(a.values.map((v) => [v, tally(eligible.filter((p) => p.attributes[a.name] === v))]));
  }
  const active = eligible.filter((p) => p.status !== 'withdrawn');
  return {
    roundId: round.id,
    overall: tally(eligible),
    byGroup,
    notAnswered: active.filter((p) => !answered.has(p.id)).map((p) => ({ panelistId: p.id, code: p.code, email: p.email })),
    notCompleted: active
      .filter((p) => answered.has(p.id) && !isComplete(p.id))
      .map((p) => ({ panelistId: p.id, code: p.code, answered: answered.get(p.id) ?? 0, of: total })),
  };
}

/** Comments and ideas of a round for the facilitator: no panelist identity attached. */
export function roundComments(db: Db, round: RoundRow) {
  const items = new Map(listRoundItems(db, round.id).map((r) => [r.version.id, r.item.id]));
  return {
    comments: listCommentsForRound(db, round.id)
      .filter((r) => r.comment && r.comment.trim() !== '')
      .map((r) => ({ responseId: r.id, itemId: items.get(r.itemVersionId) ?? 0, itemVersionId: r.itemVersionId, text: r.comment!, value: r.value, cannotJudge: r.cannotJudge })),
    ideas: listIdeasForRound(db, round.id).map((i) => ({ id: i.id, text: i.text, categoryId: i.categoryId })),
  };
}
