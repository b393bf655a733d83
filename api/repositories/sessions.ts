import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { first, type Db } from '../../db/client';
import type { facilitators, panelists, sessions } from '../../db/schema';

export type FacilitatorRow = typeof facilitators.$inferSelect;
export type PanelistRow = typeof panelists.$inferSelect;

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  const { sessions } = db.t;
  await db.orm.insert(sessions).values(row);
}

const hash = sql.placeholder('hash');
const now = sql.placeholder('now');

export async function findFacilitatorBySession(db: Db, tokenHash: string, nowIso: string): Promise<FacilitatorRow | undefined> {
  const { facilitators, sessions } = db.t;
  const query = db.prepared('findFacilitatorBySession', (d) =>
    d.orm
      .select({ facilitator: facilitators })
      .from(sessions)
      .innerJoin(facilitators, eq(sessions.facilitatorId, facilitators.id))
      .where(and(eq(sessions.tokenHash, hash), eq(sessions.kind, 'facilitator'), gt(sessions.expiresAt, now))),
  );
  return first(await query({ hash: tokenHash, now: nowIso }))?.facilitator;
}

export async function findPanelistBySession(db: Db, tokenHash: string, nowIso: string): Promise<PanelistRow | undefined> {
  // PostgreSQL: the lookups of requests that arrive together share one round trip.
  if (db.dialect === 'postgres') return db.coalesce('findPanelistBySession', (asked) => findPanelistsBySessions(db, asked), { tokenHash, nowIso });
  const { panelists, sessions } = db.t;
  const query = db.prepared('findPanelistBySession', (d) =>
    d.orm
      .select({ panelist: panelists })
      .from(sessions)
      .innerJoin(panelists, eq(sessions.panelistId, panelists.id))
      .where(and(eq(sessions.tokenHash, hash), eq(sessions.kind, 'panelist'), gt(sessions.expiresAt, now))),
  );
  return first(await query({ hash: tokenHash, now: nowIso }))?.panelist;
}

/** The panelists of several sessions in one query, each checked against its own request's time. */
async function findPanelistsBySessions(db: Db, asked: { tokenHash: string; nowIso: string }[]): Promise<(PanelistRow | undefined)[]> {
  const { panelists, sessions } = db.t;
  const query = db.prepared('findPanelistsBySessions', (d) =>
    d.orm
      .select({ tokenHash: sessions.tokenHash, expiresAt: sessions.expiresAt, panelist: panelists })
      .from(sessions)
      .innerJoin(panelists, eq(sessions.panelistId, panelists.id))
      .where(and(sql`${sessions.tokenHash} = any(${sql.placeholder('hashes')})`, eq(sessions.kind, 'panelist'), gt(sessions.expiresAt, now))),
  );
  const earliest = asked.reduce((min, a) => (a.nowIso < min ? a.nowIso : min), asked[0].nowIso);
  const found = new Map((await query({ hashes: asked.map((a) => a.tokenHash), now: earliest })).map((r) => [r.tokenHash, r]));
  // ISO times compare as strings, as they do in the query.
  return asked.map((a) => {
    const row = found.get(a.tokenHash);
    return row && row.expiresAt > a.nowIso ? row.panelist : undefined;
  });
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  const { sessions } = db.t;
  await db.orm.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deletePanelistSessions(db: Db, panelistId: number): Promise<void> {
  const { sessions } = db.t;
  await db.orm.delete(sessions).where(eq(sessions.panelistId, panelistId));
}

export async function deleteFacilitatorSessions(db: Db, facilitatorId: number): Promise<void> {
  const { sessions } = db.t;
  await db.orm.delete(sessions).where(eq(sessions.facilitatorId, facilitatorId));
}

export async function hasExpiredSessions(db: Db, nowIso: string): Promise<boolean> {
  const { sessions } = db.t;
  return (await db.orm.select({ tokenHash: sessions.tokenHash }).from(sessions).where(lte(sessions.expiresAt, nowIso)).limit(1)).length > 0;
}

/** Sessions past their expiry are refused already; this removes them. Returns how many went. */
export async function deleteExpiredSessions(db: Db, nowIso: string): Promise<number> {
  const { sessions } = db.t;
  return (await db.orm.delete(sessions).where(lte(sessions.expiresAt, nowIso)).returning({ tokenHash: sessions.tokenHash })).length;
}
