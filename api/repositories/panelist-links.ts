import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { panelistLinks, panelists, type EmailKind } from '../../db/schema';

export type PanelistLinkRow = typeof panelistLinks.$inferSelect;

export function insertPanelistLink(db: Db, row: { panelistId: number; tokenHash: string; purpose: EmailKind; issuedAt: string }): void {
  db.insert(panelistLinks).values(row).run();
}

/** A link that has not been revoked, with its panelist; whether it has expired is the caller's decision. */
export function findLiveLinkByTokenHash(db: Db, tokenHash: string) {
  return db
    .select({ link: panelistLinks, panelist: panelists })
    .from(panelistLinks)
    .innerJoin(panelists, eq(panelistLinks.panelistId, panelists.id))
    .where(and(eq(panelistLinks.tokenHash, tokenHash), isNull(panelistLinks.revokedAt)))
    .get();
}

export function revokePanelistLinks(db: Db, panelistId: number, nowIso: string): void {
  db.update(panelistLinks)
    .set({ revokedAt: nowIso })
    .where(and(eq(panelistLinks.panelistId, panelistId), isNull(panelistLinks.revokedAt)))
    .run();
}
