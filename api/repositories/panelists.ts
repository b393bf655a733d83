import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { panelists } from '../../db/schema';

export type PanelistRow = typeof panelists.$inferSelect;

export function listPanelists(db: Db, studyId: number): PanelistRow[] {
  return db.select().from(panelists).where(eq(panelists.studyId, studyId)).orderBy(asc(panelists.id)).all();
}

export function listActivePanelists(db: Db, studyId: number): PanelistRow[] {
  return db
    .select()
    .from(panelists)
    .where(and(eq(panelists.studyId, studyId), ne(panelists.status, 'withdrawn')))
    .orderBy(asc(panelists.id))
    .all();
}

export function findPanelist(db: Db, studyId: number, id: number): PanelistRow | undefined {
  const row = db.select().from(panelists).where(eq(panelists.id, id)).get();
  return row && row.studyId === studyId ? row : undefined;
}

export function findPanelistByTokenHash(db: Db, tokenHash: string): PanelistRow | undefined {
  return db.select().from(panelists).where(eq(panelists.tokenHash, tokenHash)).get();
}

export function panelistCodeExists(db: Db, studyId: number, code: string): boolean {
  return (
    db.select({ id: panelists.id }).from(panelists).where(and(eq(panelists.studyId, studyId), eq(panelists.code, code))).get() !==
    undefined
  );
}

export function insertPanelist(db: Db, row: typeof panelists.$inferInsert): PanelistRow {
  return db.insert(panelists).values(row).returning().get();
}

export function updatePanelist(db: Db, id: number, patch: Partial<typeof panelists.$inferInsert>): PanelistRow {
  return db.update(panelists).set(patch).where(eq(panelists.id, id)).returning().get();
}
