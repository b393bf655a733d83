import type { Db } from '../../db/client';
import { errors, type Problem } from '../errors';
import type { CreateRound, Round } from '../schemas/round';
import { toRound } from '../schemas/round-wire';
import { appendAudit } from '../repositories/audit';
import { appendEvent, type EventRow } from '../repositories/events';
import { listCommentsForRound, listIdeasForRound } from '../repositories/responses';
import {
  countItemsPerRound,
  countRoundItems,
  findLatestRound,
  findOpenRound,
  findRound,
  insertItemDecisions,
  insertRound,
  insertRoundItems,
  insertRoundResults,
  listItemDecisions,
  listRoundItems,
  listRoundResults,
  listRounds,
  transitionRound,
  type RoundRow,
} from '../repositories/rounds';
import { insertItem, insertItemVersion, listCategories, listItemsWithLatestVersion, updateItem, updateStudy, type StudyRow } from '../repositories/studies';
import { opaqueIds } from './opaque-ids';
import { applyLineage, checkLineage, consumedItems, type LineageContext } from './item-lineage';
import { describeRule } from '../stats';
import { analyse } from './round-analysis';
import { freezeBlockResults } from './block-results';
import { listBlocks } from '../repositories/blocks';
import { lockStudy } from './study-service';

/** What an open or close did: the round as the API now shows it, and the event to publish once committed. */
export interface RoundChange {
  round: Round;
  event: EventRow;
}

/** A round as the facilitator's API shows it. */
export async function roundView(db: Db, round: RoundRow): Promise<Round> {
  return toRound(round, await countRoundItems(db, round.id));
}

/** Every round of a study in order, with its item count: two queries however many rounds there are. */
export async function listStudyRounds(db: Db, study: StudyRow): Promise<Round[]> {
  const [rounds, counts] = await Promise.all([listRounds(db, study.id), countItemsPerRound(db, study.id)]);
  return rounds.map((r) => toRound(r, counts.get(r.id) ?? 0));
}

/** What happened to each item between rounds (carried, reworded, dropped, retired, added, merged, split), with ideas as opaque ids. */
export async function itemFlow(db: Db, study: StudyRow) {
  const ids = await opaqueIds(db, study.id);
  return (await listItemDecisions(db, study.id)).map((d) => ({
    roundId: d.roundId,
    itemId: d.itemId,
    action: d.action,
    itemVersionId: d.itemVersionId,
    reason: d.reason,
    sourceIdeaIds: d.sourceIdeaIds.map((id) => ids.of('idea', id)),
    linkedItemIds: d.linkedItemIds,
  }));
}

type Decision = CreateRound['decisions'][number];

/** Why an item was retired by the protocol's stopping rule, in words: "stop rule: ...". */
export function stopRuleReason(study: StudyRow): string {
  const when = study.protocol.stopItemWhen?.trim() ?? '';
  return `stop rule: ${describeRule(when)}`;
}

/** Outcomes after which an item goes forward by default (design.md: items without consensus carry forward). */
function carriesByDefault(outcome: string | undefined, defaultOutcome: string): boolean {
  return outcome === undefined || outcome === defaultOutcome || outcome === 'insufficient_data';
}

/**
 * Creates the next round as a draft. Round 1 presents every item. From round 2 on, each item of
 * the previous round is carried, reworded (a new version), dropped or retired: by the
 * facilitator's decision, or by default carried when it had no consensus and retired otherwise.
 * New items (for example from round-1 ideas) are added. Every decision is recorded for the item flow.
 * Returns the stored row (to open it) and the round as the API shows it.
 */
