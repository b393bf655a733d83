import type { Db } from '../../db/client';
import { errors } from '../errors';
import { appendAudit } from '../repositories/audit';
import { deleteFacilitatorSessions } from '../repositories/sessions';
import { findFacilitator, findFacilitatorByEmail, insertFacilitator, updatePassword } from '../repositories/facilitators';
import { hashPassword, oneTimePassword, verifyPassword } from './passwords';

// Verifying against a real hash when the e-mail is unknown keeps the answer time the same.
let decoyHash: Promise<string> | undefined;

/**
 * Creates an account with a one-time password. Until it is changed the account can only read who
 * it is and change the password (`mustChangePassword`); fixtures that seed data may pass false.
 */
export async function createFacilitator(db: Db, input: { email: string; name?: string; isAdmin?: boolean; mustChangePassword?: boolean }, byId: number | null) {
  if (findFacilitatorByEmail(db, input.email)) {
    throw errors.conflict('EMAIL_TAKEN', `A facilitator with the e-mail ${input.email} already exists.`);
  }
  const password = oneTimePassword();
  const row = insertFacilitator(db, {
    email: input.email,
    name: input.name ?? '',
    isAdmin: input.isAdmin ?? false,
    passwordHash: await hashPassword(password),
    mustChangePassword: input.mustChangePassword ?? true,
  });
  appendAudit(db, { studyId: null, facilitatorId: byId, action: 'facilitator.create', details: { facilitatorId: row.id, email: row.email, isAdmin: row.isAdmin } });
  return { facilitator: row, oneTimePassword: password };
}

export async function authenticate(db: Db, email: string, password: string) {
  const row = findFacilitatorByEmail(db, email);
  if (!row) {
    decoyHash ??= hashPassword('decoy password for timing');
    await verifyPassword(await decoyHash, password);
    throw errors.badCredentials();
  }
  if (!(await verifyPassword(row.passwordHash, password))) throw errors.badCredentials();
  return row;
}

export async function changePassword(db: Db, facilitatorId: number, current: string, next: string): Promise<void> {
  const row = findFacilitator(db, facilitatorId);
  if (!row || !(await verifyPassword(row.passwordHash, current))) throw errors.badCredentials();
  updatePassword(db, facilitatorId, await hashPassword(next), false);
  deleteFacilitatorSessions(db, facilitatorId);
  appendAudit(db, { studyId: null, facilitatorId, action: 'facilitator.change_password' });
}
