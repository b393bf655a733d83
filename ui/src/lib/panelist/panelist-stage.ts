import type { InvitationPreview, PanelistItem } from './panelist-api';

/** Which page the panelist app shows. */
export type Stage =
  | { kind: 'loading' }
  /**
   * Opened from an invitation link: the study is read (no session, nothing changes) and the
   * token is exchanged only once the panelist agrees. `preview` is null when it could not be read.
   */
  | { kind: 'invitation'; token: string; preview: InvitationPreview | null }
  /** Opened from an e-mail's opt-out link: reminders are off (or could not be turned off). */
  | { kind: 'opted-out'; token: string; ok: boolean; message: string | null }
  | { kind: 'no-session'; message: string | null }
  | { kind: 'withdrawn' }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface Category {
  id: number | null;
  name: string | null;
  items: PanelistItem[];
}
