import { and, eq, gt, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import type { Db } from '../../db/client';
import { facilitators, panelists, sessions } from '../../db/schema';

export type FacilitatorRow = typeof facilitators.$inferSelect;
export type PanelistRow = typeof panelists.$inferSelect;

export function insertSession(db: Db, row: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(row).run();
}

const hash = sql.placeholder('hash');
const now = sql.placeholder('now');

export function findFacilitatorBySession(db: Db, tokenHash: string, nowIso: string): FacilitatorRow | undefined {
  const query = prepared(db, 'findFacilitatorBySession', () =>
    db
      .select({ facilitator: facilitators })
      .from(sessions)
      .innerJoin(facilitators, eq(sessions.facilitatorId, facilitators.id))
      .where(and(eq(sessions.tokenHash, hash), eq(sessions.kind, 'facilitator'), gt(sessions.expiresAt, now)))
      .prepare(),
  );
  return query.get({ hash: tokenHash, now: nowIso })?.facilitator;
}

export function findPanelistBySession(db: Db, tokenHash: string, nowIso: string): PanelistRow | undefined {
  const query = prepared(db, 'findPanelistBySession', () =>
    db
      .select({ panelist: panelists })
      .from(sessions)
      .innerJoin(panelists, eq(sessions.panelistId, panelists.id))
      .where(and(eq(sessions.tokenHash, hash), eq(sessions.kind, 'panelist'), gt(sessions.expiresAt, now)))
      .prepare(),
  );
  return query.get({ hash: tokenHash, now: nowIso })?.panelist;
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