export async function createRound(db: Db, study: StudyRow, input: CreateRound, facilitatorId: number): Promise<{ row: RoundRow; round: Round }> {
  return db.transaction(async (tx) => {
    study = await lockStudy(tx, study.id);
    if (study.status === 'closed') throw errors.conflict('STUDY_CLOSED', 'The study has ended; no new round can start.');
    const latest = await findLatestRound(tx, study.id);
    if (latest && latest.status !== 'closed') {
      throw errors.conflict('ROUND_IN_PROGRESS', `Round ${latest.number} is ${latest.status}; close it before planning the next one.`);
    }
    const number = (latest?.number ?? 0) + 1;
    const problems: Problem[] = [];
    const all = await listItemsWithLatestVersion(tx, study.id);
    const byId = new Map(all.map((r) => [r.item.id, r]));
    const previous = latest ? await listRoundItems(tx, latest.id) : [];
    const previousIds = new Set(previous.map((r) => r.item.id));
    const results = latest ? await listRoundResults(tx, latest.id) : [];
    const outcomes = new Map(results.map((r) => [r.itemId, r.outcome]));
    // Items the protocol's stop_item_when says to stop asking about; left undecided, they are retired with the rule as reason.
    const stopped = new Set(results.filter((r) => r.result.stopItem === true).map((r) => r.itemId));
    const defaultOutcome = study.protocol.defaultOutcome;
    const decisions = new Map<number, Decision>();
    input.decisions.forEach((d, i) => {
      if (!previousIds.has(d.itemId)) problems.push({ path: `decisions.${i}.itemId`, message: `Item ${d.itemId} was not in the previous round.` });
      else if (decisions.has(d.itemId)) problems.push({ path: `decisions.${i}.itemId`, message: `Item ${d.itemId} has two decisions.` });
      decisions.set(d.itemId, d);
      if (d.action === 'reword') {
        for (const lang of Object.keys(d.texts)) {
          if (!study.languages.includes(lang)) problems.push({ path: `decisions.${i}.texts`, message: `"${lang}" is not one of the study's languages.` });
        }
        if (!d.texts[study.languages[0]]) problems.push({ path: `decisions.${i}.texts`, message: `A text in ${study.languages[0]} is required.` });
      }
    });
    // Provenance must point at this study's own material: comments of the previous round, ideas of any round.
    // The ids arrive opaque (opaque-ids.ts) and are stored as row ids.
    const ids = await opaqueIds(tx, study.id);
    const comments = ids.index('response', latest ? (await listCommentsForRound(tx, latest.id)).filter((c) => c.comment?.trim()).map((c) => c.id) : []);
    const ideaRows: number[] = [];
    for (const r of await listRounds(tx, study.id)) for (const idea of await listIdeasForRound(tx, r.id)) ideaRows.push(idea.id);
    const ideaIds = ids.index('idea', ideaRows);
    const sourceResponses = new Map<number, number[]>();
    const sourceIdeas = new Map<number, number[]>();
    input.decisions.forEach((d, i) => {
      if (d.action !== 'reword') return;
      if (new Set(d.sourceResponseIds).size !== d.sourceResponseIds.length)
        problems.push({ path: `decisions.${i}.sourceResponseIds`, message: 'A comment is listed twice.' });
      for (const id of d.sourceResponseIds) {
        if (!comments.has(id))
          problems.push({ path: `decisions.${i}.sourceResponseIds`, message: `${id} is not a comment from round ${latest?.number ?? 0} of this study.` });
      }
      sourceResponses.set(
        d.itemId,
        d.sourceResponseIds.map((id) => comments.get(id) ?? 0),
      );
    });
    input.newItems.forEach((n, i) => {
      if (new Set(n.sourceIdeaIds).size !== n.sourceIdeaIds.length) problems.push({ path: `newItems.${i}.sourceIdeaIds`, message: 'An idea is listed twice.' });
      for (const id of n.sourceIdeaIds)
        if (!ideaIds.has(id)) problems.push({ path: `newItems.${i}.sourceIdeaIds`, message: `${id} is not an idea from this study.` });
      sourceIdeas.set(
        i,
        n.sourceIdeaIds.map((id) => ideaIds.get(id) ?? 0),
      );
    });
    const categoryIds = new Set((await listCategories(tx, study.id)).map((c) => c.id));
    const codes = new Set(all.map((r) => r.item.code));
    input.newItems.forEach((n, i) => {
      if (codes.has(n.code)) problems.push({ path: `newItems.${i}.code`, message: `An item with the code ${n.code} exists already.` });
      codes.add(n.code);
      if (n.categoryId !== null && !categoryIds.has(n.categoryId))
        problems.push({ path: `newItems.${i}.categoryId`, message: 'That category does not belong to this study.' });
      if (!n.texts[study.languages[0]]) problems.push({ path: `newItems.${i}.texts`, message: `A text in ${study.languages[0]} is required.` });
    });
    const lineage = { merges: input.merges ?? [], splits: input.splits ?? [] };
    const lineageContext: LineageContext = {
      study,
      previous: new Map(previous.map((r) => [r.item.id, byId.get(r.item.id)!.item])),
      decided: new Set(decisions.keys()),
      codes,
      categoryIds,
      comments,
      previousRound: latest?.number ?? 0,
    };
    problems.push(...checkLineage(lineage, lineageContext));
    const consumed = consumedItems(lineage);
    if (input.mode === 'realtime') {
      if (input.kind !== 'rating') problems.push({ path: 'mode', message: 'Only a rating round can run in real time.' });
      if (!input.closesAt) problems.push({ path: 'closesAt', message: 'A real-time round needs an end time (closesAt).' });
    }
    if (problems.length > 0) throw errors.validation(problems[0].message, problems);

    const round = await insertRound(tx, {
      studyId: study.id,
      number,
      kind: input.kind,
      mode: input.mode ?? 'classic',
      instructions: input.instructions,
      opensAt: input.opensAt ?? null,
      closesAt: input.closesAt ?? null,
    });
    const presented: { itemId: number; versionId: number }[] = [];
    const flow: Parameters<typeof insertItemDecisions>[1] = [];
    for (const prev of previous) {
      if (consumed.has(prev.item.id)) continue;
      const item = byId.get(prev.item.id)!;
      const d: Decision =
        decisions.get(prev.item.id) ??
        (stopped.has(prev.item.id)
          ? { itemId: prev.item.id, action: 'retire', reason: stopRuleReason(study) }
          : carriesByDefault(outcomes.get(prev.item.id), defaultOutcome)
            ? { itemId: prev.item.id, action: 'carry' }
            : { itemId: prev.item.id, action: 'retire' });
      const base = { studyId: study.id, roundId: round.id, itemId: prev.item.id, decidedBy: facilitatorId };
      if (d.action === 'carry') {
        presented.push({ itemId: prev.item.id, versionId: item.version.id });
        flow.push({ ...base, action: 'carry', itemVersionId: item.version.id, reason: decisions.has(prev.item.id) ? null : 'default: no consensus' });
      } else if (d.action === 'reword') {
        const v = await insertItemVersion(tx, {
          itemId: prev.item.id,
          version: item.version.version + 1,
          texts: d.texts,
          previousVersionId: item.version.id,
          reason: d.reason,
          sourceResponseIds: sourceResponses.get(d.itemId) ?? [],
        });
        presented.push({ itemId: prev.item.id, versionId: v.id });
        flow.push({ ...base, action: 'reword', itemVersionId: v.id, reason: d.reason });
      } else {
        await updateItem(tx, prev.item.id, { status: d.action === 'drop' ? 'dropped' : 'settled' });
        const reason = d.reason ?? (decisions.has(prev.item.id) ? null : `default: ${outcomes.get(prev.item.id)}`);
        flow.push({ ...base, action: d.action, itemVersionId: null, reason });
      }
    }
    // Items written since the last round (or all of them for round 1) enter now.
    for (const r of all) {
      if (previousIds.has(r.item.id) || r.item.status !== 'active' || r.item.addedInRound !== null) continue;
      presented.push({ itemId: r.item.id, versionId: r.version.id });
      if (latest) flow.push({ studyId: study.id, roundId: round.id, itemId: r.item.id, action: 'add', itemVersionId: r.version.id, decidedBy: facilitatorId });
    }
    const merged = await applyLineage(tx, lineage, lineageContext, { roundId: round.id, facilitatorId, position: all.length });
    presented.push(...merged.presented);
    flow.push(...merged.flow);
    let position = merged.position;
    for (const [i, n] of input.newItems.entries()) {
      const item = await insertItem(tx, { studyId: study.id, categoryId: n.categoryId, code: n.code, position: position++ });
      const v = await insertItemVersion(tx, { itemId: item.id, version: 1, texts: n.texts });
      presented.push({ itemId: item.id, versionId: v.id });
      flow.push({
        studyId: study.id,
        roundId: round.id,
        itemId: item.id,
        action: 'add',
        itemVersionId: v.id,
        reason: n.reason ?? null,
        sourceIdeaIds: sourceIdeas.get(i) ?? [],
        decidedBy: facilitatorId,
      });
    }
    await insertRoundItems(
      tx,
      presented.map((p, i) => ({ roundId: round.id, itemId: p.itemId, itemVersionId: p.versionId, position: i })),
    );
    await insertItemDecisions(tx, flow);
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId,
      action: 'round.create',
      details: { roundId: round.id, number, kind: input.kind, items: presented.length, decisions: flow.map((f) => ({ itemId: f.itemId, action: f.action })) },
    });
    return { row: round, round: toRound(round, presented.length) };
  });
}

