/** The content-validity table of a round (consensus-methods.md §15.2), shaped for the results view. */
import type { Results } from '../console/console-api';

type Analysis = NonNullable<Results['analysis']>;
type ScaleCvi = NonNullable<Analysis['contentValidity']>[number]['overall'];

export interface CviRow {
  itemId: number;
  code: string;
  /** The item's category code, or null without one. */
  category: string | null;
  n: number;
  icvi: number | null;
  kappa: number | null;
  evaluation: string | null;
}

export interface CviTable {
  criterion: string;
  rows: CviRow[];
  overall: ScaleCvi;
  /** S-CVI per category, in the order the categories first appear among the rows. */
  byCategory: { category: string; scvi: ScaleCvi }[];
}

/**
 * One table per relevance criterion: each item's I-CVI and κ*, by category, with S-CVI/Ave and
 * S-CVI/UA per category and overall as the engine computed them. `categoryOf` maps an item id to
 * its category code.
 */
export function contentValidityTables(results: Pick<Results, 'analysis' | 'items'>, categoryOf: (itemId: number) => string | null): CviTable[] {
  return (results.analysis?.contentValidity ?? []).map((cv) => {
    const rows = results.items.flatMap((item): CviRow[] => {
      const c = item.result.criteria?.find((x) => x.criterion === cv.criterion)?.contentValidity;
      if (!c) return [];
      return [{ itemId: item.itemId, code: item.code, category: categoryOf(item.itemId), n: c.n, icvi: c.icvi, kappa: c.kappa, evaluation: c.evaluation }];
    });
    rows.sort((a, b) => (a.category ?? '\uffff').localeCompare(b.category ?? '\uffff') || a.code.localeCompare(b.code));
    const order = [...new Set(rows.flatMap((r) => (r.category === null ? [] : [r.category])))];
    const byCategory = order.flatMap((category) => (cv.byCategory[category] ? [{ category, scvi: cv.byCategory[category] }] : []));
    return { criterion: cv.criterion, rows, overall: cv.overall, byCategory };
  });
}

/** Per criterion, how many items' leavers answered differently from the stayers (§18); empty without attrition figures. */
export function attritionLines(results: Pick<Results, 'analysis'>): { fromRound: number; criterion: string | null; m: number; nDiffering: number }[] {
  const a = results.analysis?.attrition;
  // With no statement compared (nobody left, or a round of rankings only) there is nothing to say either way.
  return a ? a.criteria.filter((c) => c.m > 0).map((c) => ({ fromRound: a.fromRound, criterion: c.criterion, m: c.m, nDiffering: c.nDiffering })) : [];
}
