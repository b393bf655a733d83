import { hash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: invitation links and session cookies. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 suffices for stored tokens: they carry 256 bits of entropy, so a slow password hash adds
 * nothing against guessing, and a fast lookup by hash keeps the token out of the database.
 */
export function hashToken(token: string): string {
  // crypto.hash, one call: a third of createHash().update().digest()'s time, twice on every save.
  return hash('sha256', token, 'hex');
}

/** An idempotency key's fingerprint of the request it was first used for: SHA-256 of its parts as JSON. */
export function requestHash(parts: unknown): string {
  return hash('sha256', JSON.stringify(parts), 'hex');
}
