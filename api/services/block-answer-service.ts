import { requestHash } from './tokens';
import type { Db } from '../../db/client';
import type { AnyBlockConfig } from '../contract/blocks';
import { errors } from '../errors';
import type { SaveBlockAnswers } from '../schemas/blocks';
import { deleteBlockAnswers, findBlock, upsertBlockAnswer } from '../repositories/blocks';
import type { PanelistRow } from '../repositories/panelists';
import { findIdempotencyKey, insertIdempotencyKey } from '../repositories/responses';
import { findOpenRoundLocked, findRound } from '../repositories/rounds';
import { findStudy } from '../repositories/studies';
import { blockKind } from './blocks/registry';

export interface SavedBlockAnswers {
  blockId: number;
  answers: { subject: string; value: number | null; cannotJudge: boolean; revision: number }[];
}

export type BlockSaveOutcome =
  { outcome: 'saved'; reply: SavedBlockAnswers; roundId: number; dashboards: boolean } | { outcome: 'replayed'; reply: SavedBlockAnswers };

/**
 * Saves a panelist's answers to one block in one transaction, in the order the rating save keeps
 * (response-service.ts): the panelist's lock first, so a retried key finds the first attempt's
 * reply; then the open round under a share lock, so a close either waits for this save (and its
 * results count it) or has already won (and the save is refused with 409). A kind that takes the
 * whole answer at once (a ranking) replaces every earlier answer of the panelist to the block.
 * The idempotency key is stored with the reply: a retry returns it, a reuse for other answers 422s.
 */
export async function saveBlockAnswers(db: Db, panelist: PanelistRow, blockId: number, body: SaveBlockAnswers, key: string, nowIso: string) {
  const hash = requestHash({ blockId, answers: body.answers });
  return db.transaction(async (tx): Promise<BlockSaveOutcome> => {
    await tx.lock('panelists', panelist.id);
    const seen = await findIdempotencyKey(tx, panelist.id, key);
    if (seen) {
      if (seen.requestHash !== hash) throw errors.idempotencyMismatch();
      return { outcome: 'replayed', reply: seen.response as SavedBlockAnswers };
    }
    const study = (await findStudy(tx, panelist.studyId))!;
    const block = await findBlock(tx, blockId);
    const home = block ? await findRound(tx, block.roundId) : undefined;
    if (!block || !home || home.studyId !== study.id || home.status === 'draft') throw errors.notFound('Question');
    const round = await findOpenRoundLocked(tx, study.id);
    if (!round || round.id !== block.roundId) {
      // Read again: a close that won the lock meanwhile makes this a late answer, not an early one.
      throw (await findRound(tx, block.roundId))?.status === 'closed' ? errors.roundClosed() : errors.roundNotOpen();
    }
    // A scheduled close counts from its time, not from when the scheduler next runs.
    if (round.closesAt !== null && Date.parse(round.closesAt) <= Date.parse(nowIso)) throw errors.roundClosed();
    const module = blockKind(block.kind)!;
    const problems = module.checkAnswers(block.config as AnyBlockConfig, body.answers);
    if (problems.length > 0) {
      const listed = problems.map((p) => ({ ...p, path: `body.${p.path ?? 'answers'}` }));
      throw errors.validation(listed[0].message, listed);
    }
    if (module.replacesAll) await deleteBlockAnswers(tx, block.id, panelist.id, null);
    const answers: SavedBlockAnswers['answers'] = [];
    for (const a of body.answers) {
      const row = await upsertBlockAnswer(tx, {
        blockId: block.id,
        roundId: round.id,
        panelistId: panelist.id,
        subject: a.subject,
        value: a.cannotJudge ? null : a.value,
        cannotJudge: a.cannotJudge,
        nowIso,
      });
      answers.push({ subject: row.subject, value: row.value, cannotJudge: row.cannotJudge, revision: row.revision });
    }
    const reply: SavedBlockAnswers = { blockId: block.id, answers };
    await insertIdempotencyKey(tx, { panelistId: panelist.id, key, requestHash: hash, statusCode: 200, response: reply });
    return { outcome: 'saved', reply, roundId: round.id, dashboards: study.anonymity !== 'strict' };
  });
}
