import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud and copied by hand.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * A fresh random code (R-xxxx) per panelist for one export. Two exports of the same study share no
 * mapping, so files handed to different people cannot be joined on the code, and no code equals a
 * stored panelist code (which would link the file back to the invitation list).
 */
export function exportPseudonyms(panelistIds: readonly number[], storedCodes: Iterable<string>): Map<number, string> {
  const taken = new Set(storedCodes);
  // Keep the code space at least 1,000 times the panel, so drawing stays quick and collisions rare.
  let length = 4;
  while (ALPHABET.length ** length < panelistIds.length * 1000) length++;
  const out = new Map<number, string>();
  for (const id of panelistIds) {
    let code: string;
    do {
      code = 'R-';
      for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    } while (taken.has(code));
    taken.add(code);
    out.set(id, code);
  }
  return out;
}

/** Compares codes as text so sorting by pseudonym says nothing about enrolment order. */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
