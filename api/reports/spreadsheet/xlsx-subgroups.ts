/** The subgroup sheet: a row per round × item × attribute × group, small groups suppressed. */
import { SUPPRESSED } from './long-format';
import type { ReportData, ReportRound } from '../report-data';

type Value = string | number | boolean | null;

export const SUBGROUP_HEADER = [
  'round',
  'item',
  'version',
  'attribute',
  'group',
  'n_valid',
  'n_cannot_judge',
  'median',
  'q1',
  'q3',
  'iqr',
  'agree_k',
  'agree_n',
  'pct_agree',
  'outcome',
  'test',
  'statistic',
  'df',
  'p',
  'p_adjusted',
  'rank_biserial',
  'r',
  'epsilon_squared',
  'verdict_splits',
  'groups_differ',
];

/** The comparison's figures repeat on each of its group rows, so the sheet filters and pivots cleanly. */
export function subgroupRows(data: ReportData, round: ReportRound): Value[][] {
  const versions = new Map(data.items.flatMap((i) => i.versions.map((v) => [v.id, { code: i.code, version: v.version }] as const)));
  const rows: Value[][] = [];
  for (const x of round.results) {
    const v = versions.get(x.versionId)!;
    for (const g of Object.values(x.result.groups)) {
      const a = x.result.asymmetry[g.dimension];
      const test: Value[] = g.suppressed
        ? [SUPPRESSED, null, null, null, null, null, null, null]
        : [g.test, g.statistic, g.df, g.p, g.pAdjusted, g.effectSizes.rankBiserial, g.effectSizes.r, g.effectSizes.epsilonSquared];
      for (const p of g.perGroup) {
        const st = p.stats;
        const group: Value[] =
          p.suppressed || !st
            ? [SUPPRESSED, null, null, null, null, null, null, null, null, null]
            : [st.nValid, st.nNoOpinion, st.median, st.q1, st.q3, st.iqr, st.agree.k, st.agree.n, st.agree.pct, p.outcome];
        rows.push([round.number, v.code, v.version, g.dimension, p.group, ...group, ...test, a?.split ?? null, a?.differs ?? null]);
      }
    }
  }
  return rows;
}
