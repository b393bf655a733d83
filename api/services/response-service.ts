import { requestHash } from './tokens';
import type { Db } from '../../db/client';
import { errors } from '../errors';
import type { SaveAnswer } from '../schemas/panelist';
import type { PanelistRow } from '../repositories/panelists';
import { findPanelistBySession } from '../repositories/sessions';
import { findIdempotencyKey, insertIdea, insertIdempotencyKey, saveAnswerInOneStatement, upsertResponse } from '../repositories/responses';
import { findLatestRound, findOpenRound, findOpenRoundLocked, findRoundItem, listRoundItems } from '../repositories/rounds';
import { findStudy, listCategories } from '../repositories/studies';
import type { StudyCriterion, StudyScale } from '../contract/study';
import { criteriaOf } from './criteria';
import { opaqueIds } from './opaque-ids';

export interface SavedAnswer {
  itemVersionId: number;
  /** Present only in a study that names its criteria. */
  criterion?: string;
  value: number | null;
  cannotJudge: boolean;
  comment: string | null;
  revision: number;
}

/** What a save did: stored the answer in a round, or found the key's earlier reply and changed nothing. */
export type SaveOutcome =
  | {
      outcome: 'saved';
      answer: SavedAnswer;
      studyId: number;
      roundId: number;
      /** Figures are released in batches (strict anonymity, or a real-time round's feedback): the release pass is told. */
      batched: boolean;
      /** A real-time round: panelists wait for the release, so it follows sooner. */
      realtime: boolean;
      /** Facilitators' dashboards follow each save (not in strict anonymity, where they follow the batches). */
      dashboards: boolean;
    }
  | { outcome: 'replayed'; answer: SavedAnswer };

/**
 * Who saves: a panelist row the caller already holds (the demo seed, tests), or the hash of a
 * panelist session's token, which the save checks itself, in its own transaction: on PostgreSQL
 * in the same statement, so that a save is one round trip.
 */
export type Saver = { panelist: PanelistRow } | { sessionHash: string };

/** One key order for a fresh and a replayed reply, so a retry gets the very same bytes. */
function savedAnswer(a: SavedAnswer): SavedAnswer {
  const criterion = a.criterion ? { criterion: a.criterion } : {};
  return { itemVersionId: a.itemVersionId, ...criterion, value: a.value, cannotJudge: a.cannotJudge, comment: a.comment, revision: a.revision };
}

/**
 * Saves (or revises) one answer. Everything happens in one transaction (the caller's, or its own:
 * a group commit from `db.write` on SQLite, one statement on PostgreSQL, where saves that arrive
 * together share one), serialised against a round close by the lock on the open round:
 * either the round is still open and the answer is in the frozen results, or the round has
 * closed and the answer is refused with 409. The idempotency key is stored with the reply: a
 * retry returns the same reply, a reuse for another answer is refused.
 */
export async function saveAnswer(db: Db, saver: Saver, itemVersionId: number, body: SaveAnswer, key: string, nowIso: string): Promise<SaveOutcome> {
  const comment = body.comment === null || body.comment.trim() === '' ? null : body.comment.trim();
  // Without a criterion the hash is the one saves had before criteria existed, so old keys still replay.
  const named = body.criterion === undefined ? {} : { criterion: body.criterion };
  const hash = requestHash({ itemVersionId, value: body.value, cannotJudge: body.cannotJudge, comment, ...named });
  const save = async (tx: Db): Promise<SaveOutcome> => {
    const panelist = 'panelist' in saver ? saver.panelist : await sessionPanelist(tx, saver.sessionHash, nowIso);
    // One save per panelist at a time, so a retried key finds the first attempt's reply.
    await tx.lock('panelists', panelist.id);
    const seen = await findIdempotencyKey(tx, panelist.id, key);
    if (seen) {
      if (seen.requestHash !== hash) throw errors.idempotencyMismatch();
      return { outcome: 'replayed', answer: savedAnswer(seen.response as SavedAnswer) };
    }
    const study = (await findStudy(tx, panelist.studyId))!;
    const round = await findOpenRoundLocked(tx, study.id);
    if (!round) {
      const latest = await findLatestRound(tx, study.id);
      if (latest && (await listRoundItems(tx, latest.id)).some((r) => r.version.id === itemVersionId)) throw errors.roundClosed();
      throw errors.roundNotOpen();
    }
    if (!(await findRoundItem(tx, round.id, itemVersionId))) throw errors.notFound('Item');
    // A scheduled close counts from its time, not from when the scheduler next runs.
    if (round.closesAt !== null && Date.parse(round.closesAt) <= Date.parse(nowIso)) throw errors.roundClosed();
    if (round.kind !== 'rating') throw errors.conflict('ROUND_NOT_RATING', 'This round asks for ideas, not ratings.');
    const { criterion, scale } = answerCriterion(criteriaOf(study), body);
    checkScale(scale, body);
    const row = await upsertResponse(tx, {
      roundId: round.id,
      panelistId: panelist.id,
      itemVersionId,
      criterion: criterion.code,
      value: body.cannotJudge ? null : body.value,
      cannotJudge: body.cannotJudge,
      comment,
      language: panelist.language,
      nowIso,
    });
    const saved = savedAnswer({
      itemVersionId,
      criterion: row.criterion,
      value: row.value,
      cannotJudge: row.cannotJudge,
      comment: row.comment,
      revision: row.revision,
    });
    // The stored status predates the outcome; every stored reply is a 200 and is replayed as one.
    await insertIdempotencyKey(tx, { panelistId: panelist.id, key, requestHash: hash, statusCode: 200, response: saved });
    return {
      outcome: 'saved',
      answer: saved,
      studyId: study.id,
      roundId: round.id,
      batched: study.anonymity === 'strict' || round.mode === 'realtime',
      realtime: round.mode === 'realtime',
      dashboards: study.anonymity !== 'strict',
    };
  };
  if (db.dialect === 'postgres') return saveInOneStatement(db, saver, itemVersionId, body, key, hash, comment, nowIso);
  return db.inTransaction ? save(db) : db.write(save);
}

