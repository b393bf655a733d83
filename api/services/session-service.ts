import type { Db } from '../../db/client';
import { deleteSession, insertSession } from '../repositories/sessions';
import { hashToken, newToken } from './tokens';

/** Stores a session for a facilitator or a panelist and returns its token: only the cookie holds it, the table keeps its hash. */
export async function openSession(db: Db, who: { facilitatorId: number } | { panelistId: number }, expiresAt: string): Promise<string> {
  const token = newToken();
  const isFacilitator = 'facilitatorId' in who;
  await db.transaction((tx) =>
    insertSession(tx, {
      tokenHash: hashToken(token),
      kind: isFacilitator ? 'facilitator' : 'panelist',
      facilitatorId: isFacilitator ? who.facilitatorId : null,
      panelistId: isFacilitator ? null : who.panelistId,
      expiresAt,
    }),
  );
  return token;
}

/** Ends the session a cookie's token names; an unknown token changes nothing. */
export async function closeSession(db: Db, token: string): Promise<void> {
  await db.transaction((tx) => deleteSession(tx, hashToken(token)));
}
