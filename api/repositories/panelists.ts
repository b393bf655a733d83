import { and, asc, eq, ne } from 'drizzle-orm';
import { first, one, type Db } from '../../db/client';
import type { panelists } from '../../db/schema';

export type PanelistRow = typeof panelists.$inferSelect;

export async function listPanelists(db: Db, studyId: number): Promise<PanelistRow[]> {
  const { panelists } = db.t;
  return await db.orm.select().from(panelists).where(eq(panelists.studyId, studyId)).orderBy(asc(panelists.id));
}

export async function listActivePanelists(db: Db, studyId: number): Promise<PanelistRow[]> {
  const { panelists } = db.t;
  return await db.orm
    .select()
    .from(panelists)
    .where(and(eq(panelists.studyId, studyId), ne(panelists.status, 'withdrawn')))
    .orderBy(asc(panelists.id));
}

export async function findPanelist(db: Db, studyId: number, id: number): Promise<PanelistRow | undefined> {
  const { panelists } = db.t;
  const row = first(await db.orm.select().from(panelists).where(eq(panelists.id, id)));
  return row && row.studyId === studyId ? row : undefined;
}

export async function findPanelistByTokenHash(db: Db, tokenHash: string): Promise<PanelistRow | undefined> {
  const { panelists } = db.t;
  return first(await db.orm.select().from(panelists).where(eq(panelists.tokenHash, tokenHash)));
}

export async function panelistCodeExists(db: Db, studyId: number, code: string): Promise<boolean> {
  const { panelists } = db.t;
  return (
    (
      await db.orm
        .select({ id: panelists.id })
        .from(panelists)
        .where(and(eq(panelists.studyId, studyId), eq(panelists.code, code)))
    ).length > 0
  );
}

export async function insertPanelist(db: Db, row: typeof panelists.$inferInsert): Promise<PanelistRow> {
  const { panelists } = db.t;
  return one(await db.orm.insert(panelists).values(row).returning());
}

export async function updatePanelist(db: Db, id: number, patch: Partial<typeof panelists.$inferInsert>): Promise<PanelistRow> {
  const { panelists } = db.t;
  return one(await db.orm.update(panelists).set(patch).where(eq(panelists.id, id)).returning());
}
