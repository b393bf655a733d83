import type { Db } from '../../db/client';
import { errors } from '../errors';
import type { Feedback, FeedbackComment, PanelistItem } from '../schemas/panelist';
import { overallWithheld, type Descriptives, type ItemRoundResult } from '../stats';
import { updatePanelist, type PanelistRow } from '../repositories/panelists';
import { listIdeasOfPanelist, listResponsesForPanelist, listResponsesForRound } from '../repositories/responses';
import { findOpenRound, findRoundByNumber, listRoundItems, listRoundResults, listRounds, type RoundRow } from '../repositories/rounds';
import { findStudy, listCategories, type StudyRow } from '../repositories/studies';
import { setReminderPreference } from '../email/mailing-service';
import { panelistForToken } from './link-service';
import { currentTranslations, type Translation } from './current-translations';
import { insertFeedbackViews, lastSeenSnapshots, latestSnapshots, subjectKey, type FeedbackViewRow } from '../repositories/releases';
import { figuresOn } from './release-service';
import { opaqueIds } from './opaque-ids';
import { criteriaOf } from './criteria';
import type { StudyScale } from '../contract/study';
import { panelistBlocks } from './panelist-blocks';

const pick = (texts: Record<string, string>, lang: string, fallback: string) => texts[lang] ?? texts[fallback] ?? Object.values(texts)[0] ?? '';

async function studyOf(db: Db, panelist: PanelistRow): Promise<StudyRow> {
  return (await findStudy(db, panelist.studyId))!;
}

function roundSummary(round: RoundRow, lang: string, fallback: string) {
  return {
    id: round.id,
    number: round.number,
    kind: round.kind,
    mode: round.mode,
    status: round.status as 'open' | 'closed',
    closesAt: round.closesAt,
    instructions: pick(round.instructions, lang, fallback),
  };
}

function panelistScale(scale: StudyScale, lang: string, fallback: string) {
  return { min: scale.min, max: scale.max, cannotJudge: scale.cannotJudge, labels: scale.labels[lang] ?? scale.labels[fallback] ?? {} };
}

/** Feedback per item id, then per criterion code ('' in a study that names none). */
type FeedbackByItem = Map<number, Map<string, Feedback>>;

/** The study and the panelist's place in it; `study` when the caller has read it already. */
export async function panelistMe(db: Db, panelist: PanelistRow, study?: StudyRow) {
  study ??= await studyOf(db, panelist);
  const scale = study.scale;
  const lang = panelist.language;
  const fallback = study.languages[0];
  const open = await findOpenRound(db, study.id);
  return {
    study: {
      title: study.title,
      aim: study.aim,
      languages: study.languages,
      timeNeededMinutes: study.timeNeededMinutes,
      anonymity: study.anonymity,
      withdrawalPolicy: study.withdrawalPolicy,
      minGroupSize: study.minGroupSize,
      status: study.status,
      scale: panelistScale(scale, lang, fallback),
      criteria: study.criteria.map((c) => ({ code: c.code, label: pick(c.labels, lang, fallback), scale: panelistScale(c.scale, lang, fallback) })),
    },
    panelist: { code: panelist.code, language: lang, status: panelist.status, reminders: !panelist.remindersOptOut },
    currentRound: open ? roundSummary(open, lang, fallback) : null,
    closedRounds: (await listRounds(db, study.id)).filter((r) => r.status === 'closed').map((r) => ({ id: r.id, number: r.number })),
  };
}

/**
 * What a panelist may see of a closed round's item: the whole panel's distribution and summary,
 * their own answer, and the comments, all withheld when fewer than k panelists rated it. No
 * other panelist's identity, code or time is included; comments are sorted by text so their
 * order says nothing about who wrote them or when.
 */
function feedbackFor(
  study: StudyRow,
  round: RoundRow,
  overall: Descriptives | undefined,
  outcome: string | null,
  own: { value: number | null; cannotJudge: boolean } | null,
  comments: FeedbackComment[],
): Feedback {
  const withheld = !overall || overallWithheld(overall.nValid, study.minGroupSize);
  return {
    round: round.number,
    withheld,
    nValid: withheld ? null : overall.nValid,
    nNoOpinion: withheld ? null : overall.nNoOpinion,
    distribution: withheld ? null : Object.fromEntries(overall.freq.map((f) => [String(f.value), f.count])),
    median: withheld ? null : overall.median,
    q1: withheld ? null : overall.q1,
    q3: withheld ? null : overall.q3,
    iqr: withheld ? null : overall.iqr,
    pctAgree: withheld ? null : overall.agree.pct,
    outcome: withheld ? null : outcome,
    yourAnswer: own,
    comments: withheld ? [] : [...comments].sort((a, b) => a.text.localeCompare(b.text) || a.language.localeCompare(b.language)),
    live: null,
  };
}

