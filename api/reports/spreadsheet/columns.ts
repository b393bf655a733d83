/** Columns that every results sheet (CSV aggregate, XLSX results and subgroups) writes the same way. */
import type { Descriptives } from '../../contract/statistics';
import type { ReportData, ReportItem } from '../report-data';

type Value = string | number | boolean | null;

/** Each item version's id mapped to its item and version, for labelling result rows. */
export function versionsById(data: ReportData): Map<number, { item: ReportItem; version: ReportItem['versions'][number] }> {
  return new Map(data.items.flatMap((item) => item.versions.map((version) => [version.id, { item, version }] as const)));
}

/** One column per scale point, named `count_<point>`. */
export function countHeader(data: ReportData): string[] {
  const { min, max } = data.study.scale;
  return Array.from({ length: max - min + 1 }, (_, i) => `count_${min + i}`);
}

export const SPREAD_HEADER = ['median', 'q1', 'q3', 'iqr'];
export const spreadValues = (st: Descriptives): Value[] => [st.median, st.q1, st.q3, st.iqr];

export const AGREE_HEADER = ['agree_k', 'agree_n', 'pct_agree'];
export const agreeValues = (st: Descriptives): Value[] => [st.agree.k, st.agree.n, st.agree.pct];
