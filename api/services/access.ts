import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { errors } from '../errors';
import { requireFacilitator } from '../plugins/auth';
import { findMembership } from '../repositories/facilitators';
import { findStudyByRef, type StudyRow } from '../repositories/studies';

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
 * Resolves a study for the signed-in facilitator. A study they are not a member of answers
 * 404, exactly like one that does not exist, so its existence is not disclosed.
 */
export async function studyAccess(db: Db, request: FastifyRequest, ref: string, need: Need): Promise<StudyAccess> {
  const facilitator = requireFacilitator(request);
  const study = await findStudyByRef(db, ref);
  if (!study) throw errors.notFound('Study');
  const role: Role | undefined = facilitator.isAdmin ? 'admin' : await findMembership(db, study.id, facilitator.id);
  if (!role) throw errors.notFound('Study');
  if (RANK[role] < NEED[need]) {
    throw errors.forbidden(need === 'own' ? 'Only the study owner can do this.' : 'Observers can look but not change anything.');
  }
  return { study, role, facilitatorId: facilitator.id };
}

export async function studyAccessById(db: Db, request: FastifyRequest, studyId: number, need: Need): Promise<StudyAccess> {
  return await studyAccess(db, request, String(studyId), need);
}
