import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { facilitators, panelists, sessions } from '../../db/schema';

export type FacilitatorRow = typeof facilitators.$inferSelect;
export type PanelistRow = typeof panelists.$inferSelect;

export function insertSession(db: Db, row: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(row).run();
}

export function findFacilitatorBySession(db: Db, tokenHash: string, nowIso: string): FacilitatorRow | undefined {
  const row = db
    .select({ facilitator: facilitators })
    .from(sessions)
    .innerJoin(facilitators, eq(sessions.facilitatorId, facilitators.id))
    .where(and(eq(sessions.tokenHash, tokenHash), eq(sessions.kind, 'facilitator'), gt(sessions.expiresAt, nowIso)))
    .get();
  return row?.facilitator;
}

export function findPanelistBySession(db: Db, tokenHash: string, nowIso: string): PanelistRow | undefined {
  const row = db
    .select({ panelist: panelists })
    .from(sessions)
    .innerJoin(panelists, eq(sessions.panelistId, panelists.id))
    .where(and(eq(sessions.tokenHash, tokenHash), eq(sessions.kind, 'panelist'), gt(sessions.expiresAt, nowIso)))
    .get();
  return row?.panelist;
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}

export function deletePanelistSessions(db: Db, panelistId: number): void {
  db.delete(sessions).where(eq(sessions.panelistId, panelistId)).run();
}

export function deleteFacilitatorSessions(db: Db, facilitatorId: number): void {
  db.delete(sessions).where(eq(sessions.facilitatorId, facilitatorId)).run();
}
