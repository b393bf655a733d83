/** The report's charts as plain SVG (for the HTML page and, for the flow diagram, the PDF). */
import { escapeHtml as esc } from './escape';
import type { BarChart, DistributionChart, FlowChart } from './blocks';

export const COLOURS = { agree: '#2b6cb0', disagree: '#c05621', neutral: '#a0aec0', ink: '#1a202c', muted: '#718096', box: '#edf2f7', line: '#4a5568' };

const n = (x: number) => Math.round(x * 10) / 10;

/** A bar per scale point, coloured by band, with a tick under the median. */
export function distributionSvg(c: DistributionChart): string {
  const bar = 9;
  const gap = 2;
  const h = 26;
  const w = c.counts.length * (bar + gap);
  const top = Math.max(1, ...c.counts);
  const rects = c.counts
    .map((count, i) => {
      const v = c.min + i;
      const colour = v >= c.agree[0] && v <= c.agree[1] ? COLOURS.agree : v >= c.disagree[0] && v <= c.disagree[1] ? COLOURS.disagree : COLOURS.neutral;
      const bh = count === 0 ? 0.5 : n((h * count) / top);
      return `<rect x="${i * (bar + gap)}" y="${n(h - bh)}" width="${bar}" height="${bh}" fill="${colour}"/>`;
    })
    .join('');
  const median = c.median === null ? '' : `<path d="M${n((c.median - c.min) * (bar + gap) + bar / 2)} ${h + 1} l-3 4 h6 z" fill="${COLOURS.ink}"/>`;
  const label = `Counts for ${c.counts.map((count, i) => `${c.min + i}: ${count}`).join(', ')}${c.median === null ? '' : `; median ${c.median}`}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="dist" width="${w}" height="${h + 6}" viewBox="0 0 ${w} ${h + 6}" role="img" ` +
    `aria-label="${esc(label)}"><title>${esc(label)}</title>${rects}${median}</svg>`
  );
}

/** Horizontal bars on 0..max with the value written beside each bar. */
export function barsSvg(c: BarChart, font = 'sans-serif'): string {
  const labelW = 150;
  const barW = 260;
  const row = 18;
  const w = labelW + barW + 230;
  const h = c.bars.length * row + 4;
  const rows = c.bars
    .map((b, i) => {
      const y = i * row + 2;
      const len = b.value === null ? 0 : n((barW * Math.max(0, Math.min(b.value, c.max))) / c.max);
      return (
        `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" font-size="11" fill="${COLOURS.ink}">${esc(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${barW}" height="${row - 6}" fill="${COLOURS.box}"/>` +
        (len > 0 ? `<rect x="${labelW}" y="${y + 2}" width="${len}" height="${row - 6}" fill="${COLOURS.agree}"/>` : '') +
        `<text x="${labelW + barW + 6}" y="${y + 12}" font-size="11" fill="${b.value === null ? COLOURS.muted : COLOURS.ink}">${esc(b.text)}</text>`
      );
    })
    .join('');
  const marker = c.marker
    ? `<line x1="${labelW + (barW * c.marker.value) / c.max}" x2="${labelW + (barW * c.marker.value) / c.max}" y1="0" y2="${h}" ` +
      `stroke="${COLOURS.disagree}" stroke-dasharray="3 2"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${font}" role="img">${rows}${marker}</svg>`;
}

/** Rounds as boxes left to right; carried and reworded items flow on, retired and dropped leave below, added enter from above. */
export function flowSvg(c: FlowChart, font = 'sans-serif'): string {
  const boxW = 160;
  const gapW = 120;
  const boxH = 86;
  const top = 44;
  const w = Math.max(1, c.rounds.length) * boxW + Math.max(0, c.rounds.length - 1) * gapW + 20;
  const h = top + boxH + 70;
  const x = (i: number) => 10 + i * (boxW + gapW);
  const text = (tx: number, ty: number, s: string, size = 11, anchor = 'middle', weight = 'normal') =>
    `<text x="${tx}" y="${ty}" font-size="${size}" text-anchor="${anchor}" font-weight="${weight}" fill="${COLOURS.ink}">${esc(s)}</text>`;
  const arrow = (x1: number, y1: number, x2: number, y2: number) => {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    const head = `${n(x2)},${n(y2)} ${n(x2 - 7 * ux - 4 * uy)},${n(y2 - 7 * uy + 4 * ux)} ${n(x2 - 7 * ux + 4 * uy)},${n(y2 - 7 * uy - 4 * ux)}`;
    return (
      `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2 - 6 * ux)}" y2="${n(y2 - 6 * uy)}" stroke="${COLOURS.line}" stroke-width="1.2"/><polygon ` +
      `points="${head}" fill="${COLOURS.line}"/>`
    );
  };
  const parts: string[] = [];
  c.rounds.forEach((r, i) => {
    const bx = x(i);
    parts.push(`<rect x="${bx}" y="${top}" width="${boxW}" height="${boxH}" rx="4" fill="${COLOURS.box}" stroke="${COLOURS.line}"/>`);
    parts.push(text(bx + boxW / 2, top + 16, `Round ${r.number} (${r.status})`, 11, 'middle', 'bold'));
    parts.push(text(bx + boxW / 2, top + 32, `${r.presented} items presented`));
    r.outcomes.slice(0, 3).forEach(([outcome, count], j) => parts.push(text(bx + boxW / 2, top + 50 + j * 13, `${count} ${outcome}`, 10)));
    if (r.outcomes.length > 3) parts.push(text(bx + boxW / 2, top + 50 + 3 * 13, `${r.outcomes.length - 3} more outcomes`, 9));
    const t = c.transitions.find((tr) => tr.into === r.number);
    if (t && i > 0) {
      const from = x(i - 1) + boxW;
      parts.push(arrow(from, top + boxH / 2, bx, top + boxH / 2));
      parts.push(text(from + gapW / 2, top + boxH / 2 - 6, `${t.carried} carried`, 10));
      parts.push(text(from + gapW / 2, top + boxH / 2 + 14, `${t.reworded} reworded`, 10));
      if ((t.merged ?? 0) > 0) parts.push(text(from + gapW / 2, top + boxH / 2 + 28, `${t.merged} merged → ${t.mergedInto ?? 0}`, 10));
      if ((t.split ?? 0) > 0) parts.push(text(from + gapW / 2, top + boxH / 2 + 42, `${t.split} split → ${t.splitInto ?? 0}`, 10));
      if (t.added > 0) {
        parts.push(arrow(bx + boxW / 2, 6, bx + boxW / 2, top));
        parts.push(text(bx + boxW / 2 + 6, 20, `${t.added} added`, 10, 'start'));
      }
      const out = t.retired + t.dropped;
      if (out > 0) {
        const pb = x(i - 1) + boxW / 2;
        parts.push(arrow(pb, top + boxH, pb, top + boxH + 34));
        parts.push(text(pb, top + boxH + 48, `${t.retired} retired, ${t.dropped} dropped`, 10));
      }
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${font}" role="img" ` +
    `aria-label="Item flow diagram">${parts.join('')}</svg>`
  );
}
