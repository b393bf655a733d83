import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';

export async function appendAudit(db: Db, entry: { studyId: number | null; facilitatorId: number | null; action: string; details?: unknown }): Promise<void> {
  const { auditLog } = db.t;
  await db.orm.insert(auditLog).values({ studyId: entry.studyId, facilitatorId: entry.facilitatorId, action: entry.action, details: entry.details ?? {} });
}

export async function listAudit(db: Db, studyId: number, limit: number) {
  const { auditLog } = db.t;
  return await db.orm.select().from(auditLog).where(eq(auditLog.studyId, studyId)).orderBy(desc(auditLog.id)).limit(limit);
}
