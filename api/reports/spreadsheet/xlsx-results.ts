/**
 * The per-round results sheet: one row per item version (per item version and criterion when the
 * study names its criteria), every §10 item 6, §7 and §15.2 figure as a number.
 */
import * as columns from './columns';
import type { ReportData, ReportRound } from '../report-data';

type Value = string | number | boolean | null;

const isNinePoint = (s: { min: number; max: number }) => s.min === 1 && s.max === 9;
const hasRand = (data: ReportData) => (data.study.criteria.length > 0 ? data.study.criteria.some((c) => isNinePoint(c.scale)) : isNinePoint(data.study.scale));
const hasRelevance = (data: ReportData) => data.study.criteria.some((c) => c.relevance);

export const CONTENT_VALIDITY_HEADER = ['cvi_n', 'cvi_relevant', 'icvi', 'pc', 'kappa_star', 'kappa_evaluation'];

export function resultHeader(data: ReportData): string[] {
  return [
    'item',
    'version',
    ...columns.criterionHeader(data),
    'category',
    'statement',
    'n_presented',
    'n_valid',
    'n_cannot_judge',
    'n_skipped',
    ...columns.countHeader(data),
    ...columns.SPREAD_HEADER,
    'mean',
    'sd',
    'cv',
    ...columns.AGREE_HEADER,
    'disagree_k',
    'disagree_n',
    'pct_disagree',
    ...(hasRand(data) ? ['p30', 'p70', 'ipras', 'di', 'disagreement_ipras', 'ram_class'] : []),
    ...(hasRelevance(data) ? CONTENT_VALIDITY_HEADER : []),
    'outcome',
    'decided_by',
    'rule_number',
    'rule',
    'guard',
    'sensitivity_other_method',
    'sensitivity_other_outcome',
    'sensitivity_differs',
    'stability_previous_round',
    'change_pct',
    'stable',
    'n_pairs',
    'n_changed',
    'wilcoxon_p',
    'mcnemar_p',
    'kappa',
    'delta_cv',
  ];
}

export function resultRows(data: ReportData, round: ReportRound): Value[][] {
  const rand = hasRand(data);
  const relevance = hasRelevance(data);
  const items = columns.versionsById(data);
  return round.results.flatMap((x) => {
    const r = x.result;
    const { item, version } = items.get(x.versionId)!;
    return columns.figuresOf(data, r).map((f) => {
      const { stats: st, rand: rb, stability: s, contentValidity: cvi } = f;
      return [
        item.code,
        version.version,
        ...columns.criterionValue(data, f),
        item.category?.code ?? null,
        version.text,
        r.nPresented,
        st.nValid,
        st.nNoOpinion,
        st.nSkipped,
        ...columns.countValues(data, st),
        ...columns.spreadValues(st),
        st.mean,
        st.sd,
        st.cv,
        ...columns.agreeValues(st),
        st.disagree.k,
        st.disagree.n,
        st.disagree.pct,
        ...(rand ? [rb?.p30 ?? null, rb?.p70 ?? null, rb?.ipras ?? null, rb?.di ?? null, rb?.disagreementIpras ?? null, rb?.ramClass ?? null] : []),
        ...(relevance ? [cvi?.n ?? null, cvi?.nRelevant ?? null, cvi?.icvi ?? null, cvi?.pc ?? null, cvi?.kappa ?? null, cvi?.evaluation ?? null] : []),
        r.outcome,
        r.decidedBy,
        r.ruleIndex === null ? null : r.ruleIndex + 1,
        r.ruleText,
        r.guard?.detail ?? null,
        r.sensitivity.otherMethod,
        r.sensitivity.otherOutcome,
        r.sensitivity.differs,
        s?.previousRound ?? null,
        s?.changePct ?? null,
        r.stable,
        s?.nPairs ?? null,
        s?.nChanged ?? null,
        s?.wilcoxon.p ?? null,
        s?.mcnemar.pExact ?? null,
        s?.kappa.kappa ?? null,
        s?.deltaCv ?? null,
      ];
    });
  });
}
