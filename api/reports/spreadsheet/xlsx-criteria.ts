/**
 * The sheets of a study rated on criteria: S-CVI per round, criterion and category
 * (consensus-methods.md §15.2), and attrition bias per round, item and criterion (§18) with the
 * report's k rule (an item whose stayers or leavers number fewer than k is withheld).
 */
import { attritionVisible } from '../document/sections/attrition';
import { versionsById } from './columns';
import { SUPPRESSED } from './long-format';
import type { ReportData } from '../report-data';

type Value = string | number | boolean | null;

export const CONTENT_VALIDITY_SHEET_HEADER = ['round', 'criterion', 'category', 'n_items', 'n_universal', 's_cvi_ave', 's_cvi_ua'];

/** One row per closed round × relevance criterion × category, then the round's row over all items (category "all"). */
export function contentValidityRows(data: ReportData): Value[][] {
  return data.rounds.flatMap((round) =>
    (round.meta?.contentValidity ?? []).flatMap((c) =>
      [...Object.entries(c.byCategory), ['all', c.overall] as const].map(([category, v]) => [
        round.number,
        c.criterion,
        category,
        v.nItems,
        v.nUniversal,
        v.ave,
        v.ua,
      ]),
    ),
  );
}

export function attritionHeader(data: ReportData): string[] {
  return [
    'round',
    'next_round',
    'item',
    'version',
    ...(data.study.criteria.length > 0 ? ['criterion'] : []),
    'n_stayed',
    'n_left',
    'median_stayed',
    'median_left',
    'u',
    'z',
    'p',
    'p_holm',
    'rank_biserial',
    'note',
  ];
}

/** One row per item (and criterion) of every round whose following round has closed. */
export function attritionRows(data: ReportData): Value[][] {
  const versions = versionsById(data);
  const k = data.study.minGroupSize;
  const named = data.study.criteria.length > 0;
  const rows: Value[][] = [];
  for (const next of data.rounds) {
    const summary = next.meta?.attrition;
    if (!summary) continue;
    const round = data.rounds.find((r) => r.number === summary.fromRound);
    const versionOf = new Map((round?.results ?? []).map((r) => [String(r.itemId), r.versionId]));
    for (const c of summary.criteria) {
      for (const { itemId, attrition: a } of c.items) {
        const v = versionOf.get(itemId);
        const label = v === undefined ? null : versions.get(v);
        const head: Value[] = [summary.fromRound, next.number, label?.item.code ?? itemId, label?.version.version ?? null, ...(named ? [c.criterion] : [])];
        if (a === null) rows.push([...head, ...Array<Value>(9).fill(null), 'no stayers or no leavers']);
        else if (!attritionVisible(a, k)) rows.push([...head, ...Array<Value>(9).fill(null), SUPPRESSED]);
        else rows.push([...head, a.nStayed, a.nLeft, a.medianStayed, a.medianLeft, a.u, a.z, a.p, a.pHolm, a.rankBiserial, a.flags.join(' ') || null]);
      }
    }
  }
  return rows;
}
