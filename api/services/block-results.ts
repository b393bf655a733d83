import type { Db } from '../../db/client';
import type { AnyBlockResult, BlockAnswer } from '../contract/blocks';
import {
  insertBlockResult,
  listBlockAnswersOfRound,
  listBlockAnswersOfRounds,
  listBlockResults,
  listBlocks,
  listBlocksOfRounds,
  type BlockAnswerRow,
  type BlockRow,
} from '../repositories/blocks';
import { listPanelists, type PanelistRow } from '../repositories/panelists';
import { findRoundByNumber, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { DEFAULT_SEED, groupsToHide, overallWithheld, type Membership } from '../stats';
import { blockKind } from './blocks/registry';

/** A block's answers per panelist (keyed by row id as text: the result never names anyone). */
function answersByPanelist(rows: readonly BlockAnswerRow[], blockId: number): Map<string, BlockAnswer[]> {
  const out = new Map<string, BlockAnswer[]>();
  for (const r of rows) {
    if (r.blockId !== blockId) continue;
    const key = String(r.panelistId);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ subject: r.subject, value: r.value, cannotJudge: r.cannotJudge });
  }
  return out;
}

/**
 * The block of the previous round that a block continues: the one of the same kind at the same
 * position, or else the first of its kind there. Its result feeds stability (ρ, ΔW) and feedback.
 */
export function matchingBlock(block: Pick<BlockRow, 'kind' | 'position'>, previousBlocks: readonly BlockRow[]): BlockRow | undefined {
  const sameKind = previousBlocks.filter((b) => b.kind === block.kind);
  return sameKind.find((b) => b.position === block.position) ?? sameKind[0];
}

/** The previous round (when closed), its blocks and their frozen results. */
export async function previousBlocks(db: Db, study: StudyRow, round: RoundRow) {
  const previous = round.number > 1 ? await findRoundByNumber(db, study.id, round.number - 1) : undefined;
  if (!previous || previous.status !== 'closed') return { round: previous, blocks: [] as BlockRow[], results: new Map<number, unknown>() };
  const blocks = await listBlocks(db, previous.id);
  return {
    round: previous,
    blocks,
    results: await listBlockResults(
      db,
      blocks.map((b) => b.id),
    ),
  };
}

/** Every block's result computed now from the answers saved so far (the close freezes these). */
export async function computeBlockResults(db: Db, study: StudyRow, round: RoundRow): Promise<{ block: BlockRow; result: AnyBlockResult }[]> {
  const blocks = await listBlocks(db, round.id);
  if (blocks.length === 0) return [];
  const [rows, panelists, before] = await Promise.all([listBlockAnswersOfRound(db, round.id), listPanelists(db, study.id), previousBlocks(db, study, round)]);
  const groups = new Map(panelists.map((p) => [String(p.id), p.attributes as Membership]));
  return blocks.map((block) => {
    const module = blockKind(block.kind)!;
    const earlier = matchingBlock(block, before.blocks);
    const previousResult = earlier ? before.results.get(earlier.id) : undefined;
    const result = module.analyse(block.config as never, {
      answers: answersByPanelist(rows, block.id),
      groups,
      dimensions: study.attributes.map((a) => a.name),
      previous: previousResult === undefined || before.round === undefined ? null : { round: before.round.number, result: previousResult as AnyBlockResult },
      round: round.number,
      seed: study.protocol.wPermutationSeed ?? DEFAULT_SEED,
      protocol: study.protocol,
    });
    return { block, result };
  });
}

/** At the close, inside its transaction: every block's result, stored as computed (by the rating analysis, when it ran). */
export async function freezeBlockResults(tx: Db, study: StudyRow, round: RoundRow, computed?: { block: BlockRow; result: AnyBlockResult }[]): Promise<void> {
  for (const { block, result } of computed ?? (await computeBlockResults(tx, study, round))) await insertBlockResult(tx, block.id, result);
}

