import { randomInt } from 'node:crypto';
import type { Db } from '../../db/client';
import { errors, type Problem } from '../errors';
import type { InvitePanelist } from '../schemas/panel';
import { appendAudit } from '../repositories/audit';
import { findPanelist, insertPanelist, listPanelists, panelistCodeExists, updatePanelist, type PanelistRow } from '../repositories/panelists';
import { deleteResponsesOfPanelist } from '../repositories/responses';
import { deletePanelistSessions } from '../repositories/sessions';
import { revokePanelistLinks } from '../repositories/panelist-links';
import { findStudy, type StudyRow } from '../repositories/studies';
import { parseCsv, requireColumns } from './csv';
import { panelistForToken } from './link-service';
import { hashToken, newToken } from './tokens';

export interface IssuedInvitation {
  panelistId: number;
  code: string;
  email: string | null;
  language: string;
  link: string;
}

/** The link carries the token in the fragment: browsers never send it to a server or a Referer. */
/** The panel with each member's status, as the facilitator sees it (never a token, only whether a link is live). */
export async function listPanel(db: Db, study: StudyRow) {
  return (await listPanelists(db, study.id)).map((p) => ({
    id: p.id,
    code: p.code,
    email: p.email,
    language: p.language,
    attributes: p.attributes,
    status: p.status,
    hasActiveLink: p.tokenHash !== null,
    joinedAt: p.joinedAt,
    withdrawnAt: p.withdrawnAt,
  }));
}

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl}/join#${token}`;
}

function generateCode(taken: Set<string>): string {
  for (;;) {
    const code = `P-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    if (!taken.has(code)) return code;
  }
}

function checkPanelist(study: StudyRow, input: InvitePanelist, problems: Problem[], at: (column: string) => Omit<Problem, 'message'>) {
  if (input.language && !study.languages.includes(input.language)) {
    problems.push({ ...at('language'), message: `"${input.language}" is not one of the study's languages (${study.languages.join(', ')}).` });
  }
  const attrs = study.attributes;
  for (const a of attrs) {
    const v = input.attributes[a.name];
    if (v === undefined || v === '') problems.push({ ...at(a.name), message: `A value for ${a.label} is required.` });
    else if (!a.values.includes(v)) problems.push({ ...at(a.name), message: `"${v}" is not an allowed value for ${a.label} (${a.values.join(', ')}).` });
  }
  for (const k of Object.keys(input.attributes)) {
    if (!attrs.some((a) => a.name === k)) problems.push({ ...at(k), message: `"${k}" is not a panel attribute of this study.` });
  }
}

async function issue(db: Db, study: StudyRow, input: InvitePanelist, code: string, baseUrl: string, nowIso: string): Promise<IssuedInvitation> {
  const token = newToken();
  const row = await insertPanelist(db, {
    studyId: study.id,
    code,
    email: input.email ?? null,
    language: input.language ?? study.languages[0],
    attributes: input.attributes,
    tokenHash: hashToken(token),
    tokenIssuedAt: nowIso,
  });
  return { panelistId: row.id, code: row.code, email: row.email, language: row.language, link: invitationLink(baseUrl, token) };
}

export async function invitePanelist(db: Db, study: StudyRow, input: InvitePanelist, facilitatorId: number, baseUrl: string, nowIso: string) {
  const problems: Problem[] = [];
  checkPanelist(study, input, problems, (c) => ({ path: c === 'language' ? 'language' : `attributes.${c}` }));
  if (problems.length > 0) throw errors.validation(problems[0].message, problems);
  if (input.code && (await panelistCodeExists(db, study.id, input.code))) throw errors.conflict('CODE_TAKEN', `The code ${input.code} is taken in this study.`);
  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const taken = new Set((await listPanelists(tx, study.id)).map((p) => p.code));
    const inv = await issue(tx, study, input, input.code ?? generateCode(taken), baseUrl, nowIso);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'panelist.invite', details: { panelistId: inv.panelistId, code: inv.code } });
    return inv;
  });
}

/** Imports panelists from CSV (code, email, language and one column per attribute). All or nothing. */
export async function importPanelists(db: Db, study: StudyRow, csv: string, facilitatorId: number, baseUrl: string, nowIso: string) {
  const table = parseCsv(csv);
  const problems = [...table.problems];
  const attrs = study.attributes;
  requireColumns(
    table,
    attrs.map((a) => a.name),
    problems,
  );
  for (const h of new Set(table.header)) {
    if (h && !['code', 'email', 'language'].includes(h) && !attrs.some((a) => a.name === h)) {
      problems.push({ line: 1, column: h, message: `Unknown column "${h}". Use code, email, language and ${attrs.map((a) => a.name).join(', ')}.` });
    }
  }
  const taken = new Set((await listPanelists(db, study.id)).map((p) => p.code));
  const seenCodes = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  const inputs: { input: InvitePanelist; line: number }[] = [];
  for (const row of table.rows) {
    const v = row.values;
    const at = (column: string) => ({ line: row.line, column });
    const code = v.code || undefined;
    if (code !== undefined) {
      if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code)) problems.push({ ...at('code'), message: 'The code must be 1-40 letters, digits, dot, dash or underscore.' });
      else if (taken.has(code)) problems.push({ ...at('code'), message: `The code ${code} is taken in this study.` });
      else if (seenCodes.has(code)) problems.push({ ...at('code'), message: `The code ${code} is also used on line ${seenCodes.get(code)}.` });
      seenCodes.set(code, row.line);
    }
    const email = v.email || undefined;
    if (email !== undefined) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) problems.push({ ...at('email'), message: `"${email}" is not an e-mail address.` });
      else if (seenEmails.has(email.toLowerCase()))
        problems.push({ ...at('email'), message: `This e-mail is also used on line ${seenEmails.get(email.toLowerCase())}.` });
      seenEmails.set(email?.toLowerCase() ?? '', row.line);
    }
    const attributes = Object.fromEntries(attrs.map((a) => [a.name, v[a.name] ?? '']));
    const input: InvitePanelist = { code, email, language: v.language || undefined, attributes };
    checkPanelist(study, input, problems, at);
    inputs.push({ input, line: row.line });
  }
  if (table.rows.length === 0 && problems.length === 0) problems.push({ line: 2, message: 'The file has a header but no panelists.' });
  if (problems.length > 0) throw errors.csvInvalid(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const all = new Set([...taken, ...seenCodes.keys()]);
    const out: IssuedInvitation[] = [];
    for (const { input } of inputs) {
      const code = input.code ?? generateCode(all);
      all.add(code);
      out.push(await issue(tx, study, input, code, baseUrl, nowIso));
    }
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'panelist.import', details: { count: out.length } });
    return out;
  });
}

