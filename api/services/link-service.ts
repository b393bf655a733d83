import type { Db } from '../../db/client';
import type { EmailKind } from '../../db/schema';
import { findPanelistByTokenHash, type PanelistRow } from '../repositories/panelists';
import { findLiveLinkByTokenHash, insertPanelistLink } from '../repositories/panelist-links';
import { hashToken, newToken } from './tokens';

/**
 * The panelist a link token belongs to: the invitation token on the panelist row, or any live
 * link sent by e-mail. Each expires `ttlMs` after it was issued. Unknown, expired and revoked
 * tokens all give undefined, so callers answer them alike.
 */
export async function panelistForToken(db: Db, token: string, now: Date, ttlMs: number): Promise<PanelistRow | undefined> {
  const hash = hashToken(token);
  const expired = (issuedAt: string | null) => issuedAt === null || Date.parse(issuedAt) + ttlMs < now.getTime();
  const invited = await findPanelistByTokenHash(db, hash);
  if (invited) return expired(invited.tokenIssuedAt) ? undefined : invited;
  const found = await findLiveLinkByTokenHash(db, hash);
  if (!found || expired(found.link.issuedAt)) return undefined;
  // Revoking the invitation revokes the e-mailed links in the same transaction; this is a second lock on that door.
  return found.panelist.tokenHash !== null ? found.panelist : undefined;
}

/** Issues a fresh link token for one e-mail; only its hash is stored. Returns the raw token. */
export async function issueEmailToken(db: Db, panelistId: number, purpose: EmailKind, nowIso: string): Promise<string> {
  const token = newToken();
  await insertPanelistLink(db, { panelistId, tokenHash: hashToken(token), purpose, issuedAt: nowIso });
  return token;
}
