/** What a panelist's link asks for: an invitation ("/join#TOKEN") or an e-mail's opt-out ("/join?reminders=off#TOKEN"). */
export interface EntryLink {
  token: string;
  /** The link came from an e-mail's "no more reminders" line. */
  optOut: boolean;
}

/** Reads the invitation token from "#TOKEN" (and tolerates "#token=TOKEN"). */
export function tokenFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, '').replace(/^token=/, '');
  return /^[A-Za-z0-9_-]{16,200}$/.test(raw) ? raw : null;
}

/** The link's token and intent, or null when the address carries no usable token. */
export function readEntryLink(search: string, hash: string): EntryLink | null {
  const token = tokenFromHash(hash);
  if (!token) return null;
  const reminders = new URLSearchParams(search).get('reminders');
  return { token, optOut: reminders !== null && reminders.toLowerCase() === 'off' };
}
