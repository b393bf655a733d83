import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema';

export function appendAudit(
  db: Db,
  entry: { studyId: number | null; facilitatorId: number | null; action: string; details?: unknown },
): void {
  db.insert(auditLog)
    .values({ studyId: entry.studyId, facilitatorId: entry.facilitatorId, action: entry.action, details: entry.details ?? {} })
    .run();
}

export function listAudit(db: Db, studyId: number, limit: number) {
  return db.select().from(auditLog).where(eq(auditLog.studyId, studyId)).orderBy(desc(auditLog.id)).limit(limit).all();
}
