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
  if (await findFacilitatorByEmail(db, input.email)) {
    throw errors.conflict('EMAIL_TAKEN', `A facilitator with the e-mail ${input.email} already exists.`);
  }
  const password = oneTimePassword();
  // Hashed before the transaction: a transaction does database work only.
  const passwordHash = await hashPassword(password);
  const row = await db.transaction(async (tx) => {
    const created = await insertFacilitator(tx, { email: input.email, name: input.name ?? '', isAdmin: input.isAdmin ?? false, passwordHash, mustChangePassword: input.mustChangePassword ?? true });
    await appendAudit(tx, { studyId: null, facilitatorId: byId, action: 'facilitator.create', details: { facilitatorId: created.id, email: created.email, isAdmin: created.isAdmin } });
    return created;
  });
  return { facilitator: row, oneTimePassword: password };
}

export async function authenticate(db: Db, email: string, password: string) {
  const row = await findFacilitatorByEmail(db, email);
  if (!row) {
    decoyHash ??= hashPassword('decoy password for timing');
    await verifyPassword(await decoyHash, password);
    throw errors.badCredentials();
  }
  if (!(await verifyPassword(row.passwordHash, password))) throw errors.badCredentials();
  return row;
}

export async function changePassword(db: Db, facilitatorId: number, current: string, next: string): Promise<void> {
  const row = await findFacilitator(db, facilitatorId);
  if (!row || !(await verifyPassword(row.passwordHash, current))) throw errors.badCredentials();
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await updatePassword(tx, facilitatorId, passwordHash, false);
    await deleteFacilitatorSessions(tx, facilitatorId);
    await appendAudit(tx, { studyId: null, facilitatorId, action: 'facilitator.change_password' });
  });
}
