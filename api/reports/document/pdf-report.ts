/** The consensus report as PDF, laid out by pdfmake in-process (no browser), with the Roboto it ships. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CanvasElement, Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { DASH } from '../format';
import type { BarChart, Block, Cell, Chart, DistributionChart, ReportDocument, TableBlock } from './blocks';
import { causeEffectSvg, influenceGraphSvg } from './influence-map-svg';
import { COLOURS, flowSvg } from './svg-charts';

const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as typeof import('pdfmake');
const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

// Roboto rather than the built-in Helvetica, whose encoding garbles "≥", "≤" and "ε". (Roboto has no "→": the report does not use it.)
pdfmake.setFonts({
  Roboto: {
    normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
// A report never fetches anything: no URL, and no file but the fonts.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR));

export interface PdfOptions {
  /** Called with 0..1 while pages are rendered (pdfmake's own progress). */
  onProgress?: (fraction: number) => void;
}

const PORTRAIT_WIDTH = 595.28 - 2 * 40;
const LANDSCAPE_WIDTH = 841.89 - 2 * 40;

export async function renderPdf(doc: ReportDocument, options: PdfOptions = {}): Promise<Buffer> {
  const definition = pdfDefinition(doc);
  // pdfmake keeps one progress callback for the process; set it only for this document.
  pdfmake.setProgressCallback(options.onProgress ?? (() => {}));
  try {
    return await pdfmake.createPdf(definition).getBuffer();
  } finally {
    pdfmake.setProgressCallback(() => {});
  }
}

export function pdfDefinition(doc: ReportDocument): TDocumentDefinitions {
  const content: Content[] = [
    { text: doc.subtitle, style: 'kicker' },
    { text: doc.title, style: 'title' },
    kv(doc.meta),
    { text: doc.contents ?? 'Contents', style: 'h2', margin: [0, 16, 0, 4] },
    { ol: doc.sections.map((s) => s.title) },
  ];
  let landscape = false;
  doc.sections.forEach((section, i) => {
    const turn = (section.landscape ?? false) !== landscape;
    landscape = section.landscape ?? false;
    const width = landscape ? LANDSCAPE_WIDTH : PORTRAIT_WIDTH;
    content.push({
      text: `${i + 1}. ${section.title}`,
      style: 'h1',
      id: section.id,
      headlineLevel: 1,
      pageBreak: i === 0 || turn || section.landscape ? 'before' : undefined,
      pageOrientation: turn || i === 0 ? (landscape ? 'landscape' : 'portrait') : undefined,
    });
    const blocks = section.blocks.filter((b) => !(b.kind === 'list' && b.screenOnly));
    for (let j = 0; j < blocks.length; j++) {
      const b = blocks[j];
      const next = blocks[j + 1];
      // A heading stays on the page of what follows it when that is short enough to move along.
      if (b.kind === 'h' && next && small(next)) {
        content.push({ stack: [block(b, width), block(next, width)], unbreakable: true });
        j++;
      } else content.push(block(b, width));
    }
  });
  return {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    info: { title: `${doc.subtitle}: ${doc.title}`, subject: 'Delphi consensus report', creator: 'delphi-panel' },
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 },
    footer: (page, pages) => ({
      columns: [
        { text: doc.title, fontSize: 7, color: COLOURS.muted },
        { text: `Page ${page} of ${pages}`, alignment: 'right', fontSize: 7, color: COLOURS.muted },
      ],
      margin: [40, 16, 40, 0],
    }),
    styles: {
      kicker: { fontSize: 8, color: COLOURS.muted },
      title: { fontSize: 20, bold: true, margin: [0, 4, 0, 12] },
      h1: { fontSize: 15, bold: true, color: COLOURS.agree, margin: [0, 4, 0, 2] },
      h2: { fontSize: 11.5, bold: true, margin: [0, 14, 0, 0] },
      h3: { fontSize: 8.5, bold: true, margin: [0, 8, 0, 2] },
      note: { fontSize: 8, color: '#4a5568', italics: true },
      caption: { fontSize: 8, color: '#4a5568' },
      th: { bold: true, fontSize: 7.5 },
      td: { fontSize: 7.5 },
      code: { fontSize: 7, preserveLeadingSpaces: true, color: '#2d3748' },
    },
    content,
  };
}

function block(b: Block, width: number): Content {
  switch (b.kind) {
    case 'p':
      return { text: b.text, style: b.note ? 'note' : undefined, margin: [0, 6, 0, 0] };
    case 'h':
      return { text: b.text, style: 'h2', headlineLevel: 2 };
    case 'list': {
      const limit = b.printLimit ?? b.items.length;
      const items = b.items.slice(0, limit);
      const more = b.items.length - items.length;
      return {
        stack: [
          ...(b.title ? [{ text: b.title, style: 'h3' } as Content] : []),
          { ul: items, fontSize: 8 },
          ...(more > 0 ? [{ text: `and ${more} more (${b.printMoreNote ?? 'not printed'})`, style: 'note', margin: [10, 2, 0, 0] } as Content] : []),
        ],
      };
    }
    case 'kv':
      return kv(b.rows);
    case 'code':
      return {
        table: { widths: ['*'], body: [[{ text: b.text, style: 'code', fillColor: '#f7fafc', margin: [4, 4, 4, 4] }]] },
        layout: 'noBorders',
        margin: [0, 6, 0, 0],
      };
    case 'table':
      return table(b);
    case 'chart':
      return { stack: [chart(b.chart, width), { text: b.caption, style: 'caption', margin: [0, 2, 0, 0] }], unbreakable: true, margin: [0, 8, 0, 0] };
    case 'charts': {
      const gap = 10;
      const each = (width - gap * (b.charts.length - 1)) / Math.max(1, b.charts.length);
      return {
        columns: b.charts.map((c) => ({ width: each, stack: [chart(c.chart, each), { text: c.caption, style: 'caption', margin: [0, 2, 0, 0] }] })),
        columnGap: gap,
        unbreakable: true,
        margin: [0, 8, 0, 0],
      };
    }
  }
}

