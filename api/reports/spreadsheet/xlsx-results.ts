/** The per-round results sheet: one row per item version, every §10 item 6 and §7 figure as a number. */
import { AGREE_HEADER, agreeValues, countHeader, SPREAD_HEADER, spreadValues, versionsById } from './columns';
import type { ReportData, ReportRound } from '../report-data';

type Value = string | number | boolean | null;

export function resultHeader(data: ReportData): string[] {
  const rand = data.study.scale.min === 1 && data.study.scale.max === 9;
  return [
    'item',
    'version',
    'category',
    'statement',
    'n_presented',
    'n_valid',
    'n_cannot_judge',
    'n_skipped',
    ...countHeader(data),
    ...SPREAD_HEADER,
    'mean',
    'sd',
    'cv',
    ...AGREE_HEADER,
    'disagree_k',
    'disagree_n',
    'pct_disagree',
    ...(rand ? ['p30', 'p70', 'ipras', 'di', 'disagreement_ipras', 'ram_class'] : []),
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
  const rand = data.study.scale.min === 1 && data.study.scale.max === 9;
  const items = versionsById(data);
  return round.results.map((x) => {
    const r = x.result;
    const st = r.stats;
    const { item, version } = items.get(x.versionId)!;
    const s = r.stability;
    return [
      item.code,
      version.version,
      item.category?.code ?? null,
      version.text,
      r.nPresented,
      st.nValid,
      st.nNoOpinion,
      st.nSkipped,
      ...st.freq.map((f) => f.count),
      ...spreadValues(st),
      st.mean,
      st.sd,
      st.cv,
      ...agreeValues(st),
      st.disagree.k,
      st.disagree.n,
      st.disagree.pct,
      ...(rand
        ? [r.rand?.p30 ?? null, r.rand?.p70 ?? null, r.rand?.ipras ?? null, r.rand?.di ?? null, r.rand?.disagreementIpras ?? null, r.rand?.ramClass ?? null]
        : []),
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
}
