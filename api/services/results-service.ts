import type { Db } from '../../db/client';
import { listPanelists } from '../repositories/panelists';
import { countAnswersPerPanelist, listCommentsForRound, listIdeaAuthors, listIdeasForRound } from '../repositories/responses';
import { countItemsPerRound, listRoundItems, listRoundResults, listRounds, type RoundRow } from '../repositories/rounds';
import { groupsToHide, participation as participationFigures, shownHeadlines, suppressSmallGroups, withoutGroups } from '../stats';
import type { StudyRow } from '../repositories/studies';
import { criterionMembersOfRound, otherCriteria } from './disclosure-members';
import { currentTranslations } from './current-translations';
import { opaqueIds } from './opaque-ids';
import { batchSize, releasedFigures } from './release-service';
import { analyse, eligiblePanelists } from './round-analysis';
import { roundBlockResults } from './block-results';

/**
 * Frozen results of a closed round, or provisional ones while it is open: computed now in quasi
 * anonymity, released in batches of k in strict anonymity (release-service.ts), where items
 * without a released snapshot yet are left out. Small groups, and whatever else subtraction would
 * expose, are suppressed in what is shown by the disclosure rule (api/stats/disclosure.ts); the
 * stored results stay complete, so that a recomputation can be checked against them.
 */
export async function roundResults(db: Db, study: StudyRow, round: RoundRow, nowIso: string) {
  return { ...(await itemResults(db, study, round, nowIso)), blocks: await roundBlockResults(db, study, round) };
}

async function itemResults(db: Db, study: StudyRow, round: RoundRow, nowIso: string) {
  const none = { release: null, analysis: null, items: [] };
  if (round.kind === 'ideas') return { roundId: round.id, status: round.status === 'closed' ? ('final' as const) : ('provisional' as const), ...none };
  const codes = new Map((await listRoundItems(db, round.id)).map((r) => [r.version.id, r.item.code]));
  if (round.status === 'closed') {
    const byCriterion = await criterionMembersOfRound(db, study, round.id);
    const members = [...byCriterion.values()][0] ?? new Map();
    const items = (await listRoundResults(db, round.id)).map((r) => ({
      itemId: r.itemId,
      itemVersionId: r.itemVersionId,
      code: codes.get(r.itemVersionId) ?? '',
      outcome: r.outcome,
      basedOn: null,
      result: suppressSmallGroups(r.result, study.minGroupSize, members.get(r.itemVersionId) ?? [], otherCriteria(byCriterion, r.itemVersionId)),
    }));
    const analysis = round.analysis === null ? null : { ...round.analysis, headlines: shownHeadlines(items.map((i) => i.result)) };
    return { roundId: round.id, status: 'final' as const, release: null, analysis, items };
  }
  if (study.anonymity === 'strict') return await batchedResults(db, study, round, nowIso);
  const { analysis, presented, input } = await analyse(db, study, round);
  // Each criterion's groups are published over its own answers (one criterion unnamed: all of them).
  const criterionCodes = input.criteria?.map((c) => c.code) ?? [null];
  const on = (answers: (typeof input.items)[number]['answers'], code: string | null) =>
    answers.filter((a) => code === null || a.criterion === code).map((a) => a.groups);
  const byCriterion = new Map(criterionCodes.map((code) => [code ?? '', new Map(input.items.map((i) => [i.versionId, on(i.answers, code)]))]));
  const members = [...byCriterion.values()][0];
  const itemIds = new Map(presented.map((p) => [String(p.version.id), p.item]));
  const { items, ...meta } = analysis;
  const shown = items.map((r) => ({
    itemId: itemIds.get(r.versionId)!.id,
    itemVersionId: Number(r.versionId),
    code: itemIds.get(r.versionId)!.code,
    outcome: r.outcome,
    basedOn: null,
    result: suppressSmallGroups(r, study.minGroupSize, members.get(r.versionId) ?? [], otherCriteria(byCriterion, r.versionId)),
  }));
  const headlines = shownHeadlines(shown.map((i) => i.result));
  return { roundId: round.id, status: 'provisional' as const, release: null, analysis: { ...meta, headlines }, items: shown };
}

