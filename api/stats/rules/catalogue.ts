/** The identifiers and functions of the rule language, with their types (consensus-methods.md §5.3). */

export type ValueType = 'number' | 'boolean' | 'string';

export type IdentifierCategory = 'count' | 'statistic' | 'rand' | 'stability' | 'rank' | 'outcome' | 'content';

export interface IdentifierSpec {
  type: ValueType;
  category: IdentifierCategory;
  /** Noun phrase for describeRule ("the IQR"). */
  label: string;
}

const id = (type: ValueType, category: IdentifierCategory, label: string): IdentifierSpec => ({ type, category, label });

/**
 * Every identifier a rule may use. Scoped to item × round × current (sub)group. `n_presented` is
 * an extension (the §1.1 count); `outcome` exists only in stop_item_when.
 */
export const IDENTIFIERS: Readonly<Record<string, IdentifierSpec>> = {
  n_valid: id('number', 'count', 'the number of valid ratings'),
  n_no_opinion: id('number', 'count', 'the number of "cannot judge" answers'),
  n_skipped: id('number', 'count', 'the number of panelists who skipped the item'),
  n_invited: id('number', 'count', 'the number of invited panelists'),
  n_presented: id('number', 'count', 'the number of panelists shown the item'),
  round: id('number', 'count', 'the round number'),
  median: id('number', 'statistic', 'the median'),
  q1: id('number', 'statistic', 'the first quartile'),
  q3: id('number', 'statistic', 'the third quartile'),
  iqr: id('number', 'statistic', 'the IQR'),
  mean: id('number', 'statistic', 'the mean'),
  sd: id('number', 'statistic', 'the standard deviation'),
  cv: id('number', 'statistic', 'the coefficient of variation'),
  mode_share: id('number', 'statistic', 'the share of the most common rating'),
  pct_agree: id('number', 'statistic', 'the percentage in the agreement band'),
  pct_disagree: id('number', 'statistic', 'the percentage in the disagreement band'),
  pct_neutral: id('number', 'statistic', 'the percentage in neither band'),
  p30: id('number', 'rand', 'the 30th percentile'),
  p70: id('number', 'rand', 'the 70th percentile'),
  ipr: id('number', 'rand', 'the interpercentile range (P70 − P30)'),
  ipras: id('number', 'rand', 'the IPRAS'),
  di: id('number', 'rand', 'the disagreement index (IPR/IPRAS)'),
  disagreement_ipras: id('boolean', 'rand', 'there is disagreement by the IPRAS method'),
  disagreement_classic: id('boolean', 'rand', 'there is disagreement by the classic RAND/UCLA count'),
  ram_class: id('string', 'rand', 'the RAND/UCLA class'),
  change_pct: id('number', 'stability', 'the change in the rating distribution since the previous round (%)'),
  wilcoxon_p: id('number', 'stability', 'the Wilcoxon signed-rank p-value against the previous round'),
  mcnemar_p: id('number', 'stability', 'the McNemar p-value against the previous round'),
  kappa: id('number', 'stability', "Cohen's kappa against the previous round"),
  delta_cv: id('number', 'stability', 'the change in the coefficient of variation'),
  stable: id('boolean', 'stability', 'the ratings are stable'),
  w: id('number', 'rank', "Kendall's W"),
  w_p: id('number', 'rank', "the p-value of Kendall's W"),
  w_change: id('number', 'rank', "the change in Kendall's W since the previous ranking round"),
  rho_previous: id('number', 'rank', "Spearman's ρ between this and the previous ranking round's mean ranks"),
  mean_rank: id('number', 'rank', 'the mean rank'),
  pct_top_k: id('number', 'rank', 'the percentage placing the item in the top k'),
  outcome: id('string', 'outcome', 'the outcome'),
  icvi: id('number', 'content', 'the I-CVI'),
  kappa_star: id('number', 'content', 'the modified kappa κ*'),
};

/**
 * Identifiers that belong to the item rather than to one criterion's ratings (§15.1): a
 * multi-criteria rule may use them without a criterion.
 */
export const ITEM_LEVEL_IDENTIFIERS: ReadonlySet<string> = new Set([
  'round',
  'n_invited',
  'n_presented',
  'stable',
  'outcome',
  // The ranking the item is in (§16): the same whichever criterion a rule reads.
  'w',
  'w_p',
  'w_change',
  'rho_previous',
  'mean_rank',
  'pct_top_k',
]);

export type FunctionName = 'pct_range' | 'count_range' | 'quantile' | 'group' | 'all_groups' | 'any_groups' | 'min_over_groups' | 'all_criteria';

export interface FunctionSpec {
  /** Parameter types; parameters from `optionalFrom` on may be left out. */
  params: ValueType[];
  optionalFrom?: number;
  returns: ValueType | 'group';
  /** Group functions cannot be nested and are not available inside group("…").<metric>. */
  groupFunction: boolean;
  /** all_criteria: its argument is read once per criterion, so unqualified metrics are allowed in it. */
  criteriaFunction?: boolean;
  signature: string;
}

/**
 * Functions (§5.3). all_groups / any_groups / min_over_groups take an optional second argument,
 * a dimension name, to range over one grouping dimension only (extension; without it they range
 * over every group of every dimension analysed).
 */
export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  pct_range: { params: ['number', 'number'], returns: 'number', groupFunction: false, signature: 'pct_range(lo, hi)' },
  count_range: { params: ['number', 'number'], returns: 'number', groupFunction: false, signature: 'count_range(lo, hi)' },
  quantile: { params: ['number'], returns: 'number', groupFunction: false, signature: 'quantile(P)' },
  group: { params: ['string'], returns: 'group', groupFunction: true, signature: 'group("name").metric' },
  all_groups: {
    params: ['boolean', 'string'],
    optionalFrom: 1,
    returns: 'boolean',
    groupFunction: true,
    signature: 'all_groups(condition[, "dimension"])',
  },
  any_groups: {
    params: ['boolean', 'string'],
    optionalFrom: 1,
    returns: 'boolean',
    groupFunction: true,
    signature: 'any_groups(condition[, "dimension"])',
  },
  min_over_groups: {
    params: ['number', 'string'],
    optionalFrom: 1,
    returns: 'number',
    groupFunction: true,
    signature: 'min_over_groups(metric[, "dimension"])',
  },
  all_criteria: { params: ['boolean'], returns: 'boolean', groupFunction: false, criteriaFunction: true, signature: 'all_criteria(condition)' },
};

/** True for a function of the rule language (§5.3). */
export function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/** True for an identifier of the rule language (§5.3). */
export function isIdentifier(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(IDENTIFIERS, name);
}

/**
 * A group selector of group("…"): either "value" (looked up in every dimension) or
 * "dimension=value" / "dimension:value" for an explicit dimension.
 */
export function parseGroupSelector(selector: string): { dimension: string | null; value: string } {
  const match = /^([^=:]+)[=:](.+)$/.exec(selector);
  return match ? { dimension: match[1].trim(), value: match[2].trim() } : { dimension: null, value: selector };
}
