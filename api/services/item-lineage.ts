/**
 * Merge and split between rounds (consensus-methods.md §9): items of the previous round leave the
 * item set and new items take their place, each decision naming the items on the other side, so the
 * lineage can be followed both ways (report item flow, item history, study file).
 */
import type { Db } from '../../db/client';
import type { Problem } from '../errors';
import type { CreateRound } from '../schemas/round';
import { insertItem, insertItemVersion, updateItem, type ItemRow, type StudyRow } from '../repositories/studies';
import type { insertItemDecisions } from '../repositories/rounds';

type Merge = NonNullable<CreateRound['merges']>[number];
type Split = NonNullable<CreateRound['splits']>[number];
type FlowRow = Parameters<typeof insertItemDecisions>[1][number];

export interface LineagePlan {
  merges: Merge[];
  splits: Split[];
}

export interface LineageContext {
  study: StudyRow;
  /** Items of the previous round, by id. */
  previous: Map<number, ItemRow>;
  /** Items that already have a carry/reword/drop/retire decision. */
  decided: Set<number>;
  /** Codes already taken (existing items and new items of this plan); codes checked here are added. */
  codes: Set<string>;
  categoryIds: Set<number>;
  /** Opaque comment id → response row id, for the comments of the previous round. */
  comments: Map<number, number>;
  previousRound: number;
}

/** Every problem with the merges and splits of a plan, with the path of the field at fault. */
export function checkLineage(plan: LineagePlan, ctx: LineageContext): Problem[] {
  const problems: Problem[] = [];
  const consumed = new Set<number>();
  const claim = (path: string, itemId: number) => {
    if (!ctx.previous.has(itemId)) problems.push({ path, message: `Item ${itemId} was not in the previous round.` });
    else if (ctx.decided.has(itemId) || consumed.has(itemId)) problems.push({ path, message: `Item ${itemId} has two decisions.` });
    consumed.add(itemId);
  };
  const code = (path: string, value: string) => {
    if (ctx.codes.has(value)) problems.push({ path, message: `An item with the code ${value} exists already.` });
    ctx.codes.add(value);
  };
  const texts = (path: string, value: Record<string, string>) => {
    for (const lang of Object.keys(value))
      if (!ctx.study.languages.includes(lang)) problems.push({ path, message: `"${lang}" is not one of the study's languages.` });
    if (!value[ctx.study.languages[0]]?.trim()) problems.push({ path, message: `A text in ${ctx.study.languages[0]} is required.` });
  };
  const sources = (path: string, ids: number[]) => {
    if (new Set(ids).size !== ids.length) problems.push({ path, message: 'A comment is listed twice.' });
    for (const id of ids) if (!ctx.comments.has(id)) problems.push({ path, message: `${id} is not a comment from round ${ctx.previousRound} of this study.` });
  };
  plan.merges.forEach((m, i) => {
    if (new Set(m.itemIds).size !== m.itemIds.length) problems.push({ path: `merges.${i}.itemIds`, message: 'An item is listed twice.' });
    for (const id of new Set(m.itemIds)) claim(`merges.${i}.itemIds`, id);
    code(`merges.${i}.code`, m.code);
    texts(`merges.${i}.texts`, m.texts);
    sources(`merges.${i}.sourceResponseIds`, m.sourceResponseIds ?? []);
    if (m.categoryId !== null && m.categoryId !== undefined && !ctx.categoryIds.has(m.categoryId))
      problems.push({ path: `merges.${i}.categoryId`, message: 'That category does not belong to this study.' });
  });
  plan.splits.forEach((s, i) => {
    claim(`splits.${i}.itemId`, s.itemId);
    s.into.forEach((n, j) => {
      code(`splits.${i}.into.${j}.code`, n.code);
      texts(`splits.${i}.into.${j}.texts`, n.texts);
    });
    sources(`splits.${i}.sourceResponseIds`, s.sourceResponseIds ?? []);
  });
  return problems;
}

/** The items a plan merges or splits away: they get no other decision. */
export function consumedItems(plan: LineagePlan): Set<number> {
  return new Set([...plan.merges.flatMap((m) => m.itemIds), ...plan.splits.map((s) => s.itemId)]);
}

/**
 * Writes the new items of each merge and split and retires the items they replace (status dropped);
 * returns what the new round presents and the decisions to record. Run after checkLineage found nothing.
 */
export async function applyLineage(
  tx: Db,
  plan: LineagePlan,
  ctx: LineageContext,
  at: { roundId: number; facilitatorId: number; position: number },
): Promise<{ presented: { itemId: number; versionId: number }[]; flow: FlowRow[]; position: number }> {
  const presented: { itemId: number; versionId: number }[] = [];
  const flow: FlowRow[] = [];
  let position = at.position;
  const base = { studyId: ctx.study.id, roundId: at.roundId, decidedBy: at.facilitatorId };
  const create = async (code: string, categoryId: number | null, texts: Record<string, string>, reason: string, sourceIds: number[]) => {
    const item = await insertItem(tx, { studyId: ctx.study.id, categoryId, code, position: position++ });
    const sourceResponseIds = sourceIds.map((id) => ctx.comments.get(id)!);
    const version = await insertItemVersion(tx, { itemId: item.id, version: 1, texts, reason, sourceResponseIds });
    presented.push({ itemId: item.id, versionId: version.id });
    return { item, version };
  };
  for (const m of plan.merges) {
    const sources = [...new Set(m.itemIds)];
    const first = ctx.previous.get(sources[0])!;
    const made = await create(m.code, m.categoryId ?? first.categoryId, m.texts, m.reason, m.sourceResponseIds ?? []);
    for (const id of sources) {
      await updateItem(tx, id, { status: 'dropped' });
      flow.push({ ...base, itemId: id, action: 'merge', itemVersionId: null, reason: m.reason, linkedItemIds: [made.item.id] });
    }
    flow.push({ ...base, itemId: made.item.id, action: 'merged', itemVersionId: made.version.id, reason: m.reason, linkedItemIds: sources });
  }
  for (const s of plan.splits) {
    const source = ctx.previous.get(s.itemId)!;
    const made = [];
    for (const n of s.into) made.push(await create(n.code, source.categoryId, n.texts, s.reason, s.sourceResponseIds ?? []));
    await updateItem(tx, s.itemId, { status: 'dropped' });
    flow.push({ ...base, itemId: s.itemId, action: 'split', itemVersionId: null, reason: s.reason, linkedItemIds: made.map((x) => x.item.id) });
    for (const x of made)
      flow.push({ ...base, itemId: x.item.id, action: 'split_off', itemVersionId: x.version.id, reason: s.reason, linkedItemIds: [s.itemId] });
  }
  return { presented, flow, position };
}
