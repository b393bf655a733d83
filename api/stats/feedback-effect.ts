/**
 * The feedback effect of a real-time round (Gordon & Pease 2006): how panelists' answers moved
 * after they were shown the panel's figures. One pair per panelist and item: the answer they held
 * when first shown a snapshot (`before`) and their final answer (`after`); null is "cannot judge".
 */
export interface FeedbackEffect {
  /** Panelists shown at least one snapshot of the item. */
  shown: number;
  /** Of those, panelists whose final answer differs from the one they held when first shown. */
  revised: number;
  /** Mean of after − before over revisions between two ratings; null when there is none. */
  meanChange: number | null;
  /** Mean of |after − before| over the same revisions; null when there is none. */
  meanAbsChange: number | null;
}

/**
 * revised = #{before ≠ after} (a switch to or from "cannot judge" counts); the two means are
 * over the revised pairs with a rating on both sides, so "cannot judge" never enters arithmetic.
 * An empty list gives shown = revised = 0 and null means.
 */
export function feedbackEffect(pairs: readonly { before: number | null; after: number | null }[]): FeedbackEffect {
  let revised = 0;
  let sum = 0;
  let sumAbs = 0;
  let rated = 0;
  for (const { before, after } of pairs) {
    if (before === after) continue;
    revised++;
    if (before === null || after === null) continue;
    rated++;
    sum += after - before;
    sumAbs += Math.abs(after - before);
  }
  return { shown: pairs.length, revised, meanChange: rated === 0 ? null : sum / rated, meanAbsChange: rated === 0 ? null : sumAbs / rated };
}
