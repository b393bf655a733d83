/**
 * The subgroup sheet: a row per round × item × criterion × attribute × group, small groups
 * suppressed. The criterion column is there when the study names its criteria; results frozen
 * before groups were compared per criterion carry the first criterion's only.
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

/**
 * The comparison's figures repeat on each of its group rows, so the sheet filters and pivots cleanly.
 * With several criteria each criterion's comparisons follow the item's, in the study's order.
 */
export function subgroupRows(data: ReportData, round: ReportRound): Value[][] {
  const versions = versionsById(data);
  const rows: Value[][] = [];
  const named = data.study.criteria.length > 0;
  for (const x of round.results) {
    const { item, version } = versions.get(x.versionId)!;
    const perCriterion = x.result.criteria?.filter((c) => c.groups !== undefined) ?? [];
    const sets =
      perCriterion.length > 0
        ? perCriterion.map((c) => ({ criterion: [c.criterion], groups: c.groups!, asymmetry: c.asymmetry ?? {} }))
        : [{ criterion: named ? [data.study.criteria[0].code] : [], groups: x.result.groups, asymmetry: x.result.asymmetry }];
    for (const set of sets) {
      for (const g of Object.values(set.groups)) {
        const a = set.asymmetry[g.dimension];
        const test: Value[] = g.suppressed
          ? [SUPPRESSED, null, null, null, null, null, null, null]
          : [g.test, g.statistic, g.df, g.p, g.pAdjusted, g.effectSizes.rankBiserial, g.effectSizes.r, g.effectSizes.epsilonSquared];
        for (const p of g.perGroup) {
          const st = p.stats;
          const group: Value[] =
            p.suppressed || !st
              ? [SUPPRESSED, null, null, null, null, null, null, null, null, null]
              : [st.nValid, st.nNoOpinion, ...spreadValues(st), ...agreeValues(st), p.outcome];
          rows.push([
            round.number,
            item.code,
            version.version,
            ...set.criterion,
            g.dimension,
            p.group,
            ...group,
            ...test,
            a?.split ?? null,
            a?.differs ?? null,
          ]);
        }
      }
    }
  }
  return rows;
}
