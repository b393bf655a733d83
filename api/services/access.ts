import type { Db } from '../../db/client';
import { errors } from '../errors';
import { findMembership } from '../repositories/facilitators';
import { findRound, type RoundRow } from '../repositories/rounds';
import type { FacilitatorRow } from '../repositories/sessions';
import { findStudy, findStudyByRef, type StudyRow } from '../repositories/studies';

export type Role = 'owner' | 'facilitator' | 'observer' | 'admin';
export type Need = 'read' | 'write' | 'own';

const RANK: Record<Role, number> = { observer: 1, facilitator: 2, owner: 3, admin: 4 };
const NEED: Record<Need, number> = { read: 1, write: 2, own: 3 };

export interface StudyAccess {
  study: StudyRow;
  role: Role;
  facilitatorId: number;
}

/**
 * Resolves a study for the signed-in facilitator (the route demands the session and passes its
 * row, so this layer never sees a request). A study they are not a member of answers 404, exactly
 * like one that does not exist, so its existence is not disclosed.
 */
export async function studyAccess(db: Db, facilitator: FacilitatorRow, ref: string, need: Need): Promise<StudyAccess> {
  const study = await findStudyByRef(db, ref);
  if (!study) throw errors.notFound('Study');
  const role: Role | undefined = facilitator.isAdmin ? 'admin' : await findMembership(db, study.id, facilitator.id);
  if (!role) throw errors.notFound('Study');
  if (RANK[role] < NEED[need]) {
    throw errors.forbidden(need === 'own' ? 'Only the study owner can do this.' : 'Observers can look but not change anything.');
  }
  return { study, role, facilitatorId: facilitator.id };
}

/** A round by id with the caller's access to its study checked; unknown and foreign rounds are both 404. */
export interface RoundAccess extends StudyAccess {
  round: RoundRow;
}

export async function roundAccess(db: Db, facilitator: FacilitatorRow, roundId: number, need: Need): Promise<RoundAccess> {
  const round = await findRound(db, roundId);
  const study = round && (await findStudy(db, round.studyId));
  if (!round || !study) throw errors.notFound('Round');
  try {
    return { round, ...(await studyAccess(db, facilitator, String(study.id), need)) };
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) throw errors.notFound('Round');
    throw e;
  }
}
