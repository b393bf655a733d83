import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog, responses } from '../../db/schema';

/** Writes behind restoring a study export (api/reports/json-import.ts). */

type ImportedResponse = Pick<typeof responses.$inferInsert, 'roundId' | 'panelistId' | 'itemVersionId' | 'value' | 'cannotJudge' | 'createdAt' | 'updatedAt'>;

/**
 * Inserts answers through one prepared statement (a study export can hold hundreds of thousands;
 * building a multi-row insert for each batch costs several times more than the inserts).
 * Call inside a transaction.
 */
export function insertResponses(db: Db, rows: ImportedResponse[]): void {
  if (rows.length === 0) return;
  const insert = db
    .insert(responses)
    .values({
      roundId: sql.placeholder('roundId'),
      panelistId: sql.placeholder('panelistId'),
      itemVersionId: sql.placeholder('itemVersionId'),
      value: sql.placeholder('value'),
      cannotJudge: sql.placeholder('cannotJudge'),
      createdAt: sql.placeholder('createdAt'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    .prepare();
  // Placeholder values skip the column's boolean mapping, so the flag is bound as the stored 0/1.
  for (const r of rows) insert.run({ ...r, cannotJudge: r.cannotJudge ? 1 : 0 });
}

/** An audit entry with the time it originally happened (a protocol change carried over by an import). */
export function insertAuditEntryAt(
  db: Db,
  entry: { studyId: number; facilitatorId: number | null; action: string; details: unknown; createdAt: string },
): void {
  db.insert(auditLog).values(entry).run();
}