/**
 * Strict anonymity, open round: only released snapshots. The round-level analysis (families,
 * headlines) is left out, since it is computed from every answer as of now.
 */
async function batchedResults(db: Db, study: StudyRow, round: RoundRow, nowIso: string) {
  const presented = await listRoundItems(db, round.id);
  const released = await releasedFigures(db, study, round, nowIso);
  const items = presented.flatMap(({ item, version }) => {
    const snapshot = released.get(version.id);
    if (!snapshot) return [];
    // Subgroups stay hidden until the close: see withoutGroups.
    const result = withoutGroups(snapshot.result);
    return [{ itemId: item.id, itemVersionId: version.id, code: item.code, outcome: result.outcome, basedOn: snapshot.answers, result }];
  });
  return {
    roundId: round.id,
    status: 'provisional' as const,
    release: { batchSize: batchSize(study), itemsWaiting: presented.length - items.length },
    analysis: null,
    items,
  };
}

/**
 * What each panelist did in each round of a study: the engine's participation input
 * (consensus-methods.md §9), gathered in four queries however many rounds there are.
 */
async function studyActivity(db: Db, study: StudyRow) {
  const [counts, ideaAuthors, itemsPerRound, all] = await Promise.all([
    countAnswersPerPanelist(db, study.id),
    listIdeaAuthors(db, study.id),
    countItemsPerRound(db, study.id),
    listPanelists(db, study.id),
  ]);
  const answeredIn = new Map<number, Map<number, number>>();
  const answered = (roundId: number) => answeredIn.get(roundId) ?? answeredIn.set(roundId, new Map()).get(roundId)!;
  for (const c of counts) answered(c.roundId).set(c.panelistId, c.n);
  return (round: RoundRow) => {
    const inRound = new Map(answered(round.id));
    // In an open-ended round one idea counts as the whole round answered.
    if (round.kind === 'ideas') for (const a of ideaAuthors) if (a.roundId === round.id) inRound.set(a.panelistId, 1);
    const presented = round.kind === 'rating' ? (itemsPerRound.get(round.id) ?? 0) : 1;
    return { answered: inRound, presented, eligible: eligiblePanelists(all, new Set(inRound.keys())) };
  };
}

/**
 * Participation of a round overall and per subgroup (invited, responded, completed, response rate,
 * retention, attrition: computed by the statistics engine over this and the earlier rounds; groups
 * hidden by the disclosure rule over the invited panelists, in both anonymity modes), and
 * who has not answered yet, for reminders. In strict anonymity the lists stay empty: knowing who
 * answered between two looks at the provisional figures is half of linking someone to a rating,
 * and reminders find the non-responders on their own (email-service.ts reminderAudience).
 */
