/** The consensus report as one self-contained, printable HTML page: no script, no external file. */
import { escapeHtml as esc } from './escape';
import type { Block, Cell, Chart, ReportDocument, TableBlock } from './blocks';
import { causeEffectSvg, influenceGraphSvg } from './influence-map-svg';
import { barsSvg, distributionSvg, flowSvg } from './svg-charts';

/** Served with the page: nothing may run, load or be framed; only the inline styles apply. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; margin: 0 auto; max-width: 1180px; padding: 24px 32px 64px; }
header .kicker { text-transform: uppercase; letter-spacing: .06em; color: #4a5568; font-size: 12px; margin: 0; }
h1 { font-size: 26px; margin: 4px 0 12px; }
h2 { font-size: 20px; border-bottom: 2px solid #2b6cb0; padding-bottom: 4px; margin-top: 40px; }
h3 { font-size: 16px; margin: 24px 0 8px; }
h4 { font-size: 14px; margin: 16px 0 4px; }
p.note { color: #4a5568; font-size: 13px; border-left: 3px solid #cbd5e0; padding-left: 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: #4a5568; }
dl.meta dd { margin: 0; }
nav ol { columns: 2; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 12.5px; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 3px 8px 3px 0; text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid #4a5568; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv th { width: 16em; font-weight: 600; border-bottom: 1px solid #e2e8f0; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
.dist { display: block; }
.counts { font-size: 10px; color: #4a5568; letter-spacing: .04em; white-space: nowrap; }
strong.v { font-weight: 600; }
figure { margin: 8px 0 18px; }
.chart-row { display: flex; flex-wrap: wrap; gap: 16px; } .chart-row svg { max-width: 100%; height: auto; }
figcaption { font-size: 12.5px; color: #4a5568; }
pre { background: #f7fafc; border: 1px solid #e2e8f0; padding: 10px; overflow-x: auto; font-size: 12px; }
.scroll { overflow-x: auto; }
@page { size: A4; margin: 16mm; }
@page wide { size: A4 landscape; margin: 12mm; }
@media print { body { max-width: none; padding: 0; font-size: 11px; } section.wide { page: wide; } h2 { break-after: avoid; } tr, figure { break-inside: avoid; } nav { break-after: page; } .scroll { overflow: visible; } }
`;

export function renderHtml(doc: ReportDocument): string {
  const toc = doc.sections.map((s, i) => `<li><a href="#${s.id}">${i + 1}. ${esc(s.title)}</a></li>`).join('');
  const sections = doc.sections
    .map((s, i) => `<section id="${s.id}"${s.landscape ? ' class="wide"' : ''}><h2>${i + 1}. ${esc(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`)
    .join('\n');
  const meta = doc.meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  return `<!doctype html>
<html lang="${esc(doc.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.subtitle)}: ${esc(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p class="kicker">${esc(doc.subtitle)}</p><h1>${esc(doc.title)}</h1><dl class="meta">${meta}</dl></header>
<nav aria-label="${esc(doc.contents ?? 'Contents')}"><h2>${esc(doc.contents ?? 'Contents')}</h2><ol>${toc}</ol></nav>
<main>
${sections}
</main>
</body>
</html>
`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.printOnly ? '' : `<p${b.note ? ' class="note"' : ''}>${esc(b.text)}</p>`;
    case 'h':
      return `<h3>${esc(b.text)}</h3>`;
    case 'list':
      return `${b.title ? `<h4>${esc(b.title)}</h4>` : ''}<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'kv':
      return `<table class="kv"><tbody>${b.rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
    case 'code':
      return `<pre><code>${esc(b.text)}</code></pre>`;
    case 'table':
      return table(b);
    case 'chart':
      return `<figure class="chart">${chart(b.chart)}<figcaption>${esc(b.caption)}</figcaption></figure>`;
    case 'charts':
      return `<div class="chart-row">${b.charts.map((c) => `<figure class="chart">${chart(c.chart)}<figcaption>${esc(c.caption)}</figcaption></figure>`).join('')}</div>`;
  }
}

function table(t: TableBlock): string {
  const numeric = new Set(t.numeric ?? []);
  const head = t.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const rows = t.rows.map((row) => `<tr>${row.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${cell(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table>${t.caption ? `<caption>${esc(t.caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function cell(c: Cell): string {
  if (typeof c === 'string') return lines(c);
  const text = c.strong ? `<strong class="v">${lines(c.text)}</strong>` : lines(c.text);
  if (!c.chart) return text;
  return c.text ? `${distributionSvg(c.chart)}<span class="counts">${text}</span>` : distributionSvg(c.chart);
}

function lines(s: string): string {
  return esc(s).replace(/\n/g, '<br>');
}

function chart(c: Chart): string {
  switch (c.type) {
    case 'distribution':
      return distributionSvg(c);
    case 'bars':
      return barsSvg(c);
    case 'flow':
      return flowSvg(c);
    case 'cause-effect':
      return causeEffectSvg(c);
    case 'influence-graph':
      return influenceGraphSvg(c);
  }
}
