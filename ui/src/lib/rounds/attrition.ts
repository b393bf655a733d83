import type { RemindersSummary } from '../console/console-api';

/** One group's figures; all null when the disclosure rule hides the group (suppressed). */
export type Rates = RemindersSummary['byGroup'][string][string];

export interface GroupRow {
  group: string;
  rates: Rates;
  /** Percentage points below the best-responding group of the same attribute; null without a rate. */
  gap: number | null;
  /** Lags far enough behind to bias the panel's view if the round closed now. */
  lagging: boolean;
}

/** A gap this large (in percentage points) between groups is worth a targeted reminder. */
export const ATTRITION_GAP = 20;

/**
 * Per attribute, each group's response rate against the best group's. Differential attrition
 * (one group answering much less) tilts a Delphi panel's consensus toward the groups
 * that stay. A group is flagged when it trails the best by ATTRITION_GAP points or
 * more; groups with nobody invited, or hidden, have no rate and are never flagged.
 */
export function attritionRows(byGroup: RemindersSummary['byGroup']): { attribute: string; rows: GroupRow[]; differential: boolean }[] {
  return Object.entries(byGroup).map(([attribute, groups]) => {
    const rates = Object.values(groups).flatMap((g) => (g.responseRate === null ? [] : [g.responseRate]));
    const best = rates.length > 0 ? Math.max(...rates) : null;
    const rows = Object.entries(groups).map(([group, r]) => {
      const gap = best === null || r.responseRate === null ? null : Math.round((best - r.responseRate) * 100);
      return { group, rates: r, gap, lagging: gap !== null && gap >= ATTRITION_GAP };
    });
    return { attribute, rows, differential: rows.some((r) => r.lagging) };
  });
}
