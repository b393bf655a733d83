import * as columns from './columns';
import { neutraliseCell } from './safety';
import type { ReportData } from '../report-data';
import { criterionColumn, type LongFormat } from './long-format';

type Value = string | number | boolean | null;

/** Text cells go through neutraliseCell so a spreadsheet never runs them as formulas; numbers stay numbers. */
export function safe(value: Value): Value {
  return typeof value === 'string' ? neutraliseCell(value) : value;
}

export const STRICT_NOTE = 'Strict anonymity: this study does not export ratings per person. This file holds aggregate results per round and item only.';

/**
 * Formats CSV records (RFC 4180): text neutralised, then quoted when it holds a comma, quote or
 * line break. Written here rather than with a CSV library because the long format of a large
 * study has hundreds of thousands of rows drawn from a few hundred distinct texts, so caching each
 * text's field makes it several times faster.
 */
export function csvRecords(): (values: readonly Value[]) => string {
  const fields = new Map<string, string>();
  const text = (v: string) => {
    let field = fields.get(v);
    if (field === undefined) {
      const safeText = neutraliseCell(v);
      field = /[",\r\n]/.test(safeText) ? `"${safeText.replace(/"/g, '""')}"` : safeText;
      if (fields.size < 100_000) fields.set(v, field);
    }
    return field;
  };
  return (values) => {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) line += ',';
      if (v === null) continue;
      if (typeof v === 'string') line += text(v);
      else if (typeof v === 'number') line += Number.isFinite(v) ? String(v) : '';
      else line += v ? 'true' : 'false';
    }
    return `${line}\r\n`;
  };
}

/**
 * The long-format responses as CSV (round, item, item version, panelist, attributes, rating,
 * cannot judge), UTF-8 with a byte-order mark so spreadsheet programs read accents correctly,
 * after a first line (a # comment) saying how attributes were coarsened.
 * In strict anonymity mode, aggregate results per round and item instead, with a first line
 * (a # comment) that says so.
 */
export function renderCsv(long: LongFormat | null, data: ReportData | null): string {
  if (long === null) return aggregateCsv(data!);
  const csvRecord = csvRecords();
  const parts = [
    '\ufeff',
    `# ${long.note.replace(/[\r\n]+/g, ' ')}\r\n`,
    csvRecord(['round', 'item', 'item_version', 'panelist', ...criterionColumn(long, 'criterion'), ...long.attributes, 'rating', 'cannot_judge']),
  ];
  for (const r of long.rows) {
    parts.push(csvRecord([r.round, r.item, r.version, r.panelist, ...criterionColumn(long, r.criterion), ...r.attributes, r.rating, r.cannotJudge]));
  }
  return parts.join('');
}

function aggregateCsv(data: ReportData): string {
  const header = [
    'round',
    'item',
    'item_version',
    ...columns.criterionHeader(data),
    'n_valid',
    'n_cannot_judge',
    'n_skipped',
    ...columns.countHeader(data),
    ...columns.SPREAD_HEADER,
    ...columns.AGREE_HEADER,
    'outcome',
  ];
  const versions = columns.versionsById(data);
  const records: Value[][] = [];
  for (const round of data.rounds) {
    for (const r of round.results) {
      const { item, version } = versions.get(r.versionId)!;
      for (const f of columns.figuresOf(data, r.result)) {
        const st = f.stats;
        records.push([
          round.number,
          item.code,
          version.version,
          ...columns.criterionValue(data, f),
          st.nValid,
          st.nNoOpinion,
          st.nSkipped,
          ...columns.countValues(data, st),
          ...columns.spreadValues(st),
          ...columns.agreeValues(st),
          r.outcome,
        ]);
      }
    }
  }
  const csvRecord = csvRecords();
  return `\ufeff# ${STRICT_NOTE}\r\n${[header, ...records].map((r) => csvRecord(r)).join('')}`;
}
