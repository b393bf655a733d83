import type { Db } from '../../db/client';
import { errors } from '../errors';
import { appendAudit } from '../repositories/audit';
import { deleteMember, findFacilitatorByEmail, listMembers, upsertMember } from '../repositories/facilitators';
import type { StudyRow } from '../repositories/studies';
import type { Role } from './access';

export async function studyMembers(db: Db, study: StudyRow) {
  return await listMembers(db, study.id);
}

async function ownerIds(db: Db, study: StudyRow): Promise<number[]> {
  return (await listMembers(db, study.id)).filter((m) => m.role === 'owner').map((m) => m.facilitatorId);
}

/** Adds a facilitator (by e-mail) to the study or changes their role; the last owner cannot step down. */
export async function setMember(db: Db, study: StudyRow, input: { email: string; role: Exclude<Role, 'admin'> }, facilitatorId: number) {
  const target = await findFacilitatorByEmail(db, input.email);
  if (!target) throw errors.notFound('Facilitator with that e-mail');
  const owners = await ownerIds(db, study);
  if (input.role !== 'owner' && owners.length === 1 && owners[0] === target.id) {
    throw errors.conflict('LAST_OWNER', 'A study needs at least one owner: make someone else owner first.');
  }
  await db.transaction(async (tx) => {
    await upsertMember(tx, study.id, target.id, input.role);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'member.set', details: { facilitatorId: target.id, role: input.role } });
  });
  return await listMembers(db, study.id);
}

/** Removes a member from the study; the last owner cannot be removed. */
export async function removeMember(db: Db, study: StudyRow, memberId: number, facilitatorId: number): Promise<void> {
  const owners = await ownerIds(db, study);
  if (owners.length === 1 && owners[0] === memberId) throw errors.conflict('LAST_OWNER', 'A study needs at least one owner.');
  await db.transaction(async (tx) => {
    await deleteMember(tx, study.id, memberId);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'member.remove', details: { facilitatorId: memberId } });
  });
}
