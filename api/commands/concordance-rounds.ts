/**
 * `concordance` on a file with a round column: Kendall's W per round and per group, mean ranks,
 * and Spearman's ρ with the previous round (consensus-methods.md §6, §16). The JSON shape is a
 * pinned contract; the tables add what people want to read beside it.
 */
import { analyseRanking, rankingStability, type RankingAnalysis, type RankingStability } from '../stats';
import { num, table } from './command-run';
import type { RoundRankings } from './ranking-csv';

/** One round in the pinned JSON: {"round","m","n","w","chi2","df","p","meanRanks","groups","rhoPrevious"}. */
export interface ConcordanceRound {
  round: number;
  m: number;
  n: number;
  w: number | null;
  chi2: number | null;
  df: number | null;
  p: number | null;
  meanRanks: Record<string, number | null>;
  groups: Record<string, { m: number; w: number | null; p: number | null }>;
  rhoPrevious: number | null;
}

interface AnalysedRound {
  round: number;
  analysis: RankingAnalysis;
  /** Against the previous round of the file; null for the first. */
  stability: RankingStability | null;
}

/** Every round analysed in order, each compared with the one before it. */
export function analyseRounds(rounds: readonly RoundRankings[], seed: number | undefined): AnalysedRound[] {
  const out: AnalysedRound[] = [];
  for (const r of rounds) {
    const analysis = analyseRanking({ items: r.items, rankings: r.rankings, kendall: { seed } });
    const previous = out.at(-1)?.analysis;
    const summary = (a: RankingAnalysis) => ({ items: a.items, meanRanks: a.kendall.meanRanks, w: a.kendall.w });
    out.push({ round: r.round, analysis, stability: previous ? rankingStability(summary(previous), summary(analysis)) : null });
  }
  return out;
}

/** The pinned JSON object: {"rounds": [...]}. */
export function roundsJson(rounds: readonly AnalysedRound[]): { rounds: ConcordanceRound[] } {
  return {
    rounds: rounds.map(({ round, analysis: a, stability }) => ({
      round,
      m: a.m,
      n: a.n,
      w: a.kendall.w,
      chi2: a.kendall.chi2,
      df: a.kendall.df,
      p: a.kendall.p,
      meanRanks: Object.fromEntries(a.ranked.map((i) => [i.item, i.meanRank])),
      groups: Object.fromEntries(Object.entries(a.groups).map(([g, r]) => [g, { m: r.m, w: r.kendall.w, p: r.kendall.p }])),
      rhoPrevious: stability?.rho ?? null,
    })),
  };
}

/** The same as readable tables, with the permutation p, median ranks, top-k shares, ΔW and the group flag. */
export function roundsTable(rounds: readonly AnalysedRound[]): string {
  return rounds
    .map(({ round, analysis: a, stability }) => {
      const k = a.kendall;
      const partial = a.mPartial > 0 ? ` (${a.mPartial} top-k rankings: unranked items share the unused positions)` : '';
      const lines = [
        `Round ${round}: Kendall's W (tie-corrected) for ${a.m} panelists ranking ${a.n} items${partial}`,
        table(
          ['statistic', 'value'],
          [
            ['W', num(k.w, 4)],
            ['chi2', num(k.chi2, 4)],
            ['df', num(k.df, 0)],
            ['p (chi2)', num(k.p, 4)],
            ['p (permutation)', k.permutationP === null ? '-' : `${num(k.permutationP, 4)} (B = ${k.permutations}, seed ${k.seed})`],
            ['Schmidt band', k.band ?? '-'],
            ['rho with previous round', stability ? num(stability.rho, 4) : '-'],
            ['W change', stability ? num(stability.wChange, 4) : '-'],
          ],
        ),
        table(
          ['item', 'mean rank', 'median rank', `top ${a.topK}`],
          a.ranked.map((i) => {
            const share = i.topKPct === null ? '-' : `${i.topKPct.toFixed(1)}% (${i.topKCount}/${a.m})`;
            return [i.item, num(i.meanRank, 2), num(i.medianRank, 2), share];
          }),
        ),
      ];
      const groups = Object.entries(a.groups);
      if (groups.length > 0) {
        lines.push(
          table(
            ['group', 'm', 'W', 'p (chi2)'],
            groups.map(([g, r]) => [g, String(r.m), num(r.kendall.w, 4), num(r.kendall.p, 4)]),
          ),
        );
      }
      if (a.groupPairs.length > 0) {
        const rows = a.groupPairs.map((p) => [p.a, p.b, num(p.rho, 4), p.differs ? 'yes' : 'no']);
        lines.push(table(['group', 'group', 'rho of mean ranks', 'rank differently (rho < 0.5)'], rows));
      }
      return lines.join('\n');
    })
    .join('\n');
}
