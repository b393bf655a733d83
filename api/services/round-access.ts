import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { errors } from '../errors';
import { requireFacilitator } from '../plugins/auth';
import { findRound, type RoundRow } from '../repositories/rounds';
import { findStudy } from '../repositories/studies';
import { studyAccess, type Need, type StudyAccess } from './access';

/** A round by id with the caller's access to its study checked; unknown and foreign rounds are both 404. */
export async function roundAccess(db: Db, request: FastifyRequest, roundId: number, need: Need): Promise<StudyAccess & { round: RoundRow }> {
  requireFacilitator(request);
  const round = await findRound(db, roundId);
  const study = round && (await findStudy(db, round.studyId));
  if (!round || !study) throw errors.notFound('Round');
  try {
    return { round, ...(await studyAccess(db, request, String(study.id), need)) };
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw errors.notFound('Round');
    throw e;
  }
}