export async function participation(db: Db, study: StudyRow, round: RoundRow) {
  const attributes = study.attributes;
  const [all, activityOf] = await Promise.all([listRounds(db, study.id), studyActivity(db, study)]);
  const rounds = all.filter((r) => r.number <= round.number && r.status !== 'draft');
  let current: ReturnType<typeof activityOf> | undefined;
  const activities = rounds.map((r) => ({ r, activity: activityOf(r) }));
  const report = participationFigures({
    dimensions: attributes.map((a) => a.name),
    rounds: activities.map(({ r, activity }) => {
      if (r.id === round.id) current = activity;
      return {
        round: r.number,
        panelists: activity.eligible.map((p) => ({
          panelist: String(p.id),
          invited: true,
          answeredCount: activity.answered.get(p.id) ?? 0,
          presentedCount: activity.presented,
          groups: p.attributes,
        })),
      };
    }),
  });
  current ??= activityOf(round);
  const figures = report.rounds.find((r) => r.round === round.number);
  const empty = { invited: 0, responded: 0, completed: 0, responseRate: null, retention: null, attrition: null, cumulativeResponse: null };
  const { groups, round: _n, ...overall } = figures ?? { ...empty, groups: {}, round: round.number };
  // The same rule and members as the report's participation (participation-data.ts): a group of one or two invited shows whether they answered.
  const hidden = groupsToHide(
    current.eligible.map((p) => p.attributes),
    attributes.map((a) => a.name),
    study.minGroupSize,
  );
  const hiddenFigures = { invited: null, responded: null, completed: null, responseRate: null, retention: null, attrition: null, cumulativeResponse: null };
  const figuresOf = (attribute: string, value: string) =>
    hidden[attribute].has(value) ? { ...hiddenFigures, suppressed: true as const } : { ...(groups[attribute]?.[value] ?? empty), suppressed: false as const };
  const byGroup = Object.fromEntries(attributes.map((a) => [a.name, Object.fromEntries(a.values.map((v) => [v, figuresOf(a.name, v)]))]));
  const { answered, presented } = current;
  const active = current.eligible.filter((p) => p.status !== 'withdrawn');
  if (study.anonymity === 'strict') return { roundId: round.id, overall, byGroup, namesHidden: true, notAnswered: [], notCompleted: [] };
  return {
    roundId: round.id,
    overall,
    byGroup,
    namesHidden: false,
    notAnswered: active.filter((p) => !answered.has(p.id)).map((p) => ({ panelistId: p.id, code: p.code, email: p.email })),
    notCompleted: active
      .filter((p) => answered.has(p.id) && (answered.get(p.id) ?? 0) < presented)
      .map((p) => ({ panelistId: p.id, code: p.code, answered: answered.get(p.id) ?? 0, of: presented })),
  };
}

/**
 * Comments and ideas of a round for the facilitator: no panelist identity attached, and known by
 * opaque ids (opaque-ids.ts) rather than row ids, which would show writing order. In strict
 * anonymity the rating given with each comment is left out (a per-person rating), and comments
 * and ideas come sorted by text, so their order says nothing about when or by whom they were written.
 */
export async function roundComments(db: Db, study: StudyRow, round: RoundRow) {
  const strict = study.anonymity === 'strict';
  // A comment that appears between two looks, beside a participation count that moved, names its
  // author; in strict anonymity the round's comments and ideas are shown together at the close.
  if (strict && round.status !== 'closed') return { held: true, comments: [], ideas: [] };
  const items = new Map((await listRoundItems(db, round.id)).map((r) => [r.version.id, r.item.id]));
  const ids = await opaqueIds(db, study.id);
  const rows = (await listCommentsForRound(db, round.id)).filter((r) => r.comment && r.comment.trim() !== '');
  const translations = await currentTranslations(db, round.id, new Map(rows.map((r) => [r.id, r.comment])));
  const comments = rows.map((r) => ({
    responseId: ids.of('response', r.id),
    itemId: items.get(r.itemVersionId) ?? 0,
    itemVersionId: r.itemVersionId,
    text: r.comment!,
    language: r.language,
    translations: translations.get(r.id) ?? [],
    value: strict ? null : r.value,
    cannotJudge: strict ? null : r.cannotJudge,
  }));
  const ideas = (await listIdeasForRound(db, round.id)).map((i) => ({
    id: ids.of('idea', i.id),
    text: i.text,
    language: i.language,
    categoryId: i.categoryId,
  }));
  if (strict) {
    comments.sort((a, b) => a.itemVersionId - b.itemVersionId || byText(a.text, b.text) || a.responseId - b.responseId);
    ideas.sort((a, b) => byText(a.text, b.text) || a.id - b.id);
  }
  return { held: false, comments, ideas };
}

/** Code-point order: the same on every server, whatever its locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