/** Opens a draft round; opening round 1 locks the consensus protocol. facilitatorId is null when the schedule opens it. */
export async function openRound(db: Db, study: StudyRow, round: RoundRow, facilitatorId: number | null, nowIso: string): Promise<RoundChange> {
  return db.transaction(async (tx) => {
    study = await lockStudy(tx, study.id);
    if (round.status !== 'draft') throw errors.conflict('ROUND_NOT_DRAFT', `Round ${round.number} is already ${round.status}.`);
    if (await findOpenRound(tx, study.id)) throw errors.conflict('ROUND_IN_PROGRESS', 'Another round is open.');
    const items = await listRoundItems(tx, round.id);
    // A round may ask only question blocks (a ranking, relations) and rate no item.
    if (round.kind === 'rating' && items.length === 0 && (await listBlocks(tx, round.id)).length === 0) {
      throw errors.conflict('ROUND_EMPTY', 'A rating round needs at least one item or question block.');
    }
    const opened = await transitionRound(tx, round.id, 'draft', { status: 'open', openedAt: nowIso });
    if (!opened) throw errors.conflict('ROUND_NOT_DRAFT', 'The round changed meanwhile.');
    for (const { item } of items) if (item.addedInRound === null) await updateItem(tx, item.id, { addedInRound: round.number });
    const lock = study.protocolLockedAt === null;
    await updateStudy(tx, study.id, { status: 'running', ...(lock ? { protocolLockedAt: nowIso } : {}) });
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId,
      action: 'round.open',
      details: { roundId: round.id, number: round.number, protocolLocked: lock },
    });
    const event = await appendEvent(tx, study.id, 'all', 'round_opened', { roundId: round.id, number: round.number, kind: round.kind });
    return { round: toRound(opened, items.length), event };
  });
}

