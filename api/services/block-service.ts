import type { Db } from '../../db/client';
import { errors, type Problem } from '../errors';
import type { CreateBlock, UpdateBlock } from '../schemas/blocks';
import { appendAudit } from '../repositories/audit';
import { deleteBlock, findBlock, insertBlock, listBlocks, updateBlock, type BlockRow } from '../repositories/blocks';
import { findRound, type RoundRow } from '../repositories/rounds';
import { listCategories, listItemsWithLatestVersion, type StudyRow } from '../repositories/studies';
import type { BlockContext } from './blocks/kind';
import { blockKind } from './blocks/registry';
import { lockStudy } from './study-service';

/** A block as the facilitator's API shows it. */
export function blockView(b: BlockRow) {
  const { id, roundId, position, kind, instructions, threshold } = b;
  return { id, roundId, position, kind, config: b.config as Record<string, unknown>, instructions, threshold };
}

export async function listRoundBlocks(db: Db, round: RoundRow) {
  return (await listBlocks(db, round.id)).map(blockView);
}

/** What a block's config may refer to: the study's languages, its items (not dropped) and categories. */
export async function blockContext(db: Db, study: StudyRow): Promise<BlockContext> {
  const categories = await listCategories(db, study.id);
  const codeOf = new Map(categories.map((c) => [c.id, c.code]));
  const items = (await listItemsWithLatestVersion(db, study.id))
    .filter((r) => r.item.status !== 'dropped')
    .sort((a, b) => a.item.position - b.item.position || a.item.id - b.item.id)
    .map((r) => ({ code: r.item.code, category: r.item.categoryId === null ? null : (codeOf.get(r.item.categoryId) ?? null) }));
  return { languages: study.languages, items, categories: categories.map((c) => c.code) };
}

/** Locks the study and reads the round again: blocks change only while the round is a draft. */
async function draftRound(tx: Db, study: StudyRow, round: RoundRow): Promise<RoundRow> {
  await lockStudy(tx, study.id);
  const current = await findRound(tx, round.id);
  if (!current) throw errors.notFound('Round');
  if (current.status !== 'draft') throw errors.conflict('ROUND_NOT_DRAFT', `Round ${current.number} is ${current.status}; its questions can no longer change.`);
  return current;
}

function refuse(problems: Problem[]): never {
  const listed = problems.map((p) => ({ ...p, path: p.path === undefined ? 'body' : `body.${p.path}` }));
  throw errors.validation(listed[0].message, listed);
}

/** A config checked by its kind's module: parsed by its schema, then against the study. */
async function checkedConfig(tx: Db, study: StudyRow, kind: string, config: unknown) {
  const module = blockKind(kind);
  if (!module) refuse([{ path: 'kind', message: `This server does not offer ${kind} questions.` }]);
  const parsed = module.configSchema.safeParse(config);
  if (!parsed.success) refuse(parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message })));
  const checked = module.checkConfig(parsed.data, await blockContext(tx, study));
  if (checked.problems.length > 0) refuse(checked.problems);
  return checked.config;
}

function checkInstructions(study: StudyRow, instructions: Record<string, string>) {
  const unknown = Object.keys(instructions).find((l) => !study.languages.includes(l));
  if (unknown !== undefined) refuse([{ path: 'instructions', message: `"${unknown}" is not one of the study's languages.` }]);
}

/** Adds a question block to a draft round, at `position` (later blocks move down) or after the last. */
export async function addBlock(db: Db, study: StudyRow, round: RoundRow, input: CreateBlock, facilitatorId: number) {
  return db.transaction(async (tx) => {
    await draftRound(tx, study, round);
    const config = await checkedConfig(tx, study, input.kind, input.config);
    checkInstructions(study, input.instructions);
    const blocks = await listBlocks(tx, round.id);
    const position = Math.min(input.position ?? blocks.length, blocks.length);
    await shift(tx, blocks, position, +1);
    const row = await insertBlock(tx, { roundId: round.id, position, kind: input.kind, config, instructions: input.instructions });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'block.create', details: { roundId: round.id, blockId: row.id, kind: row.kind } });
    return blockView(row);
  });
}

/** Moves the blocks at or after `from` by `by` places, the far end first so positions stay unique. */
async function shift(tx: Db, blocks: BlockRow[], from: number, by: 1 | -1) {
  const moving = blocks.filter((b) => b.position >= from).sort((a, b) => (b.position - a.position) * by);
  for (const b of moving) await updateBlock(tx, b.id, { position: b.position + by });
}

async function blockOfRound(tx: Db, round: RoundRow, blockId: number): Promise<BlockRow> {
  const block = await findBlock(tx, blockId);
  if (!block || block.roundId !== round.id) throw errors.notFound('Block');
  return block;
}

export async function changeBlock(db: Db, study: StudyRow, round: RoundRow, blockId: number, input: UpdateBlock, facilitatorId: number) {
  return db.transaction(async (tx) => {
    await draftRound(tx, study, round);
    const block = await blockOfRound(tx, round, blockId);
    const config = input.config === undefined ? undefined : await checkedConfig(tx, study, block.kind, input.config);
    if (input.instructions !== undefined) checkInstructions(study, input.instructions);
    if (input.position !== undefined && input.position !== block.position) {
      const others = (await listBlocks(tx, round.id)).filter((b) => b.id !== block.id);
      const position = Math.min(input.position, others.length);
      // Out of the way, close the gap, open the new place.
      await updateBlock(tx, block.id, { position: -1 });
      await shift(tx, others, block.position, -1);
      const after = (await listBlocks(tx, round.id)).filter((b) => b.id !== block.id);
      await shift(tx, after, position, +1);
      await updateBlock(tx, block.id, { position });
    }
    const change = { ...(config === undefined ? {} : { config }), ...(input.instructions === undefined ? {} : { instructions: input.instructions }) };
    const row = Object.keys(change).length > 0 ? await updateBlock(tx, block.id, change) : (await findBlock(tx, block.id))!;
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'block.update', details: { roundId: round.id, blockId, changed: Object.keys(input) } });
    return blockView(row);
  });
}

export async function removeBlock(db: Db, study: StudyRow, round: RoundRow, blockId: number, facilitatorId: number) {
  await db.transaction(async (tx) => {
    await draftRound(tx, study, round);
    const block = await blockOfRound(tx, round, blockId);
    await deleteBlock(tx, block.id);
    await shift(
      tx,
      (await listBlocks(tx, round.id)).filter((b) => b.position > block.position),
      block.position,
      -1,
    );
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'block.delete', details: { roundId: round.id, blockId, kind: block.kind } });
  });
}

/**
 * The influence-map threshold of a closed round's relations block. Stored on the block, never in
 * the frozen result: the report, the exports and the console redraw the edges from the frozen T.
 */
export async function setBlockThreshold(db: Db, study: StudyRow, round: RoundRow, blockId: number, threshold: number | null, facilitatorId: number) {
  return db.transaction(async (tx) => {
    await lockStudy(tx, study.id);
    const current = await findRound(tx, round.id);
    if (!current) throw errors.notFound('Round');
    const block = await blockOfRound(tx, current, blockId);
    if (block.kind !== 'relations') refuse([{ path: 'threshold', message: 'Only a relations block has an influence-map threshold.' }]);
    if (current.status !== 'closed') {
      throw errors.conflict('ROUND_NOT_CLOSED', `Round ${current.number} is ${current.status}; the threshold is set on the frozen result after the close.`);
    }
    const row = await updateBlock(tx, block.id, { threshold });
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'block.threshold', details: { roundId: round.id, blockId, threshold } });
    return blockView(row);
  });
}