/** The groups of each panelist who answered each block: what the disclosure rule counts. */
export function blockMembers(rows: readonly BlockAnswerRow[], panelists: readonly PanelistRow[]): Map<number, Membership[]> {
  const attributes = new Map(panelists.map((p) => [p.id, p.attributes]));
  const seen = new Set<string>();
  const out = new Map<number, Membership[]>();
  for (const r of rows) {
    const key = `${r.blockId}|${r.panelistId}`;
    const groups = attributes.get(r.panelistId);
    if (seen.has(key) || groups === undefined) continue;
    seen.add(key);
    let list = out.get(r.blockId);
    if (!list) out.set(r.blockId, (list = []));
    list.push(groups);
  }
  return out;
}

/**
 * A result as it may be shown (design.md "Anonymity model"): groups the disclosure rule names are
 * blanked (every group when the answers' owners no longer match the result, e.g. after an erasure);
 * for panelists the whole result is withheld when fewer than k answered.
 */
export function shownBlockResult(
  study: StudyRow,
  block: Pick<BlockRow, 'kind'>,
  result: AnyBlockResult,
  members: readonly Membership[],
  audience: 'panelist' | 'team',
) {
  const module = blockKind(block.kind)!;
  const k = study.minGroupSize;
  const respondents = module.respondents(result);
  const hidden =
    members.length === respondents
      ? groupsToHide(
          members,
          study.attributes.map((a) => a.name),
          k,
        )
      : ('all' as const);
  const shown = module.disclose(result, hidden, audience === 'panelist' && overallWithheld(respondents, k));
  return audience === 'panelist' && module.forPanelists ? module.forPanelists(shown, k) : shown;
}

/**
 * The blocks of a round with their results as the study team may see them: frozen after the
 * close; computed now while open, except in strict anonymity, where figures that move with each
 * save would show what the last panelist answered.
 */
export async function roundBlockResults(db: Db, study: StudyRow, round: RoundRow) {
  const blocks = await listBlocks(db, round.id);
  if (blocks.length === 0) return [];
  const [rows, panelists] = await Promise.all([listBlockAnswersOfRound(db, round.id), listPanelists(db, study.id)]);
  const members = blockMembers(rows, panelists);
  let results: Map<number, unknown>;
  if (round.status === 'closed')
    results = await listBlockResults(
      db,
      blocks.map((b) => b.id),
    );
  else if (study.anonymity === 'strict' || round.status === 'draft') results = new Map();
  else results = new Map((await computeBlockResults(db, study, round)).map((r) => [r.block.id, r.result]));
  return blocks.map((b) => {
    const result = results.get(b.id) as AnyBlockResult | undefined;
    return {
      id: b.id,
      kind: b.kind,
      position: b.position,
      result: result === undefined ? null : shownBlockResult(study, b, result, members.get(b.id) ?? [], 'team'),
      threshold: b.threshold,
    };
  });
}

/**
 * The blocks of every closed round with their frozen results as the study team may see them, in a
 * fixed number of queries however many rounds there are (the report reads them all).
 */
export async function closedRoundsBlockResults(db: Db, study: StudyRow, rounds: readonly RoundRow[]) {
  const closed = new Map(rounds.filter((r) => r.status === 'closed').map((r) => [r.id, r]));
  const blocks = await listBlocksOfRounds(db, [...closed.keys()]);
  if (blocks.length === 0) return [];
  const [rows, panelists, results] = await Promise.all([
    listBlockAnswersOfRounds(db, [...new Set(blocks.map((b) => b.roundId))]),
    listPanelists(db, study.id),
    listBlockResults(
      db,
      blocks.map((b) => b.id),
    ),
  ]);
  const members = blockMembers(rows, panelists);
  return blocks.map((b) => {
    const result = results.get(b.id) as AnyBlockResult | undefined;
    return {
      block: b,
      round: closed.get(b.roundId)!,
      result: result === undefined ? null : shownBlockResult(study, b, result, members.get(b.id) ?? [], 'team'),
    };
  });
}