/**
 * Closes a round in one immediate transaction: the status flips first (so a rating waiting on the
 * write lock sees a closed round and gets 409), then the answers are analysed, results and
 * outcomes stored, and the feedback released as an event. Two closes: one wins, the other 409s.
 * `round` is the caller's row: the conditional status change, not that row, decides.
 */
export async function closeRound(db: Db, study: StudyRow, round: RoundRow, facilitatorId: number | null, nowIso: string): Promise<RoundChange> {
  if (round.studyId !== study.id) throw errors.notFound('Round');
  return db.transaction(async (tx) => {
    await tx.lock('studies', study.id);
    const closed = await transitionRound(tx, round.id, 'open', { status: 'closed', closedAt: nowIso });
    if (!closed) {
      // Read again only to word the refusal: the caller's row may predate a close that just won.
      const status = (await findRound(tx, round.id))?.status;
      throw errors.conflict('ROUND_NOT_OPEN', status === 'closed' ? `Round ${round.number} is already closed.` : `Round ${round.number} is not open.`);
    }
    let itemCount: number;
    let blocks: Awaited<ReturnType<typeof analyse>>['blocks'] | undefined;
    if (round.kind === 'rating') {
      const { analysis, presented, blocks: computed } = await analyse(tx, study, closed);
      blocks = computed;
      const byVersion = new Map(presented.map((p) => [String(p.version.id), p]));
      await insertRoundResults(
        tx,
        analysis.items.map((r) => ({
          roundId: round.id,
          itemVersionId: Number(r.versionId),
          itemId: byVersion.get(r.versionId)!.item.id,
          outcome: r.outcome,
          result: r,
        })),
      );
      const { items: _items, ...meta } = analysis;
      await transitionRound(tx, round.id, 'closed', { analysis: meta });
      itemCount = presented.length;
    } else {
      itemCount = await countRoundItems(tx, round.id);
    }
    // In the same transaction as the status flip: a block save either made it in or is refused.
    await freezeBlockResults(tx, study, closed, blocks);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'round.close', details: { roundId: round.id, number: round.number } });
    const event = await appendEvent(tx, study.id, 'all', 'round_closed', { roundId: round.id, number: round.number, kind: round.kind });
    return { round: toRound(closed, itemCount), event };
  });
}
