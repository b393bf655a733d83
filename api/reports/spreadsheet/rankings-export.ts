/**
 * Ranking blocks (§16) in the spreadsheets: per item of each ranking its mean rank, median rank and
 * top-k share for the panel, then per shown group, with the ranking's W (and for the panel ρ and ΔW since the previous round). The XLSX Rankings sheet and
 * the rankings CSV are the same rows, frozen aggregates only; the ranks CSV holds the rankings per person.
 */
import type { ReportData } from '../report-data';
import { csvRecords } from './csv-export';
import type { RanksLongFormat } from './ranks-long-format';

type Value = string | number | boolean | null;

export const RANKING_HEADER = [
  'round',
  'ranking',
  'attribute',
  'group',
  'item',
  'mean_rank',
  'median_rank',
  'pct_top_k',
  'panelists',
  'w',
  'p',
  'permutation_p',
  'rho_previous',
  'w_change',
];

/** One row per item of each ranking for the whole panel, then per shown group (groups below k are left out). */
export function rankingRows(data: Pick<ReportData, 'rankings'>): Value[][] {
  const rows: Value[][] = [];
  for (const { round, position, result: r } of data.rankings) {
    const o = r.overall;
    // Spearman's ρ with the previous ranking round's mean ranks and ΔW are the panel's, so only on its rows.
    const change = [r.previous?.rho ?? null, r.previous?.wChange ?? null];
    for (const x of r.ranked) rows.push([round, position + 1, '', '', x.item, x.meanRank, x.medianRank, x.topKPct, o.m, o.w, o.p, o.permutationP, ...change]);
    for (const [attribute, groups] of Object.entries(r.groups)) {
      for (const [name, g] of Object.entries(groups)) {
        if (g.suppressed || g.meanRanks === null) continue;
        r.items.forEach((item, i) =>
          rows.push([round, position + 1, attribute, name, item, g.meanRanks![i], null, null, g.m, g.w, g.p, g.permutationP, null, null]),
        );
      }
    }
  }
  return rows;
}

/** The Rankings sheet as a CSV file (UTF-8 with a byte-order mark, text neutralised against formulas). */
export function renderRankingsCsv(data: Pick<ReportData, 'rankings'>): string {
  const record = csvRecords();
  return ['\ufeff', record(RANKING_HEADER), ...rankingRows(data).map((r) => record(r))].join('');
}

export const STRICT_RANKS_NOTE =
  'Strict anonymity: this study does not export rankings per person. This file holds the rankings per item for the panel and each group of at least k only.';

/**
 * Each panelist's ranks in long format (round, ranking, panelist, attributes, item, rank): the
 * pseudonyms and coarsened attributes of the long format, after the same # comment line. An item a
 * panelist left unranked has an empty rank. In strict anonymity mode, the aggregate rankings instead.
 */
export function renderRanksCsv(long: RanksLongFormat | null, data: Pick<ReportData, 'rankings'> | null): string {
  if (long === null) return `\ufeff# ${STRICT_RANKS_NOTE}\r\n${renderRankingsCsv(data!).slice(1)}`;
  const csvRecord = csvRecords();
  const parts = ['\ufeff', `# ${long.note.replace(/[\r\n]+/g, ' ')}\r\n`, csvRecord(['round', 'ranking', 'panelist', ...long.attributes, 'item', 'rank'])];
  for (const r of long.rows) parts.push(csvRecord([r.round, r.ranking, r.panelist, ...r.attributes, r.item, r.rank]));
  return parts.join('');
}
