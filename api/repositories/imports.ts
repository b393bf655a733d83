import { and, eq, isNotNull } from 'drizzle-orm';
import { one, type Db } from '../../db/client';
import type { ideas, responses } from '../../db/schema';

/** Writes behind restoring a study export (api/reports/study-file/json-import.ts). */

type ImportedResponse = Pick<
  typeof responses.$inferInsert,
  'roundId' | 'panelistId' | 'itemVersionId' | 'criterion' | 'value' | 'cannotJudge' | 'comment' | 'language' | 'createdAt' | 'updatedAt'
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

/** The answers that carry a comment in a study, by their key, so imported lineage can point at them. */
export async function listCommentedResponseKeys(
  db: Db,
  studyId: number,
): Promise<{ id: number; roundId: number; panelistId: number; itemVersionId: number; criterion: string }[]> {
  const { responses, rounds } = db.t;
  return await db.orm
    .select({
      id: responses.id,
      roundId: responses.roundId,
      panelistId: responses.panelistId,
      itemVersionId: responses.itemVersionId,
      criterion: responses.criterion,
    })
    .from(responses)
    .innerJoin(rounds, eq(responses.roundId, rounds.id))
    .where(and(eq(rounds.studyId, studyId), isNotNull(responses.comment)));
}

export async function setVersionSources(db: Db, versionId: number, sourceResponseIds: number[]): Promise<void> {
  const { itemVersions } = db.t;
  await db.orm.update(itemVersions).set({ sourceResponseIds }).where(eq(itemVersions.id, versionId));
}

export async function insertIdea(db: Db, row: typeof ideas.$inferInsert): Promise<number> {
  const { ideas } = db.t;
  return one(await db.orm.insert(ideas).values(row).returning({ id: ideas.id })).id;
}
