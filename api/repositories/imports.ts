import type { Db } from '../../db/client';
import type { responses } from '../../db/schema';

/** Writes behind restoring a study export (api/reports/study-file/json-import.ts). */

type ImportedResponse = Pick<
  typeof responses.$inferInsert,
  'roundId' | 'panelistId' | 'itemVersionId' | 'criterion' | 'value' | 'cannotJudge' | 'createdAt' | 'updatedAt'
>;

/**
 * Inserts answers in batches of 500 rows (8 bound values each, well under either database's
 * limit on parameters). Call inside a transaction.
 */
export async function insertResponses(db: Db, rows: ImportedResponse[]): Promise<void> {
  const { responses } = db.t;
  for (let i = 0; i < rows.length; i += 500) await db.orm.insert(responses).values(rows.slice(i, i + 500));
}

/** An audit entry with the time it originally happened (a protocol change carried over by an import). */
export async function insertAuditEntryAt(
  db: Db,
  entry: { studyId: number; facilitatorId: number | null; action: string; details: unknown; createdAt: string },
): Promise<void> {
  const { auditLog } = db.t;
  await db.orm.insert(auditLog).values(entry);
}