/** A comment in the reader's language when the study team translated it, with the original beside it. */
function inLanguage(text: string, language: string, translations: Translation[] | undefined, reader: string): FeedbackComment {
  const translation = language === reader ? undefined : translations?.find((t) => t.language === reader);
  return translation
    ? { text: translation.text, language: reader, translated: true, original: { text, language } }
    : { text, language, translated: false, original: null };
}

/**
 * Real-time round: per item id and criterion, the latest released snapshot of each criterion the
 * panelist has answered (never of one they have not: nobody sees the group before forming a
 * view), recorded as shown with the answer they held. Comments wait for the close, since a comment
 * appearing beside a snapshot could be tied to whoever answered in that batch.
 */
async function liveFeedback(db: Db, study: StudyRow, round: RoundRow, panelist: PanelistRow, nowIso: string): Promise<FeedbackByItem> {
  const out: FeedbackByItem = new Map();
  const answers = new Map((await listResponsesForPanelist(db, round.id, panelist.id)).map((r) => [subjectKey(r.itemVersionId, r.criterion), r]));
  if (answers.size === 0) return out;
  const [snapshots, seen, presented] = await Promise.all([
    latestSnapshots(db, round.id),
    lastSeenSnapshots(db, round.id, panelist.id),
    listRoundItems(db, round.id),
  ]);
  const views: FeedbackViewRow[] = [];
  for (const { item, version } of presented) {
    const byCriterion = new Map<string, Feedback>();
    for (const { code } of criteriaOf(study)) {
      const key = subjectKey(version.id, code);
      const own = answers.get(key);
      const snapshot = snapshots.get(key);
      if (!own || !snapshot) continue;
      const figures = feedbackFor(
        study,
        round,
        figuresOn(snapshot.result as ItemRoundResult, code),
        null,
        { value: own.value, cannotJudge: own.cannotJudge },
        [],
      );
      const last = seen.get(key);
      byCriterion.set(code, { ...figures, live: { snapshot: snapshot.number, updated: last !== undefined && last < snapshot.number } });
      if (last !== snapshot.number) {
        const view = { roundId: round.id, panelistId: panelist.id, itemVersionId: version.id, criterion: code, snapshot: snapshot.number };
        views.push({ ...view, ownValue: own.value, seenAt: nowIso });
      }
    }
    if (byCriterion.size > 0) out.set(item.id, byCriterion);
  }
  if (views.length > 0) await db.transaction((tx) => insertFeedbackViews(tx, views));
  return out;
}

/** Feedback per item id and criterion from a closed round, for one panelist. */
async function feedbackOfRound(db: Db, study: StudyRow, round: RoundRow, panelist: PanelistRow): Promise<FeedbackByItem> {
  const out: FeedbackByItem = new Map();
  if (round.kind !== 'rating' || round.status !== 'closed') return out;
  const responses = await listResponsesForRound(db, round.id);
  const results = await listRoundResults(db, round.id);
  const translations = await currentTranslations(db, round.id, new Map(responses.map((x) => [x.id, x.comment])));
  const named = study.criteria.length > 0;
  for (const r of results) {
    const result = r.result as { stats?: Descriptives; criteria?: { criterion: string; stats: Descriptives }[] };
    const byCriterion = new Map<string, Feedback>();
    for (const { code } of criteriaOf(study)) {
      const ofCriterion = responses.filter((x) => x.itemVersionId === r.itemVersionId && x.criterion === code);
      const mine = ofCriterion.find((x) => x.panelistId === panelist.id);
      const comments = ofCriterion.filter((x) => x.comment).map((x) => inLanguage(x.comment!, x.language, translations.get(x.id), panelist.language));
      const overall = named ? result.criteria?.find((c) => c.criterion === code)?.stats : result.stats;
      const own = mine ? { value: mine.value, cannotJudge: mine.cannotJudge } : null;
      byCriterion.set(code, feedbackFor(study, round, overall, r.outcome, own, comments));
    }
    out.set(r.itemId, byCriterion);
  }
  return out;
}

