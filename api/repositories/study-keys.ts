import { eq } from 'drizzle-orm';
import { first, type Db } from '../../db/client';

export async function findStudySecret(db: Db, studyId: number): Promise<string | undefined> {
  const { studyKeys } = db.t;
  return first(await db.orm.select({ secret: studyKeys.secret }).from(studyKeys).where(eq(studyKeys.studyId, studyId)))?.secret;
}

/** Keeps the first secret when two instances create one at once. */
export async function insertStudySecret(db: Db, studyId: number, secret: string): Promise<void> {
  const { studyKeys } = db.t;
  await db.orm.insert(studyKeys).values({ studyId, secret }).onConflictDoNothing();
}
