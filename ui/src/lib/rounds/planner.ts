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

export interface PlanProblem {
  itemId?: number;
  newIndex?: number;
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

const filled = (texts: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(texts)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );

/** The POST /api/studies/:id/rounds body. Every decision is sent explicitly, so the item flow records it. */
export function planRequest(kind: 'rating' | 'open', instructions: Record<string, string>, plans: ItemPlan[], newItems: NewItemPlan[]): CreateRound {
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