async function panelistOrThrow(db: Db, study: StudyRow, panelistId: number): Promise<PanelistRow> {
  const p = await findPanelist(db, study.id, panelistId);
  if (!p) throw errors.notFound('Panelist');
  return p;
}

/** Issues a new link; the old one stops working at once, and so do sessions opened with it. */
export async function reissueLink(
  db: Db,
  study: StudyRow,
  panelistId: number,
  facilitatorId: number,
  baseUrl: string,
  nowIso: string,
): Promise<IssuedInvitation> {
  const p = await panelistOrThrow(db, study, panelistId);
  if (p.status === 'withdrawn') throw errors.conflict('PANELIST_WITHDRAWN', 'This panelist has withdrawn; a new link cannot be issued.');
  const token = newToken();
  await db.transaction(async (tx) => {
    await updatePanelist(tx, p.id, { tokenHash: hashToken(token), tokenIssuedAt: nowIso });
    await revokePanelistLinks(tx, p.id, nowIso);
    await deletePanelistSessions(tx, p.id);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'panelist.reissue', details: { panelistId: p.id } });
  });
  return { panelistId: p.id, code: p.code, email: p.email, language: p.language, link: invitationLink(baseUrl, token) };
}

/** Revokes the panelist's links and sessions; returns their id, for closing their open websockets. */
export async function revokeLink(db: Db, study: StudyRow, panelistId: number, facilitatorId: number, nowIso = new Date().toISOString()): Promise<number> {
  const p = await panelistOrThrow(db, study, panelistId);
  await db.transaction(async (tx) => {
    await updatePanelist(tx, p.id, { tokenHash: null });
    await revokePanelistLinks(tx, p.id, nowIso);
    await deletePanelistSessions(tx, p.id);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'panelist.revoke', details: { panelistId: p.id } });
  });
  return p.id;
}

/**
 * Withdraws a panelist under the study's declared policy: `keep` keeps answers already given
 * (they stay in closed rounds' results), `erase` deletes every answer and idea of theirs. Frozen
 * results of closed rounds are not recomputed either way; the report states the policy.
 */
export async function withdrawPanelist(
  db: Db,
  study: StudyRow,
  panelistId: number,
  by: { facilitatorId: number | null },
  nowIso: string,
  reason?: string,
): Promise<number> {
  const p = await panelistOrThrow(db, study, panelistId);
  if (p.status === 'withdrawn') throw errors.conflict('PANELIST_WITHDRAWN', `Panelist ${p.code} has already withdrawn.`);
  await db.transaction(async (tx) => {
    await updatePanelist(tx, p.id, { status: 'withdrawn', withdrawnAt: nowIso, tokenHash: null, email: study.withdrawalPolicy === 'erase' ? null : p.email });
    await revokePanelistLinks(tx, p.id, nowIso);
    await deletePanelistSessions(tx, p.id);
    if (study.withdrawalPolicy === 'erase') await deleteResponsesOfPanelist(tx, p.id);
    // In strict anonymity an erasure is recorded without the panelist: comments that vanish at the
    // moment of an entry naming someone would be theirs. The panel list still shows who left.
    const unnamed = study.withdrawalPolicy === 'erase' && study.anonymity === 'strict';
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId: by.facilitatorId,
      action: by.facilitatorId === null ? 'panelist.withdraw_self' : 'panelist.withdraw',
      details: unnamed
        ? { policy: study.withdrawalPolicy, reason: reason ?? null }
        : { panelistId: p.id, policy: study.withdrawalPolicy, reason: reason ?? null },
    });
  });
  return p.id;
}

/** Reads an invitation without using it: what the welcome page shows before the panelist agrees. */
/** What the welcome page shows before the invitation is used: the study's terms, in the invited panelist's language. */
export async function previewInvitation(db: Db, token: string, now: Date, ttlMs: number) {
  const p = await panelistForToken(db, token, now, ttlMs);
  if (!p || p.status === 'withdrawn') throw errors.invitationInvalid();
  const { title, aim, languages, timeNeededMinutes, anonymity, withdrawalPolicy, minGroupSize } = (await findStudy(db, p.studyId))!;
  return { study: { title, aim, languages, timeNeededMinutes, anonymity, withdrawalPolicy, minGroupSize }, language: p.language };
}

/** The panelist leaves the study themselves: the same withdrawal a facilitator records, with no facilitator. */
export async function withdrawSelf(db: Db, panelist: PanelistRow, nowIso: string) {
  return await withdrawPanelist(db, (await findStudy(db, panelist.studyId))!, panelist.id, { facilitatorId: null }, nowIso);
}
