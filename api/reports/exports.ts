/** One entry point for every report and export format, shared by the HTTP routes and the CLI. */
import type { Db } from '../../db/client';
import { appendAudit } from '../repositories/audit';
import type { StudyRow } from '../repositories/studies';
import { renderCsv } from './spreadsheet/csv-export';
import { renderRelationsCsv } from './spreadsheet/relations-export';
import { renderRankingsCsv, renderRanksCsv } from './spreadsheet/rankings-export';
import { renderHtml } from './document/html-report';
import { buildStudyExport } from './study-file/json-export';
import type { ArchiveKind } from './study-file/people';
import { longFormatResponses } from './spreadsheet/long-format';
import { longFormatRanks } from './spreadsheet/ranks-long-format';
import { renderPdf } from './document/pdf-report';
import { gatherReportData } from './report-data';
import { buildReportDocument } from './document/report-document';
import { checklistRows, type ChecklistRow } from './document/sections/checklist';
import { translateDocument } from './document/report-language';
import { errors } from '../errors';
import { renderXlsx } from './spreadsheet/xlsx-export';

export const EXPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv', 'json', 'relations-csv', 'rankings-csv', 'ranks-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  'relations-csv': 'text/csv; charset=utf-8',
  'rankings-csv': 'text/csv; charset=utf-8',
  'ranks-csv': 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface ExportOptions {
  /** Reports (html, pdf) only: rounds 1..N. */
  upToRound?: number | null;
  /** Reports and XLSX: the study language to write in (labels, item texts); the study's first by default. */
  language?: string | null;
  nowIso: string;
  /** JSON only: the full archive (e-mail addresses, every attribute); refused in strict anonymity. */
  archive?: ArchiveKind;
  /** Who asked, for the audit log (null from the command line). */
  facilitatorId: number | null;
  /** Stage name and a fraction 0..1 of the work done. */
  onProgress?: (stage: string, fraction: number) => void;
}

export interface ExportFile {
  body: string | Buffer;
  contentType: string;
  filename: string;
  /** Only aggregates, because the study is in strict anonymity mode (csv). */
  aggregateOnly: boolean;
}

/**
 * Builds one report or export of a study and records in the audit log that it was made:
 * who took which data out, and when, is part of the study's record.
 */
export async function exportStudy(db: Db, study: StudyRow, format: ExportFormat, options: ExportOptions): Promise<ExportFile> {
  const progress = options.onProgress ?? (() => {});
  const language = options.language ?? null;
  if (language !== null && !study.languages.includes(language)) {
    throw errors.validation(`This study's languages are ${study.languages.join(', ')}.`, [{ path: 'querystring.language', message: 'not a study language' }]);
  }
  if (options.archive === 'full' && format !== 'json')
    throw errors.validation('Only the JSON study file has a full archive.', [{ path: 'querystring.archive', message: 'json only' }]);
  const upToRound = format === 'html' || format === 'pdf' ? (options.upToRound ?? null) : null;
  const suffix = `${upToRound === null ? '' : `-round-${upToRound}`}${language === null ? '' : `-${language}`}`;
  let file: ExportFile;
  progress('reading the study', 0);
  if (format === 'json') {
    const json = JSON.stringify(await buildStudyExport(db, study, options.nowIso, options.archive ?? 'default'));
    file = { body: json, contentType: CONTENT_TYPES.json, filename: `${study.slug}-study-export.json`, aggregateOnly: study.anonymity === 'strict' };
  } else if (format === 'relations-csv') {
    // Frozen aggregates only (per relation, per element, the matrices): nothing per person, so the same in every anonymity mode.
    const data = await gatherReportData(db, study, { now: options.nowIso, language });
    file = { body: renderRelationsCsv(data.relations), contentType: CONTENT_TYPES.csv, filename: `${study.slug}-relations${suffix}.csv`, aggregateOnly: false };
  } else if (format === 'rankings-csv') {
    // Frozen aggregates only (per item, per group of at least k): nothing per person, so the same in every anonymity mode.
    const data = await gatherReportData(db, study, { now: options.nowIso, language });
    file = { body: renderRankingsCsv(data), contentType: CONTENT_TYPES.csv, filename: `${study.slug}-rankings${suffix}.csv`, aggregateOnly: false };
  } else if (format === 'ranks-csv') {
    // Per person, so exactly as the ratings' long format: the same pseudonymisation and coarsening, aggregates only in strict anonymity.
    const long = await longFormatRanks(db, study);
    const body = renderRanksCsv(long, long === null ? await gatherReportData(db, study, { now: options.nowIso }) : null);
    file = { body, contentType: CONTENT_TYPES.csv, filename: `${study.slug}-ranks.csv`, aggregateOnly: long === null };
  } else if (format === 'csv') {
    const long = await longFormatResponses(db, study);
    progress('writing rows', 0.5);
    // The aggregate table (strict anonymity) needs the frozen results; the long format does not.
    const body = renderCsv(long, long === null ? await gatherReportData(db, study, { now: options.nowIso }) : null);
    file = { body, contentType: CONTENT_TYPES.csv, filename: `${study.slug}-${long ? 'responses' : 'results'}.csv`, aggregateOnly: long === null };
  } else {
    const data = await gatherReportData(db, study, { upToRound, now: options.nowIso, language });
    if (format === 'html' || format === 'pdf') {
      // Without a choice the labels stay English, as reports were before they could be written in a study language.
      const doc = language === null ? buildReportDocument(data) : translateDocument(buildReportDocument(data), language);
      progress('laying out the report', 0.2);
      const body = format === 'html' ? renderHtml(doc) : await renderPdf(doc, { onProgress: (f) => progress('drawing pages', 0.2 + 0.8 * f) });
      file = { body, contentType: CONTENT_TYPES[format], filename: `${study.slug}-report${suffix}.${format}`, aggregateOnly: false };
    } else {
      const long = await longFormatResponses(db, study);
      progress('writing rows', 0.1);
      const body = await renderXlsx(data, long, (done, total) => progress('writing rows', 0.1 + (0.9 * done) / total));
      file = { body, contentType: CONTENT_TYPES.xlsx, filename: `${study.slug}-data.xlsx`, aggregateOnly: long === null };
    }
  }
  await db.transaction((tx) =>
    appendAudit(tx, {
      studyId: study.id,
      facilitatorId: options.facilitatorId,
      action: 'study.export',
      details: { format, upToRound, ...(language === null ? {} : { language }), ...(options.archive === 'full' ? { archive: 'full' } : {}) },
    }),
  );
  progress('done', 1);
  return file;
}

/** The report's guideline checklist as the console shows it while the study runs: the same rows as the appendix. */
export async function reportingChecklist(db: Db, study: StudyRow, nowIso: string): Promise<ChecklistRow[]> {
  const data = await gatherReportData(db, study, { now: nowIso });
  return checklistRows(data, buildReportDocument(data).sections);
}
