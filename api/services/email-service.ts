import type { Db } from '../../db/client';
import type { EmailKind } from '../../db/schema';
import { claimEmail, answerCountsForRound, listEmailTemplates, panelistsWithDedupeKey } from '../repositories/email';
import { listPanelists, type PanelistRow } from '../repositories/panelists';
import { countRoundItems, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { formatDateTime, renderTemplate, resolveTemplate } from './email-templates';
import { issueEmailToken } from './link-service';
import type { Delivery, OutgoingEmail } from './mailer';
import { invitationLink } from './panel-service';

/** A message claimed in email_log and rendered with a fresh link; the raw token lives only here and in the e-mail. */
export interface ClaimedEmail {
  logId: number;
  email: OutgoingEmail;
}

export type DeliverySummary = Record<Delivery['status'], number>;

/** What the services need from the e-mail plugin (api/plugins/email.ts). */
export interface EmailOutbox {
  readonly enabled: boolean;
  readonly reason: string | null;
  readonly from: string | null;
  /** Sends claimed messages and records each verdict; resolves when all have one. */
  deliver(claimed: ClaimedEmail[]): Promise<DeliverySummary>;
  /** The same without waiting (a route replies at once); close() and tests can wait with idle(). */
  deliverLater(claimed: ClaimedEmail[]): void;
  idle(): Promise<void>;
}

/** Has somewhere to send to and is still on the panel with a live link (revoked panelists get nothing). */
export function mailable(p: PanelistRow): boolean {
  return p.status !== 'withdrawn' && p.email !== null && p.email !== '' && p.tokenHash !== null;
}

export function dedupeKeyOf(roundId: number | null, kind: EmailKind, key: string): string {
  return `${roundId ?? 0}:${kind}:${key}`;
}

/** The opt-out link: the app exchanges the token, then turns reminders off (or POST /api/panel/unsubscribe). */
export function optOutLink(baseUrl: string, token: string): string {
  return `${baseUrl}/join?reminders=off#${token}`;
}

/** Panelists of a round who have answered every item it presents (one idea completes an open round). */
export async function completedRound(db: Db, round: RoundRow): Promise<Set<number>> {
  const presented = round.kind === 'rating' ? await countRoundItems(db, round.id) : 1;
  const counts = await answerCountsForRound(db, round.id, round.kind);
  return new Set([...counts].filter(([, n]) => n >= presented).map(([id]) => id));
}

/** Who a reminder goes to: panelists on the panel who have not completed the round and have not opted out. */
export async function reminderAudience(db: Db, study: StudyRow, round: RoundRow, audience: 'not_completed' | 'not_answered' = 'not_completed'): Promise<PanelistRow[]> {
  const done = audience === 'not_completed' ? await completedRound(db, round) : new Set((await answerCountsForRound(db, round.id, round.kind)).keys());
  return (await listPanelists(db, study.id)).filter((p) => mailable(p) && !p.remindersOptOut && !done.has(p.id));
}

export async function panelAudience(db: Db, study: StudyRow, only?: Set<number>): Promise<PanelistRow[]> {
  return (await listPanelists(db, study.id)).filter((p) => mailable(p) && (only === undefined || only.has(p.id)));
}

export interface ClaimRequest {
  study: StudyRow;
  round: RoundRow | null;
  kind: EmailKind;
  /** Which message of its kind; per panelist where it depends on them (an invitation per issued link). */
  key: string | ((p: PanelistRow) => string);
  /** Who gets it; asked again inside the claiming transaction, so a withdrawal or a last answer meanwhile counts. */
  /** Who should get it, read with the given Db (inside the claiming transaction, its tx). */
  recipients: (db: Db) => Promise<PanelistRow[]>;
  baseUrl: string;
  now: Date;
}

/**
 * Claims and renders messages. Each one is first inserted into email_log (unique per panelist and
 * dedupe key) in an immediate transaction; only a row this call inserted is sent, so the same
 * reminder run twice, or by two server instances at once, reaches each panelist once. A message
 * whose sending is interrupted stays "queued" and is not retried: at most once, never twice.
 */
export async function claimEmails(db: Db, req: ClaimRequest): Promise<{ claimed: ClaimedEmail[]; skipped: number }> {
  const keyOf = (p: PanelistRow) => (typeof req.key === 'string' ? req.key : req.key(p));
  const dedupe = (p: PanelistRow) => dedupeKeyOf(req.round?.id ?? null, req.kind, keyOf(p));
  const unclaimed = async (list: PanelistRow[]) => {
    const taken = new Map<string, Set<number>>();
    const out: PanelistRow[] = [];
    for (const p of list) {
      const k = dedupe(p);
      let set = taken.get(k);
      if (!set) taken.set(k, (set = await panelistsWithDedupeKey(db, req.study.id, k)));
      if (!set.has(p.id)) out.push(p);
    }
    return out;
  };
  // Read first: most scheduler ticks find nothing to send and need no write lock.
  const first = await req.recipients(db);
  if ((await unclaimed(first)).length === 0) return { claimed: [], skipped: first.length };

  const nowIso = req.now.toISOString();
  return db.transaction(async (tx) => {
    const overrides = await listEmailTemplates(tx, req.study.id);
    const claimed: ClaimedEmail[] = [];
    let skipped = 0;
    for (const p of await req.recipients(tx)) {
      if (!mailable(p)) continue;
      const logId = await claimEmail(tx, { studyId: req.study.id, panelistId: p.id, roundId: req.round?.id ?? null, kind: req.kind, key: keyOf(p), dedupeKey: dedupe(p), createdAt: nowIso });
      if (logId === undefined) {
        skipped++;
        continue;
      }
      const token = await issueEmailToken(tx, p.id, req.kind, nowIso);
      const template = resolveTemplate(overrides, req.kind, p.language, req.study.languages);
      const link = invitationLink(req.baseUrl, token);
      const optOut = optOutLink(req.baseUrl, token);
      const rendered = renderTemplate(req.kind, template, {
        link,
        opt_out_link: optOut,
        study_title: req.study.title,
        round_number: req.round ? String(req.round.number) : '',
        closes_at: formatDateTime(req.round?.closesAt ?? null, template.language, req.study.timeZone),
  });
        claimed.push({ logId, email: { to: p.email!, ...rendered, language: template.language, unsubscribeUrl: optOut } });
      }
      return { claimed, skipped };
    });
}