async function itemsOfRound(db: Db, study: StudyRow, round: RoundRow, panelist: PanelistRow, feedback: FeedbackByItem): Promise<PanelistItem[]> {
  const answers = new Map((await listResponsesForPanelist(db, round.id, panelist.id)).map((r) => [`${r.itemVersionId}|${r.criterion}`, r]));
  const answerOf = (versionId: number, code: string) => {
    const a = answers.get(`${versionId}|${code}`);
    return a ? { value: a.value, cannotJudge: a.cannotJudge, comment: a.comment, revision: a.revision } : null;
  };
  const first = criteriaOf(study)[0].code;
  return (await listRoundItems(db, round.id)).map(({ item, version }) => {
    const ofItem = feedback.get(item.id);
    return {
      itemVersionId: version.id,
      itemId: item.id,
      code: item.code,
      categoryId: item.categoryId,
      text: pick(version.texts, panelist.language, study.languages[0]),
      answer: answerOf(version.id, first),
      feedback: ofItem?.get(first) ?? null,
      criteria: study.criteria.map((c) => ({ criterion: c.code, answer: answerOf(version.id, c.code), feedback: ofItem?.get(c.code) ?? null })),
    };
  });
}

/**
 * The open round as the panelist sees it, with last round's feedback beside each carried item, or
 * in a real-time round the released snapshot beside each item they have answered.
 */
export async function panelistRound(db: Db, panelist: PanelistRow, nowIso: string) {
  const study = await studyOf(db, panelist);
  const round = await findOpenRound(db, study.id);
  if (!round) throw errors.roundNotOpen();
  const previous = round.number > 1 ? await findRoundByNumber(db, study.id, round.number - 1) : undefined;
  let feedback: FeedbackByItem = new Map();
  if (round.mode === 'realtime') feedback = await liveFeedback(db, study, round, panelist, nowIso);
  else if (previous) feedback = await feedbackOfRound(db, study, previous, panelist);
  const items = await itemsOfRound(db, study, round, panelist, feedback);
  return {
    round: roundSummary(round, panelist.language, study.languages[0]),
    categories: (await listCategories(db, study.id)).map((c) => ({ id: c.id, code: c.code, name: pick(c.names, panelist.language, study.languages[0]) })),
    items,
    blocks: await panelistBlocks(db, study, round, panelist),
    ideas: round.kind === 'ideas' ? await ownIdeas(db, round.id, panelist) : [],
    progress: { answered: items.filter((i) => i.answer !== null && i.criteria.every((c) => c.answer !== null)).length, total: items.length },
  };
}

/** A closed round's feedback, e.g. between rounds or after the last one. */
export async function panelistFeedback(db: Db, panelist: PanelistRow, roundId: number) {
  const study = await studyOf(db, panelist);
  const round = (await listRounds(db, study.id)).find((r) => r.id === roundId);
  if (!round || round.status !== 'closed') throw errors.notFound('Feedback for that round');
  return {
    round: roundSummary(round, panelist.language, study.languages[0]),
    items: await itemsOfRound(db, study, round, panelist, await feedbackOfRound(db, study, round, panelist)),
  };
}

/** A panelist's own ideas under their opaque ids, as POST /api/panelist/ideas returned them. */
async function ownIdeas(db: Db, roundId: number, panelist: PanelistRow) {
  const ids = await opaqueIds(db, panelist.studyId);
  return (await listIdeasOfPanelist(db, roundId, panelist.id)).map((i) => ({ id: ids.of('idea', i.id), text: i.text }));
}

/** The panelist changes their own language (one of the study's) or turns reminders off or on. */
export async function updateOwnSettings(db: Db, panelist: PanelistRow, change: { language?: string; reminders?: boolean }) {
  const study = await studyOf(db, panelist);
  const { language, reminders } = change;
  if (language !== undefined && !study.languages.includes(language)) {
    throw errors.validation(`This study is available in ${study.languages.join(', ')}.`, [{ path: 'body.language', message: 'not a study language' }]);
  }
  let p = panelist;
  if (language !== undefined) p = await db.transaction((tx) => updatePanelist(tx, p.id, { language }));
  if (reminders !== undefined) p = await setReminderPreference(db, p, reminders);
  return await panelistMe(db, p, study);
}

/**
 * Exchanges an invitation token for a panelist session. Unknown, expired, revoked and withdrawn
 * tokens all get the same answer, so the reply tells a guesser nothing.
 */
export async function redeemToken(db: Db, token: string, now: Date, ttlMs: number) {
  // The invitation link or any link sent by e-mail; expiry is checked per link.
  const found = await panelistForToken(db, token, now, ttlMs);
  if (!found || found.status === 'withdrawn') throw errors.invitationInvalid();
  const nowIso = now.toISOString();
  const panelist = found.status === 'invited' ? await db.transaction((tx) => updatePanelist(tx, found.id, { status: 'active', joinedAt: nowIso })) : found;
  return { panelist, me: await panelistMe(db, panelist) };
}
