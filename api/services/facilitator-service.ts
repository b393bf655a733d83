import type { Db } from '../../db/client';
import { errors } from '../errors';
import { appendAudit } from '../repositories/audit';
import { deleteFacilitatorSessions, type FacilitatorRow } from '../repositories/sessions';
import { findFacilitator, findFacilitatorByEmail, insertFacilitator, updateLanguage, updatePassword } from '../repositories/facilitators';
import { UI_LANGUAGES, type UiLanguage } from '../contract/languages';
import { hashPassword, oneTimePassword, verifyPassword } from './passwords';

// Verifying against a real hash when the e-mail is unknown keeps the answer time the same.
let decoyHash: Promise<string> | undefined;

/** How long a one-time password works unless configured otherwise (ONE_TIME_PASSWORD_TTL_HOURS). */
export const DEFAULT_ONE_TIME_PASSWORD_TTL_MS = 24 * 3600_000;

export interface OneTimePasswordOptions {
  now?: Date;
  ttlMs?: number;
}

/**
 * Creates an account with a one-time password. Until it is changed the account can only read who
 * it is and change the password (`mustChangePassword`), and after `ttlMs` it does not work at
 * all, so a password printed to a log or sent in a message does not stay a way in.
 * Fixtures that seed data may pass mustChangePassword false (the password then does not expire).
 */
export async function createFacilitator(
  db: Db,
  input: { email: string; name?: string; isAdmin?: boolean; mustChangePassword?: boolean },
  byId: number | null,
  options: OneTimePasswordOptions = {},
) {
  if (await findFacilitatorByEmail(db, input.email)) {
    throw errors.conflict('EMAIL_TAKEN', `A facilitator with the e-mail ${input.email} already exists.`);
  }
  const password = oneTimePassword();
  // Hashed before the transaction: a transaction does database work only.
  const passwordHash = await hashPassword(password);
  const mustChangePassword = input.mustChangePassword ?? true;
  const expiresAt = new Date((options.now ?? new Date()).getTime() + (options.ttlMs ?? DEFAULT_ONE_TIME_PASSWORD_TTL_MS));
  const row = await db.transaction(async (tx) => {
    const created = await insertFacilitator(tx, {
      email: input.email,
      name: input.name ?? '',
      isAdmin: input.isAdmin ?? false,
      passwordHash,
      mustChangePassword,
      oneTimePasswordExpiresAt: mustChangePassword ? expiresAt.toISOString() : null,
    });
    await appendAudit(tx, {
      studyId: null,
      facilitatorId: byId,
      action: 'facilitator.create',
      details: { facilitatorId: created.id, email: created.email, isAdmin: created.isAdmin },
    });
    return created;
  });
  return { facilitator: row, oneTimePassword: password, expiresAt: row.oneTimePasswordExpiresAt };
}

/** An expired one-time password is simply a wrong password: the same 401, after the same work. */
const expired = (row: { oneTimePasswordExpiresAt: string | null }, now: Date) =>
  row.oneTimePasswordExpiresAt !== null && row.oneTimePasswordExpiresAt <= now.toISOString();

export async function authenticate(db: Db, email: string, password: string, now = new Date()) {
  const row = await findFacilitatorByEmail(db, email);
  if (!row) {
    decoyHash ??= hashPassword('decoy password for timing');
    await verifyPassword(await decoyHash, password);
    throw errors.badCredentials();
  }
  if (!(await verifyPassword(row.passwordHash, password)) || expired(row, now)) throw errors.badCredentials();
  return row;
}

export async function changePassword(db: Db, facilitatorId: number, current: string, next: string, now = new Date()): Promise<void> {
  const row = await findFacilitator(db, facilitatorId);
  if (!row || !(await verifyPassword(row.passwordHash, current)) || expired(row, now)) throw errors.badCredentials();
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await updatePassword(tx, facilitatorId, passwordHash, false);
    await deleteFacilitatorSessions(tx, facilitatorId);
    await appendAudit(tx, { studyId: null, facilitatorId, action: 'facilitator.change_password' });
  });
}

/** What the API tells about a facilitator account: never its password hash. */
export function profileOf(f: FacilitatorRow) {
  return { id: f.id, email: f.email, name: f.name, isAdmin: f.isAdmin, mustChangePassword: f.mustChangePassword, language: uiLanguageOf(f.language) };
}

// A language stored by an older release that no longer has a catalogue reads as "follow the browser".
const uiLanguageOf = (code: string | null): UiLanguage | null => ((UI_LANGUAGES as readonly string[]).includes(code ?? '') ? (code as UiLanguage) : null);

/** Remembers the console language a facilitator chose (null: follow the browser). */
export async function setLanguage(db: Db, f: FacilitatorRow, language: UiLanguage | null) {
  await db.transaction(async (tx) => {
    await updateLanguage(tx, f.id, language);
    await appendAudit(tx, { studyId: null, facilitatorId: f.id, action: 'facilitator.set_language', details: { language } });
  });
  return profileOf({ ...f, language });
}

export async function recordSignIn(db: Db, f: FacilitatorRow): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, { studyId: null, facilitatorId: f.id, action: 'facilitator.sign_in' }));
}

export async function recordSignOut(db: Db, f: FacilitatorRow): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, { studyId: null, facilitatorId: f.id, action: 'facilitator.sign_out' }));
}
