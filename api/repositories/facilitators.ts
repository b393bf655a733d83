import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { facilitators, studyMembers } from '../../db/schema';

export type StudyRole = 'owner' | 'facilitator' | 'observer';

export function findFacilitatorByEmail(db: Db, email: string) {
  return db.select().from(facilitators).where(eq(facilitators.email, email.toLowerCase())).get();
}

export function findFacilitator(db: Db, id: number) {
  return db.select().from(facilitators).where(eq(facilitators.id, id)).get();
}

export function insertFacilitator(db: Db, row: typeof facilitators.$inferInsert) {
  return db.insert(facilitators).values({ ...row, email: row.email.toLowerCase() }).returning().get();
}

export function updatePassword(db: Db, id: number, passwordHash: string, mustChangePassword: boolean): void {
  db.update(facilitators).set({ passwordHash, mustChangePassword }).where(eq(facilitators.id, id)).run();
}

export function findMembership(db: Db, studyId: number, facilitatorId: number): StudyRole | undefined {
  return db
    .select({ role: studyMembers.role })
    .from(studyMembers)
    .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.facilitatorId, facilitatorId)))
    .get()?.role;
}

export function listMembers(db: Db, studyId: number) {
  return db
    .select({ facilitatorId: facilitators.id, email: facilitators.email, name: facilitators.name, role: studyMembers.role })
    .from(studyMembers)
    .innerJoin(facilitators, eq(studyMembers.facilitatorId, facilitators.id))
    .where(eq(studyMembers.studyId, studyId))
    .all();
}

export function upsertMember(db: Db, studyId: number, facilitatorId: number, role: StudyRole): void {
  db.insert(studyMembers)
    .values({ studyId, facilitatorId, role })
    .onConflictDoUpdate({ target: [studyMembers.studyId, studyMembers.facilitatorId], set: { role } })
    .run();
}

export function deleteMember(db: Db, studyId: number, facilitatorId: number): void {
  db.delete(studyMembers)
    .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.facilitatorId, facilitatorId)))
    .run();
}
