import type { Db } from '../../db/client';
import { listPanelists } from '../repositories/panelists';
import { listIdeasForRound, listCommentsForRound, listResponsesForRound } from '../repositories/responses';
import { listRoundItems, listRoundResults, listRounds, type RoundRow } from '../repositories/rounds';
import { participation as participationFigures, suppressSmallGroups, type ItemRoundResult } from '../stats';
import type { StudyRow } from '../repositories/studies';
import { analyse, eligiblePanelists } from './round-analysis';

/**
 * Frozen results of a closed round, or provisional ones computed now while it is open. Groups
 * smaller than the study's k are suppressed in what is shown (the stored results stay complete,
 * so that a recomputation can be checked against them).
 */
export async function roundResults(db: Db, study: StudyRow, round: RoundRow) {
  if (round.kind === 'open') return { roundId: round.id, status: round.status === 'closed' ? ('final' as const) : ('provisional' as const), analysis: null, items: [] };
  const codes = new Map((await listRoundItems(db, round.id)).map((r) => [r.version.id, r.item.code]));
  if (round.status === 'closed') {
    return {
      roundId: round.id,
      status: 'final' as const,
      analysis: round.analysis,
      items: (await listRoundResults(db, round.id)).map((r) => ({
        itemId: r.itemId,
        itemVersionId: r.itemVersionId,
        code: codes.get(r.itemVersionId) ?? '',
        outcome: r.outcome,
        result: suppressSmallGroups(r.result as ItemRoundResult, study.minGroupSize),
      })),
    };
  }
  const { analysis, presented } = await analyse(db, study, round);
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
      result: suppressSmallGroups(r, study.minGroupSize),
    })),
  };
}

/** What each panelist did in one round: the engine's participation input (consensus-methods.md §9). */
async function roundActivity(db: Db, study: StudyRow, round: RoundRow) {
  const answered = new Map<number, number>();
  for (const r of await listResponsesForRound(db, round.id)) answered.set(r.panelistId, (answered.get(r.panelistId) ?? 0) + 1);
  // In an open-ended round one idea counts as the whole round answered.
  if (round.kind === 'open') for (const i of await listIdeasForRound(db, round.id)) answered.set(i.panelistId, 1);
  const presented = round.kind === 'rating' ? (await listRoundItems(db, round.id)).length : 1;
  const eligible = eligiblePanelists(await listPanelists(db, study.id), new Set(answered.keys()));
  return { answered, presented, eligible };
}

/**
 * Participation of a round overall and per subgroup (invited, responded, completed, response rate,
 * retention, attrition: computed by the statistics engine over this and the earlier rounds), and
 * who has not answered yet, for reminders.
 */
export async function participation(db: Db, study: StudyRow, round: RoundRow) {
  const attributes = study.attributes;
  const rounds = (await listRounds(db, study.id)).filter((r) => r.number <= round.number && r.status !== 'draft');
  let current: Awaited<ReturnType<typeof roundActivity>> | undefined;
  const activities = [];
  for (const r of rounds) activities.push({ r, activity: await roundActivity(db, study, r) });
  const report = participationFigures({
    dimensions: attributes.map((a) => a.name),
    rounds: activities.map(({ r, activity }) => {
      if (r.id === round.id) current = activity;
      return {
        round: r.number,
        panelists: activity.eligible.map((p) => ({ panelist: String(p.id), invited: true, answeredCount: activity.answered.get(p.id) ?? 0, presentedCount: activity.presented, groups: p.attributes })),
      };
    }),
  });
  current ??= await roundActivity(db, study, round);
  const figures = report.rounds.find((r) => r.round === round.number);
  const empty = { invited: 0, responded: 0, completed: 0, responseRate: null, retention: null, attrition: null, cumulativeResponse: null };
  const { groups, round: _n, ...overall } = figures ?? { ...empty, groups: {}, round: round.number };
  const byGroup = Object.fromEntries(attributes.map((a) => [a.name, Object.fromEntries(a.values.map((v) => [v, groups[a.name]?.[v] ?? empty]))]));
  const { answered, presented } = current;
  const active = current.eligible.filter((p) => p.status !== 'withdrawn');
  return {
    roundId: round.id,
    overall,
    byGroup,
    notAnswered: active.filter((p) => !answered.has(p.id)).map((p) => ({ panelistId: p.id, code: p.code, email: p.email })),
    notCompleted: active
      .filter((p) => answered.has(p.id) && (answered.get(p.id) ?? 0) < presented)
      .map((p) => ({ panelistId: p.id, code: p.code, answered: answered.get(p.id) ?? 0, of: presented })),
  };
}

/**
 * Comments and ideas of a round for the facilitator: no panelist identity attached. In strict
 * anonymity the rating given with each comment is left out (a per-person rating) and comments
 * come sorted by text, so their order says nothing about when or by whom they were written.
 */
export async function roundComments(db: Db, study: StudyRow, round: RoundRow) {
  const items = new Map((await listRoundItems(db, round.id)).map((r) => [r.version.id, r.item.id]));
  const strict = study.anonymity === 'strict';
  const comments = (await listCommentsForRound(db, round.id))
    .filter((r) => r.comment && r.comment.trim() !== '')
    .map((r) => ({
      responseId: r.id,
      itemId: items.get(r.itemVersionId) ?? 0,
      itemVersionId: r.itemVersionId,
      text: r.comment!,
      value: strict ? null : r.value,
      cannotJudge: strict ? null : r.cannotJudge,
    }));
  if (strict) comments.sort((a, b) => a.itemVersionId - b.itemVersionId || a.text.localeCompare(b.text));
  return {
    comments,
    ideas: (await listIdeasForRound(db, round.id)).map((i) => ({ id: i.id, text: i.text, categoryId: i.categoryId })),
  };
}
