import type { Db } from '../../db/client';
import type { EmailKind } from '../../db/schema';
import {
  answerCountsForRound,
  claimEmail,
  findEmailLogEntry,
  findLease,
  listEmailTemplates,
  listLapsedLeases,
  panelistsWithDedupeKey,
  recordDelivery,
  renewLease,
  takeOverLapsed,
  type EmailLogRow,
  type EmailTemplateRow,
} from '../repositories/email';
import { findPanelist, listPanelists, type PanelistRow } from '../repositories/panelists';
import { countRoundItems, findRound, type RoundRow } from '../repositories/rounds';
import { findStudy, type StudyRow } from '../repositories/studies';
import { formatDateTime, renderTemplate, resolveTemplate } from './templates';
import { issueEmailToken } from '../services/link-service';
import type { Delivery, OutgoingEmail } from './mailer';
import { invitationLink } from '../services/panel-service';

/** A message claimed in email_log and rendered with a fresh link; the raw token lives only here and in the e-mail. */
export interface ClaimedEmail {
  logId: number;
  /** The row's `attempts` when claimed: which sender holds the lease. */
  attempts: number;
  email: OutgoingEmail;
}

/**
 * How long a claimed message belongs to its sender. Half of it is longer than any send can take
 * (three tries with SMTP timeouts of 20 s + 20 s + 60 s, and the waits between them: about 5.2
 * minutes), so a live sender never loses a message to another instance mid-send; a dead one's
 * messages wait this long before a takeover.
 */
export const LEASE_MS = 15 * 60_000;
/** The claim and one takeover after a lapsed lease; after that a facilitator decides (resend). */
export const MAX_SENDERS = 2;
/** Leases that lapsed longer ago than this are not taken over: a day-old reminder is news no more. */
export const TAKEOVER_WINDOW_MS = 24 * 3600_000;

export const leaseUntil = (now: Date) => new Date(now.getTime() + LEASE_MS).toISOString();

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

/** The opt-out link: the app exchanges the token, then turns reminders off (or POST /api/panelist/unsubscribe). */
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
export async function reminderAudience(
  db: Db,
  study: StudyRow,
  round: RoundRow,
  audience: 'not_completed' | 'not_answered' = 'not_completed',
): Promise<PanelistRow[]> {
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
 * reminder run twice, or by two server instances at once, reaches each panelist once. A claimed
 * message is leased to its sender (LEASE_MS); if the sender dies, takeOverLapsedEmails hands it
 * to one other sender once the lease has lapsed, never while it holds.
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
      const row = { studyId: req.study.id, panelistId: p.id, roundId: req.round?.id ?? null, kind: req.kind, key: keyOf(p), dedupeKey: dedupe(p) };
      const logId = await claimEmail(tx, { ...row, createdAt: nowIso, leaseUntil: leaseUntil(req.now) });
      if (logId === undefined) {
        skipped++;
        continue;
      }
      claimed.push({
        logId,
        attempts: 1,
        email: await renderEmail(tx, { study: req.study, round: req.round, kind: req.kind, panelist: p, overrides, baseUrl: req.baseUrl, nowIso }),
      });
    }
    return { claimed, skipped };
  });
}

/** One panelist's message with a fresh personal link (a new token each time it is rendered). */
async function renderEmail(
  db: Db,
  m: { study: StudyRow; round: RoundRow | null; kind: EmailKind; panelist: PanelistRow; overrides: EmailTemplateRow[]; baseUrl: string; nowIso: string },
): Promise<OutgoingEmail> {
  const token = await issueEmailToken(db, m.panelist.id, m.kind, m.nowIso);
  const template = resolveTemplate(m.overrides, m.kind, m.panelist.language, m.study.languages);
  const optOut = optOutLink(m.baseUrl, token);
  const rendered = renderTemplate(m.kind, template, {
    link: invitationLink(m.baseUrl, token),
    opt_out_link: optOut,
    study_title: m.study.title,
    round_number: m.round ? String(m.round.number) : '',
    closes_at: formatDateTime(m.round?.closesAt ?? null, template.language, m.study.timeZone),
  });
  return { to: m.panelist.email!, ...rendered, language: template.language, unsubscribeUrl: optOut };
}

/**
 * Renders a logged message again for the sender that now holds it (a takeover or a resend). A
 * panelist who left the panel or lost their address meanwhile gets nothing: the row says why.
 */
export async function renderLogged(db: Db, row: EmailLogRow, baseUrl: string, now: Date): Promise<ClaimedEmail | null> {
  const nowIso = now.toISOString();
  return db.transaction(async (tx) => {
    // Re-read inside the transaction: the sender that holds the row is the one rendering it.
    row = (await findEmailLogEntry(tx, row.studyId, row.id)) ?? row;
    const study = await findStudy(tx, row.studyId);
    const panelist = study && (await findPanelist(tx, study.id, row.panelistId));
    const round = row.roundId === null ? null : ((await findRound(tx, row.roundId)) ?? null);
    if (!study || !panelist || !mailable(panelist)) {
      await recordDelivery(tx, row.id, row.attempts, {
        status: 'failed',
        error: 'Not sent: the panelist has left the panel or has no address now.',
        messageId: null,
        sentAt: nowIso,
      });
      return null;
    }
    const email = await renderEmail(tx, { study, round, kind: row.kind, panelist, overrides: await listEmailTemplates(tx, study.id), baseUrl, nowIso });
    return { logId: row.id, attempts: row.attempts, email };
  });
}

/**
 * Messages whose sender died between claim and send (their lease lapsed with no verdict): each is
 * taken over by exactly one instance, once, and rendered for sending. Past MAX_SENDERS, or lapsed
 * longer than TAKEOVER_WINDOW_MS ago, it stays for the facilitator to see and resend.
 */
export async function takeOverLapsedEmails(db: Db, baseUrl: string, now: Date): Promise<ClaimedEmail[]> {
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - TAKEOVER_WINDOW_MS).toISOString();
  const out: ClaimedEmail[] = [];
  for (const lapsed of await listLapsedLeases(db, nowIso, since, MAX_SENDERS)) {
    const held = await db.transaction((tx) => takeOverLapsed(tx, lapsed, nowIso, leaseUntil(now)));
    if (!held) continue; // another instance took it first
    const claimed = await renderLogged(db, held, baseUrl, now);
    if (claimed) out.push(claimed);
  }
  return out;
}

/**
 * Whether this sender still holds the message with time to send it: LEASE_MS is longer than
 * any send takes, so a lease with half of it left cannot lapse mid-send. Only a message that
 * waited long in a big mailing needs a write to renew it.
 */
export async function holdLease(db: Db, logId: number, attempts: number, now: Date): Promise<boolean> {
  const lease = await findLease(db, logId);
  if (!lease || lease.status !== 'queued' || lease.attempts !== attempts || lease.leaseUntil === null) return false;
  if (Date.parse(lease.leaseUntil) - now.getTime() >= LEASE_MS / 2) return true;
  return await db.transaction((tx) => renewLease(tx, logId, attempts, now.toISOString(), leaseUntil(now)));
}

/** Stores what the SMTP server said, unless another sender has taken the message over meanwhile. */
export async function recordSent(db: Db, logId: number, attempts: number, delivery: Delivery, sentAt: string): Promise<void> {
  await db.transaction((tx) => recordDelivery(tx, logId, attempts, { ...delivery, sentAt }));
}
