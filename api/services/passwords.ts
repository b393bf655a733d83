import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * At most this many argon2 computations run at once (19 MiB each); the rest wait their turn.
 * Sign-ins from many addresses at the same moment then cost time, not memory. Per address, the
 * attempt limiter already caps checks in flight: each one counts as a failure until it succeeds.
 */
const MAX_PASSWORD_WORK = 4;
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_PASSWORD_WORK) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so `running` never overshoots.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** How many argon2 computations are running right now (never more than MAX_PASSWORD_WORK). */
export function passwordWorkInFlight(): number {
  return running;
}

export function hashPassword(password: string): Promise<string> {
  return inTurn(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await inTurn(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** A one-time password people can type: 4 groups of 5 characters without look-alikes (about 98 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
