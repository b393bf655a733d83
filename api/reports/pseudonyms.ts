import { createHmac, randomInt } from 'node:crypto';

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

/**
 * The study file's panelist references (since 1.4.0): P0001, P0002... numbered in the order of an
 * HMAC of each stored code under the study's secret (opaque-ids.ts), which never leaves the
 * database. The order is stable, so export -> import -> export gives the same references, yet it
 * follows neither invitation order, row ids nor codes, so a facilitator holding the console's
 * panel list or the e-mail log cannot tell which reference is whom.
 */
export function filePseudonyms(secret: string, panel: readonly { id: number; code: string }[]): Map<number, string> {
  const width = Math.max(4, String(panel.length).length);
  const ranked = panel.map((p) => ({ id: p.id, rank: fileRank(secret, p.code) })).sort((a, b) => byCode(a.rank, b.rank));
  return new Map(ranked.map((p, i) => [p.id, `P${String(i + 1).padStart(width, '0')}`]));
}

/** Fresh stored codes for `n` imported panelists, in the order filePseudonyms will number them. */
export function storedCodesInFileOrder(secret: string, n: number): string[] {
  const taken = new Set<string>();
  const digits = Math.max(6, String(n * 100).length);
  while (taken.size < n) taken.add(`P-${String(randomInt(0, 10 ** digits)).padStart(digits, '0')}`);
  return [...taken].sort((a, b) => byCode(fileRank(secret, a), fileRank(secret, b)));
}

function fileRank(secret: string, storedCode: string): string {
  return createHmac('sha256', secret).update(`panelist-file:${storedCode}`).digest('hex');
}
