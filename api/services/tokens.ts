import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: invitation links and session cookies. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 suffices for stored tokens: they carry 256 bits of entropy, so a slow password hash adds
 * nothing against guessing, and a fast lookup by hash keeps the token out of the database.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
