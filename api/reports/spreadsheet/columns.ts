/** Columns that every results sheet (CSV aggregate, XLSX results and subgroups) writes the same way. */
import type { ContentValidity, Descriptives, RandBlock, StabilityResult } from '../../contract/statistics';
import type { ItemRoundResult } from '../../stats';
import type { ReportData, ReportItem } from '../report-data';

type Value = string | number | boolean | null;

/** Each item version's id mapped to its item and version, for labelling result rows. */
export function versionsById(data: ReportData): Map<number, { item: ReportItem; version: ReportItem['versions'][number] }> {
  return new Map(data.items.flatMap((item) => item.versions.map((version) => [version.id, { item, version }] as const)));
}

/** The scale points the count columns span: the study's scale, or every criterion's together. */
function countRange(data: ReportData): { min: number; max: number } {
  const scales = data.study.criteria.length > 0 ? data.study.criteria.map((c) => c.scale) : [data.study.scale];
  return { min: Math.min(...scales.map((s) => s.min)), max: Math.max(...scales.map((s) => s.max)) };
}

/** One column per scale point, named `count_<point>`. */
export function countHeader(data: ReportData): string[] {
  const { min, max } = countRange(data);
  return Array.from({ length: max - min + 1 }, (_, i) => `count_${min + i}`);
}

/** The counts under countHeader: empty for a point outside this criterion's scale. */
export function countValues(data: ReportData, st: Descriptives): Value[] {
  const { min, max } = countRange(data);
  const counts = new Map(st.freq.map((f) => [f.value, f.count]));
  return Array.from({ length: max - min + 1 }, (_, i) => counts.get(min + i) ?? null);
}

/** The criterion column's header, only in a study that names its criteria (older files keep their columns). */
export const criterionHeader = (data: ReportData): string[] => (data.study.criteria.length > 0 ? ['criterion'] : []);

export interface Figures {
  /** The criterion code, null in a study that names none. */
  criterion: string | null;
  stats: Descriptives;
  rand: RandBlock | null;
  stability: StabilityResult | null;
  contentValidity: ContentValidity | null;
}

/** An item's figures in a round: its one set, or one set per criterion in the study's order. */
export function figuresOf(data: ReportData, r: ItemRoundResult): Figures[] {
  if (data.study.criteria.length === 0) return [{ criterion: null, stats: r.stats, rand: r.rand, stability: r.stability, contentValidity: null }];
  return (r.criteria ?? []).map((c) => ({ criterion: c.criterion, stats: c.stats, rand: c.rand, stability: c.stability, contentValidity: c.contentValidity }));
}

/** The criterion cell under criterionHeader. */
export const criterionValue = (data: ReportData, f: Figures): Value[] => (data.study.criteria.length > 0 ? [f.criterion] : []);

export const SPREAD_HEADER = ['median', 'q1', 'q3', 'iqr'];
export const spreadValues = (st: Descriptives): Value[] => [st.median, st.q1, st.q3, st.iqr];

export const AGREE_HEADER = ['agree_k', 'agree_n', 'pct_agree'];
export const agreeValues = (st: Descriptives): Value[] => [st.agree.k, st.agree.n, st.agree.pct];
