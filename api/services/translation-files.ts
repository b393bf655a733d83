import Papa from 'papaparse';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { csvRecords } from '../reports/spreadsheet/csv-export';
import type { Problem } from '../errors';

/*
 * The files a translator works on: XLIFF 1.2 (what translation tools read) and CSV (what a
 * spreadsheet reads). A comment is named only by its opaque id (services/opaque-ids.ts) and the
 * code of the item it is about: nothing here can be traced to who wrote it or when.
 */

export interface ToTranslate {
  id: number;
  item: string;
  language: string;
  text: string;
}

export interface TranslatedUnit {
  id: number;
  /** Where the unit sits in the file, for the problem list: a CSV line or an XLIFF unit number. */
  where: Pick<Problem, 'line' | 'path'>;
  targetLanguage: string;
  text: string;
}

// XML 1.0 allows no control characters but tab, line feed and carriage return.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlText(s: string): string {
  return s.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XLIFF 1.2 with one <file> per source language, as the standard has one source language per file. */
export function renderXliff(units: ToTranslate[], target: string, original: string): string {
  const bySource = new Map<string, ToTranslate[]>();
  for (const u of units) bySource.set(u.language, [...(bySource.get(u.language) ?? []), u]);
  const files = [...bySource].map(([source, list]) => {
    const body = list.map(
      (u) =>
        `      <trans-unit id="${u.id}" xml:space="preserve">\n` +
        `        <source xml:lang="${xmlText(source)}">${xmlText(u.text)}</source>\n` +
        `        <target xml:lang="${xmlText(target)}"></target>\n` +
        `        <note from="study team">Item ${xmlText(u.item)}</note>\n` +
        `      </trans-unit>\n`,
    );
    return (
      `  <file original="${xmlText(`${original}-${source}`)}" ` +
      `source-language="${xmlText(source)}" target-language="${xmlText(target)}" datatype="plaintext">\n` +
      `    <body>\n${body.join('')}    </body>\n  </file>\n`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n${files.join('')}</xliff>\n`;
}

export const CSV_COLUMNS = ['id', 'item', 'source_language', 'target_language', 'source', 'target'] as const;

export function renderCsv(units: ToTranslate[], target: string): string {
  const record = csvRecords();
  return ['\ufeff', record(CSV_COLUMNS), ...units.map((u) => record([String(u.id), u.item, u.language, target, u.text, '']))].join('');
}

function unitId(raw: unknown): number | null {
  const s = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  return /^[1-9][0-9]{0,15}$/.test(s) ? Number(s) : null;
}

/** Reads a translated CSV; problems name the line (the header is line 1) and column. */
export function parseCsv(content: string, problems: Problem[]): TranslatedUnit[] {
  const parsed = Papa.parse<Record<string, string>>(content.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: 'greedy' });
  const missing = ['id', 'target_language', 'target'].filter((c) => !(parsed.meta.fields ?? []).includes(c));
  if (missing.length > 0) {
    problems.push({ line: 1, message: `The header needs the columns ${missing.join(', ')} (as in the exported file).` });
    return [];
  }
  for (const e of parsed.errors) problems.push({ line: (e.row ?? 0) + 2, message: e.message });
  const units: TranslatedUnit[] = [];
  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const id = unitId(row.id);
    if (id === null) problems.push({ line, column: 'id', message: 'not a comment id from the exported file' });
    else units.push({ id, where: { line }, targetLanguage: (row.target_language ?? '').trim(), text: (row.target ?? '').trim() });
  });
  return units;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'file' || name === 'trans-unit',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a <target>, or null when it holds markup (inline tags) rather than plain text. */
function targetText(target: unknown): string | null {
  if (target === undefined || typeof target === 'string') return target ?? '';
  if (!isNode(target)) return null;
  if (Object.keys(target).some((k) => k !== '#text' && !k.startsWith('@'))) return null;
  return typeof target['#text'] === 'string' ? target['#text'] : '';
}

/** Reads a translated XLIFF 1.2 file; problems name the unit by its position, never the XML parser's internals. */
export function parseXliff(content: string, problems: Problem[]): TranslatedUnit[] {
  // A document type may declare entities that expand without end; a translation file needs none.
  if (/<!DOCTYPE|<!ENTITY/i.test(content)) {
    problems.push({ path: 'body.content', message: 'The file declares a document type or entities; an XLIFF file from a translation tool has none.' });
    return [];
  }
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    problems.push({ line: valid.err.line, path: 'body.content', message: `Not well-formed XML: ${valid.err.msg}` });
    return [];
  }
  const doc = parser.parse(content) as Node;
  const xliff = doc.xliff;
  if (!isNode(xliff) || xliff['@version'] !== '1.2') {
    problems.push({ path: 'body.content', message: 'Not an XLIFF 1.2 file: the root must be <xliff version="1.2">.' });
    return [];
  }
  const units: TranslatedUnit[] = [];
  const files = Array.isArray(xliff.file) ? (xliff.file as unknown[]) : [];
  files.forEach((file, f) => {
    if (!isNode(file)) return;
    const targetLanguage = typeof file['@target-language'] === 'string' ? file['@target-language'].trim() : '';
    const body = isNode(file.body) ? file.body : {};
    const list = Array.isArray(body['trans-unit']) ? (body['trans-unit'] as unknown[]) : [];
    list.forEach((unit, u) => {
      const path = `file[${f + 1}].trans-unit[${u + 1}]`;
      if (!isNode(unit)) return;
      const id = unitId(unit['@id']);
      const text = targetText(unit.target);
      if (id === null) problems.push({ path, message: 'The id is not a comment id from the exported file.' });
      else if (text === null) problems.push({ path, message: 'The target holds markup; give the translation as plain text.' });
      else units.push({ id, where: { path }, targetLanguage, text: text.trim() });
    });
  });
  return units;
}
