import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import { findStudySecret, insertStudySecret } from '../repositories/study-keys';

/*
 * Row ids are handed out in writing order, so a list of comments by row id tells a facilitator
 * which were written together (one panelist's answers sit at consecutive ids) and in what order.
 * Outside the service a comment or idea is known only by an HMAC of its row id under a secret
 * of the study: stable (a facilitator can select comments and send the ids back), unordered, and
 * not reversible without the secret, which never leaves the database. 52 bits keep the ids exact
 * JavaScript numbers; two rows of a study sharing one has a chance of about n²/2⁵³ (under one in
 * a million for 60,000 comments), and then the first row is meant.
 */

export type OpaqueKind = 'response' | 'idea';

export interface OpaqueIds {
  of(kind: OpaqueKind, rowId: number): number;
  /** Row ids by opaque id, for the rows the caller may refer to. */
  index(kind: OpaqueKind, rowIds: Iterable<number>): Map<number, number>;
}

function hmacId(secret: string, kind: OpaqueKind, rowId: number): number {
  const digest = createHmac('sha256', secret).update(`${kind}:${rowId}`).digest();
  return digest.readUIntBE(0, 6) * 16 + (digest[6] >> 4) + 1;
}

/** The study's secret, made on first use (a GET may be the first). */
export async function studySecret(db: Db, studyId: number): Promise<string> {
  const secret = await findStudySecret(db, studyId);
  if (secret !== undefined) return secret;
  await db.transaction((tx) => insertStudySecret(tx, studyId, newStudySecret()));
  return (await findStudySecret(db, studyId))!;
}

export function newStudySecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The study's opaque ids. */
export async function opaqueIds(db: Db, studyId: number): Promise<OpaqueIds> {
  const key = await studySecret(db, studyId);
  return {
    of: (kind, rowId) => hmacId(key, kind, rowId),
    index(kind, rowIds) {
      const out = new Map<number, number>();
      for (const id of rowIds) {
        const opaque = hmacId(key, kind, id);
        if (!out.has(opaque)) out.set(opaque, id);
      }
      return out;
    },
  };
}
