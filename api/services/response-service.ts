import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import { errors } from '../errors';
import type { SaveAnswer } from '../schemas/panelist';
import type { PanelistRow } from '../repositories/panelists';
import { findIdempotencyKey, insertIdea, insertIdempotencyKey, upsertResponse } from '../repositories/responses';
import { findLatestRound, findOpenRound, findOpenRoundLocked, findRoundItem, listRoundItems } from '../repositories/rounds';
import { findStudy, listCategories } from '../repositories/studies';
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

export interface Replayable<T> {
  statusCode: number;
  body: T;
  /** The round the answer went into; null for a replayed reply, which changed nothing. */
  roundId: number | null;
  /** The study's figures are released in batches (strict anonymity), so a save alone signals nothing. */
  batched?: boolean;
}

/** One key order for a fresh and a replayed reply, so a retry gets the very same bytes. */
function savedAnswer(a: SavedAnswer): SavedAnswer {
  const criterion = a.criterion ? { criterion: a.criterion } : {};
  return { itemVersionId: a.itemVersionId, ...criterion, value: a.value, cannotJudge: a.cannotJudge, comment: a.comment, revision: a.revision };
}

function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Saves (or revises) one answer. Everything happens in one transaction (the caller's, from
 * `db.write`, or its own), serialised against a round close by the lock on the open round:
 * either the round is still open and the answer is in the frozen results, or the round has
 * closed and the answer is refused with 409. The idempotency key is stored with the reply: a
 * retry returns the same reply, a reuse for another answer is refused.
 */
export async function saveAnswer(
  db: Db,
  panelist: PanelistRow,
  itemVersionId: number,
  body: SaveAnswer,
  key: string,
  nowIso: string,
): Promise<Replayable<SavedAnswer>> {
  const comment = body.comment === null || body.comment.trim() === '' ? null : body.comment.trim();
  // Without a criterion the hash is the one saves had before criteria existed, so old keys still replay.
  const named = body.criterion === undefined ? {} : { criterion: body.criterion };
  const hash = requestHash({ itemVersionId, value: body.value, cannotJudge: body.cannotJudge, comment, ...named });
  const save = async (tx: Db): Promise<Replayable<SavedAnswer>> => {
    // One save per panelist at a time, so a retried key finds the first attempt's reply.
    await tx.lock('panelists', panelist.id);
    const seen = await findIdempotencyKey(tx, panelist.id, key);
    if (seen) {
      if (seen.requestHash !== hash) throw errors.idempotencyMismatch();
      return { statusCode: seen.statusCode, body: savedAnswer(seen.response as SavedAnswer), roundId: null };
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
    const criteria = criteriaOf(study);
    const code = body.criterion ?? (criteria.length === 1 ? criteria[0].code : undefined);
    const criterion = criteria.find((c) => c.code === code);
    if (criterion === undefined) {
      const codes = criteria.map((c) => c.code).join(', ');
      throw errors.validation(code === undefined ? `Say which criterion the rating is on (${codes}).` : `This item is not rated on "${code}".`, [
        { path: 'body.criterion', message: `one of ${codes}` },
      ]);
    }
    const scale = criterion.scale;
    if (body.cannotJudge) {
      if (!scale.cannotJudge) throw errors.validation('This study has no "cannot judge" answer.', [{ path: 'body.cannotJudge', message: 'not offered' }]);
      if (body.value !== null)
        throw errors.validation('Give either a rating or "cannot judge", not both.', [{ path: 'body.value', message: 'must be null with cannotJudge' }]);
    } else if (body.value === null || body.value < scale.min || body.value > scale.max) {
      throw errors.validation(`The rating must be a whole number from ${scale.min} to ${scale.max}.`, [
        { path: 'body.value', message: `between ${scale.min} and ${scale.max}` },
      ]);
    }
    const row = await upsertResponse(tx, {
      roundId: round.id,
      panelistId: panelist.id,
      itemVersionId,
      criterion: criterion.code,
      value: body.cannotJudge ? null : body.value,
      cannotJudge: body.cannotJudge,
      comment,
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
    await insertIdempotencyKey(tx, { panelistId: panelist.id, key, requestHash: hash, statusCode: 200, response: saved });
    return { statusCode: 200, body: saved, roundId: round.id, batched: study.anonymity === 'strict' };
  };
  return db.inTransaction ? save(db) : db.transaction(save);
}

export async function addIdea(db: Db, panelist: PanelistRow, text: string, categoryId: number | null, nowIso: string) {
  return db.transaction(async (tx) => {
    const round = await findOpenRound(tx, panelist.studyId);
    if (!round) throw errors.roundNotOpen();
    if (round.kind !== 'open') throw errors.conflict('ROUND_NOT_OPEN_ENDED', 'This round asks for ratings; add your thoughts as a comment on an item.');
    if (categoryId !== null && !(await listCategories(tx, panelist.studyId)).some((c) => c.id === categoryId)) {
      throw errors.validation('That category is not part of this study.', [{ path: 'body.categoryId', message: 'unknown category' }]);
    }
    const row = await insertIdea(tx, { roundId: round.id, panelistId: panelist.id, categoryId, text, createdAt: nowIso });
    // The opaque id: a row id would tell the panelist how many ideas others have written.
    return { id: (await opaqueIds(tx, panelist.studyId)).of('idea', row.id), text: row.text };
  });
}
