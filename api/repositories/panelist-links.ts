import { and, eq, isNull } from 'drizzle-orm';
import { first, type Db } from '../../db/client';
import type { panelistLinks, EmailKind } from '../../db/schema';

export type PanelistLinkRow = typeof panelistLinks.$inferSelect;

export async function insertPanelistLink(db: Db, row: { panelistId: number; tokenHash: string; purpose: EmailKind; issuedAt: string }): Promise<void> {
  const { panelistLinks } = db.t;
  await db.orm.insert(panelistLinks).values(row);
}

/** A link that has not been revoked, with its panelist; whether it has expired is the caller's decision. */
export async function findLiveLinkByTokenHash(db: Db, tokenHash: string) {
  const { panelistLinks, panelists } = db.t;
  return first(
    await db.orm
      .select({ link: panelistLinks, panelist: panelists })
      .from(panelistLinks)
      .innerJoin(panelists, eq(panelistLinks.panelistId, panelists.id))
      .where(and(eq(panelistLinks.tokenHash, tokenHash), isNull(panelistLinks.revokedAt))),
  );
}

export async function revokePanelistLinks(db: Db, panelistId: number, nowIso: string): Promise<void> {
  const { panelistLinks } = db.t;
  await db.orm
    .update(panelistLinks)
    .set({ revokedAt: nowIso })
    .where(and(eq(panelistLinks.panelistId, panelistId), isNull(panelistLinks.revokedAt)));
}
