/**
 * The subgroup sheet: a row per round × item × attribute × group, small groups suppressed. The
 * engine compares groups on a study's first criterion (ItemRoundResult.groups), which the
 * criterion column names when the study names its criteria.
 */
import { AGREE_HEADER, agreeValues, criterionHeader, SPREAD_HEADER, spreadValues, versionsById } from './columns';
import { SUPPRESSED } from './long-format';
import type { ReportData, ReportRound } from '../report-data';

type Value = string | number | boolean | null;

const SUBGROUP_COLUMNS = [
  'attribute',
  'group',
  'n_valid',
  'n_cannot_judge',
  ...SPREAD_HEADER,
  ...AGREE_HEADER,
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

export function subgroupHeader(data: ReportData): string[] {
  return ['round', 'item', 'version', ...criterionHeader(data), ...SUBGROUP_COLUMNS];
}

/** The comparison's figures repeat on each of its group rows, so the sheet filters and pivots cleanly. */
export function subgroupRows(data: ReportData, round: ReportRound): Value[][] {
  const versions = versionsById(data);
  const rows: Value[][] = [];
  const criterion = data.study.criteria.length > 0 ? [data.study.criteria[0].code] : [];
  for (const x of round.results) {
    const { item, version } = versions.get(x.versionId)!;
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
            : [st.nValid, st.nNoOpinion, ...spreadValues(st), ...agreeValues(st), p.outcome];
        rows.push([round.number, item.code, version.version, ...criterion, g.dimension, p.group, ...group, ...test, a?.split ?? null, a?.differs ?? null]);
      }
    }
  }
  return rows;
}