/** The panelist of a session, as the session check of every other panelist route finds it. */
async function sessionPanelist(db: Db, sessionHash: string, nowIso: string): Promise<PanelistRow> {
  const panelist = await findPanelistBySession(db, sessionHash, nowIso);
  if (!panelist || panelist.status === 'withdrawn') throw errors.unauthenticated();
  return panelist;
}

/** The criterion an answer is on: the one it names, or the only one; any other is a 400 naming the field. */
function answerCriterion<C extends Pick<StudyCriterion, 'code' | 'scale'>>(criteria: readonly C[], body: SaveAnswer): { criterion: C; scale: StudyScale } {
  const code = body.criterion ?? (criteria.length === 1 ? criteria[0].code : undefined);
  const criterion = criteria.find((c) => c.code === code);
  if (criterion === undefined) {
    const codes = criteria.map((c) => c.code).join(', ');
    throw errors.validation(code === undefined ? `Say which criterion the rating is on (${codes}).` : `This item is not rated on "${code}".`, [
      { path: 'body.criterion', message: `one of ${codes}` },
    ]);
  }
  return { criterion, scale: criterion.scale };
}

function checkScale(scale: StudyScale, body: SaveAnswer): void {
  if (body.cannotJudge) {
    if (!scale.cannotJudge) throw errors.validation('This study has no "cannot judge" answer.', [{ path: 'body.cannotJudge', message: 'not offered' }]);
    if (body.value !== null)
      throw errors.validation('Give either a rating or "cannot judge", not both.', [{ path: 'body.value', message: 'must be null with cannotJudge' }]);
  } else if (body.value === null || body.value < scale.min || body.value > scale.max) {
    throw errors.validation(`The rating must be a whole number from ${scale.min} to ${scale.max}.`, [
      { path: 'body.value', message: `between ${scale.min} and ${scale.max}` },
    ]);
  }
}

/**
 * The same save on PostgreSQL in one statement (and one round trip), which checks in the order
 * above and answers with what it found; the refusals become the same errors here.
 */
async function saveInOneStatement(
  db: Db,
  saver: Saver,
  itemVersionId: number,
  body: SaveAnswer,
  key: string,
  hash: string,
  comment: string | null,
  nowIso: string,
): Promise<SaveOutcome> {
  const done = await saveAnswerInOneStatement(db, {
    key,
    requestHash: hash,
    itemVersionId,
    criterion: body.criterion,
    value: body.value,
    cannotJudge: body.cannotJudge,
    comment,
    nowIso,
    // The spread last: an object literal that starts with a spread and then grows takes V8's slow
    // dictionary shape, about 6 µs on every save.
    ...('panelist' in saver ? { panelistId: saver.panelist.id } : { sessionHash: saver.sessionHash }),
  });
  switch (done.outcome) {
    case 'no_session':
      throw errors.unauthenticated();
    case 'seen':
      if (done.hash !== hash) throw errors.idempotencyMismatch();
      return { outcome: 'replayed', answer: savedAnswer(done.response as SavedAnswer) };
    case 'closed':
      throw errors.roundClosed();
    case 'not_open':
      throw errors.roundNotOpen();
    case 'no_item':
      throw errors.notFound('Item');
    case 'not_rating':
      throw errors.conflict('ROUND_NOT_RATING', 'This round asks for ideas, not ratings.');
    case 'scale':
      checkScale(answerCriterion(done.criteria, body).scale, body);
      throw new Error('delphi_save_answers refused a rating that the scale allows');
    case 'saved':
      return {
        outcome: 'saved',
        answer: savedAnswer(done.answer),
        studyId: done.study,
        roundId: done.round,
        batched: done.strict || done.realtime,
        realtime: done.realtime,
        dashboards: !done.strict,
      };
  }
}

export async function addIdea(db: Db, panelist: PanelistRow, text: string, categoryId: number | null, nowIso: string) {
  return db.transaction(async (tx) => {
    const round = await findOpenRound(tx, panelist.studyId);
    if (!round) throw errors.roundNotOpen();
    if (round.kind !== 'ideas') throw errors.conflict('ROUND_NOT_OPEN_ENDED', 'This round asks for ratings; add your thoughts as a comment on an item.');
    if (categoryId !== null && !(await listCategories(tx, panelist.studyId)).some((c) => c.id === categoryId)) {
      throw errors.validation('That category is not part of this study.', [{ path: 'body.categoryId', message: 'unknown category' }]);
    }
    const row = await insertIdea(tx, { roundId: round.id, panelistId: panelist.id, categoryId, text, language: panelist.language, createdAt: nowIso });
    // The opaque id: a row id would tell the panelist how many ideas others have written.
    return { id: (await opaqueIds(tx, panelist.studyId)).of('idea', row.id), text: row.text };
  });
}
