/**
 * A small, fast writer of XLSX workbooks (Office Open XML SpreadsheetML, ECMA-376) with plain
 * tables: inline strings, numbers, booleans, a bold header row, frozen panes, column widths and two
 * number formats. exceljs writes the same files, but spends ~35 µs per row of ten cells on its
 * cell model, which made a 200 x 1,000 x 3 long-format sheet take 20 s; this takes ~2 s.
 */
import { createGzip } from 'node:zlib';

export type XlsxValue = string | number | boolean | null | undefined;
export type XlsxFormat = 'percent' | 'decimal2' | 'wrap';

export interface SheetSpec {
  name: string;
  header: string[];
  rows: Iterable<XlsxValue[]>;
  /** Column widths in characters. */
  widths?: number[];
  /** Column index (0-based) → display format. */
  formats?: Record<number, XlsxFormat>;
}

const STYLE = { header: 1, percent: 2, decimal2: 3, wrap: 4 } as const;
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

interface Entry {
  name: string;
  crc: number;
  size: number;
  data: Buffer;
}

export class XlsxWriter {
  readonly #entries: Entry[] = [];
  readonly #sheets: string[] = [];

  constructor(
    private readonly meta: { title: string; creator: string; createdIso: string },
    private readonly onRows: (rows: number) => void = () => {},
  ) {}

  async addSheet(spec: SheetSpec): Promise<void> {
    const index = this.#sheets.length + 1;
    this.#sheets.push(sheetName(spec.name, this.#sheets));
    const columns = spec.header.length;
    const letters = Array.from({ length: Math.max(columns, 1) + 64 }, (_, i) => columnLetter(i));
    const styles = spec.header.map((_, i) => (spec.formats?.[i] ? STYLE[spec.formats[i]] : 0));
    const part = new PartWriter(`xl/worksheets/sheet${index}.xml`);
    const widths = spec.header.map((h, i) => spec.widths?.[i] ?? Math.min(40, Math.max(9, h.length + 2)));
    part.write(
      `${XML}<worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols><sheetData>`,
    );
    // Long-format sheets repeat a few hundred texts (codes, groups) hundreds of thousands of times.
    const texts = new Map<string, string>();
    part.write(`<row r="1">${spec.header.map((h, i) => cell(letters[i], 1, h, STYLE.header, texts)).join('')}</row>`);
    let r = 1;
    let pending = 0;
    for (const row of spec.rows) {
      r++;
      let xml = `<row r="${r}">`;
      for (let i = 0; i < row.length; i++) xml += cell(letters[i] ?? columnLetter(i), r, row[i], styles[i] ?? 0, texts);
      part.write(`${xml}</row>`);
      if (++pending === 5000) {
        this.onRows(pending);
        pending = 0;
        await part.drain();
      }
    }
    this.onRows(pending);
    part.write('</sheetData></worksheet>');
    this.#entries.push(await part.finish());
  }

  /** The finished workbook as one buffer. */
  async finish(): Promise<Buffer> {
    const { title, creator, createdIso } = this.meta;
    const n = this.#sheets.length;
    const fixed: [string, string][] = [
      [
        '[Content_Types].xml',
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          this.#sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
      ],
      [
        '_rels/.rels',
        `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
      ],
      [
        'docProps/core.xml',
        `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
          `<dc:title>${esc(title)}</dc:title><dc:creator>${esc(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${esc(createdIso)}</dcterms:created></cp:coreProperties>`,
      ],
      ['docProps/app.xml', `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${esc(creator)}</Application></Properties>`],
      [
        'xl/workbook.xml',
        `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>${this.#sheets.map((s, i) => `<sheet name="${esc(s)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML}<Relationships xmlns="${PKG_REL}">${this.#sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ],
      ['xl/styles.xml', STYLES],
    ];
    const parts = [...(await Promise.all(fixed.map(([name, xml]) => deflated(name, Buffer.from(xml, 'utf8'))))), ...this.#entries];
    return zip(parts, createdIso);
  }
}

const STYLES =
  `${XML}<styleSheet xmlns="${NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function cell(col: string, row: number, v: XlsxValue, style: number, texts: Map<string, string>): string {
  const s = style === 0 ? '' : ` s="${style}"`;
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${col}${row}"${s}><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${col}${row}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  let inner = texts.get(v);
  if (inner === undefined) {
    // Excel refuses a cell over 32,767 characters; control characters are not allowed in XML 1.0.
    inner = `<is><t${/^\s|\s$/.test(v) ? ' xml:space="preserve"' : ''}>${esc(v.length > 32_767 ? v.slice(0, 32_767) : v)}</t></is>`;
    if (texts.size < 100_000) texts.set(v, inner);
  }
  return `<c r="${col}${row}"${s} t="inlineStr">${inner}</c>`;
}

const NEEDS_ESCAPE = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function esc(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique regardless of case. */
function sheetName(wanted: string, taken: string[]): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.some((t) => t.toLowerCase() === name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  return name;
}

/**
 * One zip entry, compressed as it is written. It runs through gzip rather than raw deflate because
 * a gzip member is raw deflate between a 10-byte header and a trailer holding the CRC-32 and size
 * (RFC 1952), so zlib computes the checksum zip needs in native code.
 */
class PartWriter {
  // Level 3 compresses these repetitive sheets nearly as well as the default 6 in a third of the time.
  readonly #gzip = createGzip({ level: 3 });
  readonly #out: Buffer[] = [];
  #buffer = '';

  constructor(private readonly name: string) {
    this.#gzip.on('data', (c: Buffer) => this.#out.push(c));
  }

  write(xml: string): void {
    this.#buffer += xml;
    if (this.#buffer.length > 1 << 20) this.#flush();
  }

  /** Lets zlib catch up so memory stays bounded on very large sheets. */
  async drain(): Promise<void> {
    if (this.#gzip.writableNeedDrain) await new Promise((resolve) => this.#gzip.once('drain', resolve));
  }

  async finish(): Promise<Entry> {
    this.#flush();
    const done = new Promise<void>((resolve, reject) => {
      this.#gzip.on('end', resolve);
      this.#gzip.on('error', reject);
    });
    this.#gzip.end();
    await done;
    const member = Buffer.concat(this.#out);
    if (member[3] !== 0) throw new Error('unexpected gzip header flags');
    const trailer = member.length - 8;
    return { name: this.name, crc: member.readUInt32LE(trailer), size: member.readUInt32LE(trailer + 4), data: member.subarray(10, trailer) };
  }

  #flush(): void {
    if (this.#buffer === '') return;
    this.#gzip.write(Buffer.from(this.#buffer, 'utf8'));
    this.#buffer = '';
  }
}

async function deflated(name: string, content: Buffer): Promise<Entry> {
  const part = new PartWriter(name);
  part.write(content.toString('utf8'));
  return part.finish();
}

/** A zip archive (PKWARE APPNOTE 6.3: local headers, deflated data, central directory), no zip64. */
function zip(entries: Entry[], createdIso: string): Buffer {
  const d = new Date(createdIso);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(e.crc, 16);
    header.writeUInt32LE(e.data.length, 20);
    header.writeUInt32LE(e.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    chunks.push(local, name, e.data);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