function small(b: Block): boolean {
  return (
    b.kind === 'p' ||
    b.kind === 'chart' ||
    b.kind === 'charts' ||
    (b.kind === 'table' && b.rows.length <= 12) ||
    (b.kind === 'kv' && b.rows.length <= 12) ||
    (b.kind === 'list' && b.items.length <= 6)
  );
}

function kv(rows: [string, string][]): Content {
  return {
    table: { widths: [130, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, { text: v }]) },
    layout: 'lightHorizontalLines',
    margin: [0, 6, 0, 0],
  };
}

function table(t: TableBlock): Content {
  const numeric = new Set(t.numeric ?? []);
  const columns = t.head.length;
  const head: TableCell[] = t.head.map((h) => ({ text: h, bold: true }));
  const body: TableCell[][] = [];
  if (t.caption)
    body.push([{ text: t.caption, bold: true, fontSize: 8.5, colSpan: columns, margin: [0, 0, 0, 2] }, ...Array.from({ length: columns - 1 }, () => ({}))]);
  body.push(head);
  for (const row of t.rows) body.push(row.map((c, i) => cell(c, numeric.has(i))));
  const content: Content = {
    style: 'td',
    table: {
      headerRows: t.caption ? 2 : 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: t.widths ?? Array.from({ length: columns }, () => 'auto'),
      body,
    },
    layout: {
      hLineWidth: (i) => (i === (t.caption ? 2 : 1) ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => '#cbd5e0',
      paddingLeft: () => 2,
      paddingRight: () => 4,
      paddingTop: () => 1.5,
      paddingBottom: () => 1.5,
    },
  };
  // A short table reads better whole: it moves to the next page rather than splitting.
  return { stack: [content], unbreakable: t.rows.length <= 12, margin: [0, 8, 0, 0] };
}

function cell(c: Cell, numeric: boolean): TableCell {
  if (typeof c === 'string') return numeric ? { text: c, alignment: 'right', noWrap: true } : c === '' ? ' ' : c;
  const text: TableCell = { text: c.text, bold: c.strong ?? false, alignment: numeric ? 'right' : 'left', noWrap: numeric };
  if (!c.chart) return text;
  return c.text ? { stack: [distribution(c.chart), { text: c.text, fontSize: 5.5, color: '#4a5568' }] } : distribution(c.chart);
}

/** Bars drawn as vectors (cheaper than parsing SVG for hundreds of cells). */
function distribution(c: DistributionChart): Content {
  const bar = 5;
  const gap = 1.2;
  const h = 11;
  const top = Math.max(1, ...c.counts);
  const shapes: CanvasElement[] = c.counts.map((count, i) => {
    const v = c.min + i;
    const colour = v >= c.agree[0] && v <= c.agree[1] ? COLOURS.agree : v >= c.disagree[0] && v <= c.disagree[1] ? COLOURS.disagree : COLOURS.neutral;
    const bh = count === 0 ? 0.4 : (h * count) / top;
    return { type: 'rect', x: i * (bar + gap), y: h - bh, w: bar, h: bh, color: colour };
  });
  if (c.median !== null) {
    const x = (c.median - c.min) * (bar + gap) + bar / 2;
    shapes.push({
      type: 'polyline',
      points: [
        { x, y: h + 0.5 },
        { x: x - 2.5, y: h + 4 },
        { x: x + 2.5, y: h + 4 },
      ],
      closePath: true,
      color: COLOURS.ink,
    });
  }
  return { canvas: shapes };
}

function bars(c: BarChart, width: number): Content {
  const barW = Math.min(220, width * 0.35);
  return {
    table: {
      widths: [110, barW, '*'],
      body: c.bars.map((b) => {
        const len = b.value === null ? 0 : (barW * Math.max(0, Math.min(b.value, c.max))) / c.max;
        const shapes: CanvasElement[] = [{ type: 'rect', x: 0, y: 1, w: barW, h: 8, color: COLOURS.box }];
        if (len > 0) shapes.push({ type: 'rect', x: 0, y: 1, w: len, h: 8, color: COLOURS.agree });
        return [
          { text: b.label, fontSize: 8, alignment: 'right' },
          { canvas: shapes },
          { text: b.value === null && b.text === '' ? DASH : b.text, fontSize: 8, color: b.value === null ? COLOURS.muted : COLOURS.ink },
        ];
      }),
    },
    layout: 'noBorders',
  };
}

/** An SVG at its natural width, or narrower to fit. */
function scaledSvg(svg: string, width: number): Content {
  const natural = Number(/width="(\d+)"/.exec(svg)?.[1] ?? width);
  return { svg, width: Math.min(width, natural) };
}

function chart(c: Chart, width: number): Content {
  switch (c.type) {
    case 'distribution':
      return distribution(c);
    case 'bars':
      return bars(c, width);
    case 'flow':
      return scaledSvg(flowSvg(c, 'Roboto'), width);
    case 'cause-effect':
      return scaledSvg(causeEffectSvg(c, 'Roboto'), width);
    case 'influence-graph':
      return scaledSvg(influenceGraphSvg(c, 'Roboto'), width);
  }
}
