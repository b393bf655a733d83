import { and, asc, eq } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { facilitators } from '../../db/schema';

export type StudyRole = 'owner' | 'facilitator' | 'observer';

export async function findFacilitatorByEmail(db: Db, email: string) {
  const { facilitators } = db.t;
  return first(await db.orm.select().from(facilitators).where(eq(facilitators.email, email.toLowerCase())));
}

export async function findFacilitator(db: Db, id: number) {
  const { facilitators } = db.t;
  return first(await db.orm.select().from(facilitators).where(eq(facilitators.id, id)));
}

export async function insertFacilitator(db: Db, row: typeof facilitators.$inferInsert) {
  const { facilitators } = db.t;
  return one(
    await db.orm
      .insert(facilitators)
      .values({ ...row, email: row.email.toLowerCase() })
      .returning(),
  );
}

export async function updatePassword(db: Db, id: number, passwordHash: string, mustChangePassword: boolean): Promise<void> {
  const { facilitators } = db.t;
  await db.orm.update(facilitators).set({ passwordHash, mustChangePassword, oneTimePasswordExpiresAt: null }).where(eq(facilitators.id, id));
}

export async function updateLanguage(db: Db, id: number, language: string | null): Promise<void> {
  const { facilitators } = db.t;
  await db.orm.update(facilitators).set({ language }).where(eq(facilitators.id, id));
}

export async function findMembership(db: Db, studyId: number, facilitatorId: number): Promise<StudyRole | undefined> {
  const { studyMembers } = db.t;
  return first(
    await db.orm
      .select({ role: studyMembers.role })
      .from(studyMembers)
      .where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.facilitatorId, facilitatorId))),
  )?.role;
}

export async function listMembers(db: Db, studyId: number) {
  const { facilitators, studyMembers } = db.t;
  return await db.orm
    .select({ facilitatorId: facilitators.id, email: facilitators.email, name: facilitators.name, role: studyMembers.role })
    .from(studyMembers)
    .innerJoin(facilitators, eq(studyMembers.facilitatorId, facilitators.id))
    .where(eq(studyMembers.studyId, studyId))
    .orderBy(asc(facilitators.id));
}

export async function upsertMember(db: Db, studyId: number, facilitatorId: number, role: StudyRole): Promise<void> {
  const { studyMembers } = db.t;
  await db.orm
    .insert(studyMembers)
    .values({ studyId, facilitatorId, role })
    .onConflictDoUpdate({ target: [studyMembers.studyId, studyMembers.facilitatorId], set: { role } });
}

export async function deleteMember(db: Db, studyId: number, facilitatorId: number): Promise<void> {
  const { studyMembers } = db.t;
  await db.orm.delete(studyMembers).where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.facilitatorId, facilitatorId)));
}

/** Whether anyone can sign in yet: a database without facilitators is a fresh install. */
export async function hasFacilitators(db: Db): Promise<boolean> {
  const { facilitators } = db.t;
  return (await db.orm.select({ id: facilitators.id }).from(facilitators).limit(1)).length > 0;
}
