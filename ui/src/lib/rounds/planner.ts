/** The next-round planner's logic: what to suggest for each item, and the request it builds. */
import type { CreateRound } from '../console/console-api';
import { t } from '../../i18n/console.svelte';

export type Action = 'carry' | 'reword' | 'drop' | 'retire';

/**
 * The server's default when an item is left out: retire an item whose protocol stopping rule holds,
 * carry what has no consensus, retire the rest.
 */
export function suggestedAction(outcome: string, stopRuleHolds = false): Action {
  if (stopRuleHolds) return 'retire';
  return outcome === 'no_consensus' || outcome === 'insufficient_data' || outcome === 'uncertain' ? 'carry' : 'retire';
}

export interface ItemPlan {
  itemId: number;
  action: Action;
  texts: Record<string, string>;
  reason: string;
  sourceResponseIds: number[];
}

export interface NewItemPlan {
  code: string;
  categoryId: number | null;
  texts: Record<string, string>;
  sourceIdeaIds: number[];
}

export interface NewWording {
  code: string;
  texts: Record<string, string>;
}

/** Two or more items of the last round become one new item. */
export interface MergePlan extends NewWording {
  itemIds: number[];
  reason: string;
}

/** One item of the last round becomes two or more new items. */
export interface SplitPlan {
  itemId: number | null;
  into: NewWording[];
  reason: string;
}

export interface PlanProblem {
  itemId?: number;
  newIndex?: number;
  mergeIndex?: number;
  splitIndex?: number;
  message: string;
}

/** Problems a person can fix before sending: missing reasons, empty rewordings, duplicate codes. */
export function checkPlan(plans: ItemPlan[], newItems: NewItemPlan[], languages: string[], existingCodes: string[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const p of plans) {
    if ((p.action === 'drop' || p.action === 'reword') && !p.reason.trim())
      problems.push({ itemId: p.itemId, message: p.action === 'drop' ? t('plan.reasonDrop') : t('plan.reasonReword') });
    if (p.action === 'reword' && !languages.some((l) => p.texts[l]?.trim())) problems.push({ itemId: p.itemId, message: t('plan.writeWording') });
  }
  const codes = new Set(existingCodes);
  newItems.forEach((n, i) => {
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(n.code.trim())) problems.push({ newIndex: i, message: t('plan.newCode') });
    else if (codes.has(n.code.trim())) problems.push({ newIndex: i, message: t('plan.codeUsed', { code: n.code.trim() }) });
    codes.add(n.code.trim());
    if (!languages.some((l) => n.texts[l]?.trim())) problems.push({ newIndex: i, message: t('plan.newText') });
  });
  return problems;
}

/** Problems with merges and splits: too few items, an item used twice, codes, texts and reasons. */
export function checkLineagePlan(merges: MergePlan[], splits: SplitPlan[], languages: string[], takenCodes: string[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const codes = new Set(takenCodes);
  const used = new Set<number>();
  const wording = (w: NewWording, at: Pick<PlanProblem, 'mergeIndex' | 'splitIndex'>) => {
    const code = w.code.trim();
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code)) problems.push({ ...at, message: t('plan.newCode') });
    else if (codes.has(code)) problems.push({ ...at, message: t('plan.codeUsed', { code }) });
    codes.add(code);
    if (!w.texts[languages[0]]?.trim()) problems.push({ ...at, message: t('plan.newText') });
  };
  const claim = (id: number, at: Pick<PlanProblem, 'mergeIndex' | 'splitIndex'>) => {
    if (used.has(id)) problems.push({ ...at, message: t('plan.itemTwice') });
    used.add(id);
  };
  merges.forEach((m, i) => {
    if (m.itemIds.length < 2) problems.push({ mergeIndex: i, message: t('plan.mergeTwo') });
    for (const id of m.itemIds) claim(id, { mergeIndex: i });
    wording(m, { mergeIndex: i });
    if (!m.reason.trim()) problems.push({ mergeIndex: i, message: t('plan.reasonMerge') });
  });
  splits.forEach((sp, i) => {
    if (sp.itemId === null) problems.push({ splitIndex: i, message: t('plan.splitWhich') });
    else claim(sp.itemId, { splitIndex: i });
    if (sp.into.length < 2) problems.push({ splitIndex: i, message: t('plan.splitTwo') });
    for (const w of sp.into) wording(w, { splitIndex: i });
    if (!sp.reason.trim()) problems.push({ splitIndex: i, message: t('plan.reasonSplit') });
  });
  return problems;
}

/** The merges and splits of the POST /api/studies/:id/rounds body; the items they take get no other decision. */
export function lineageRequest(merges: MergePlan[], splits: SplitPlan[]): Pick<CreateRound, 'merges' | 'splits'> {
  return {
    merges: merges.map((m) => ({ itemIds: m.itemIds, code: m.code.trim(), texts: filled(m.texts), reason: m.reason.trim() })),
    splits: splits.map((sp) => ({
      itemId: sp.itemId!,
      into: sp.into.map((w) => ({ code: w.code.trim(), texts: filled(w.texts) })),
      reason: sp.reason.trim(),
    })),
  };
}

/** The items a plan merges or splits away. */
export const lineageItems = (merges: MergePlan[], splits: SplitPlan[]): Set<number> =>
  new Set([...merges.flatMap((m) => m.itemIds), ...splits.flatMap((sp) => (sp.itemId === null ? [] : [sp.itemId]))]);

const filled = (texts: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(texts)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );

/** The POST /api/studies/:id/rounds body. Every decision is sent explicitly, so the item flow records it. */
export function planRequest(kind: 'rating' | 'ideas', instructions: Record<string, string>, plans: ItemPlan[], newItems: NewItemPlan[]): CreateRound {
  return {
    kind,
    instructions: filled(instructions),
    decisions: plans.map((p) => {
      switch (p.action) {
        case 'carry':
          return { itemId: p.itemId, action: 'carry' as const };
        case 'retire':
          return { itemId: p.itemId, action: 'retire' as const, ...(p.reason.trim() ? { reason: p.reason.trim() } : {}) };
        case 'drop':
          return { itemId: p.itemId, action: 'drop' as const, reason: p.reason.trim() };
        case 'reword':
          return { itemId: p.itemId, action: 'reword' as const, texts: filled(p.texts), reason: p.reason.trim(), sourceResponseIds: p.sourceResponseIds };
      }
    }),
    newItems: newItems.map((n) => ({ code: n.code.trim(), categoryId: n.categoryId, texts: filled(n.texts), sourceIdeaIds: n.sourceIdeaIds })),
  };
}
