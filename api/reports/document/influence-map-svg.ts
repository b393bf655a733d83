/**
 * The influence map of a relations block (consensus-methods.md §17) as two plain SVG pictures: the
 * cause–effect diagram (prominence D + R across, relation D − R up) and the directed graph of the
 * relations above the threshold. Pure strings, so the report (HTML and PDF through pdfmake's svg
 * node) and the console (through the $influence-map alias) draw the same picture from the same
 * frozen figures. Arrowheads are polygons, not SVG markers, which the PDF renderer does not draw.
 */
import { escapeHtml as esc } from './escape';

export interface MapElement {
  code: string;
  label: string;
}

export interface CauseEffectInput {
  elements: readonly MapElement[];
  prominence: readonly number[];
  relation: readonly number[];
  title: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  t: number;
}

export interface InfluenceGraphInput {
  elements: readonly MapElement[];
  edges: readonly GraphEdge[];
  threshold: number;
  title: string;
}

const INK = '#1a202c';
const MUTED = '#718096';
const CAUSE = '#2b6cb0';
const EFFECT = '#c05621';
const GRID = '#cbd5e0';

const r1 = (x: number) => Math.round(x * 10) / 10;
const fmt = (x: number) => (Math.round(x * 1000) / 1000).toFixed(3);

/** The relations t_ij > threshold, i ≠ j, row by row: the edges for a threshold the facilitator sets after the close. */
export function edgesAbove(codes: readonly string[], total: readonly (readonly number[])[], threshold: number): GraphEdge[] {
  const edges: GraphEdge[] = [];
  total.forEach((row, i) => row.forEach((t, j) => i !== j && t > threshold && edges.push({ from: codes[i], to: codes[j], t })));
  return edges;
}

function side(relation: number): 'cause' | 'effect' | 'neither' {
  return relation > 1e-12 ? 'cause' : relation < -1e-12 ? 'effect' : 'neither';
}

/** Prominence across, relation up; a point and a label per element; causes above the zero line, effects below. */
export function causeEffectSvg(input: CauseEffectInput, font = 'sans-serif'): string {
  const w = 460;
  const h = 320;
  const left = 52;
  const right = 150;
  const top = 28;
  const bottom = 40;
  const px = w - left - right;
  const py = h - top - bottom;
  const xs = input.prominence;
  const lo = xs.length === 0 ? 0 : Math.min(...xs);
  const hi = xs.length === 0 ? 1 : Math.max(...xs);
  const padX = Math.max((hi - lo) * 0.08, 0.05);
  const x0 = lo - padX;
  const x1 = hi + padX;
  const reach = Math.max(0.05, ...input.relation.map((y) => Math.abs(y) * 1.15));
  const x = (v: number) => r1(left + ((v - x0) / (x1 - x0)) * px);
  const y = (v: number) => r1(top + ((reach - v) / (2 * reach)) * py);
  const parts: string[] = [];
  parts.push(`<rect x="${left}" y="${top}" width="${px}" height="${py}" fill="none" stroke="${GRID}"/>`);
  parts.push(`<line class="zero" x1="${left}" x2="${left + px}" y1="${y(0)}" y2="${y(0)}" stroke="${MUTED}" stroke-dasharray="4 3"/>`);
  const text = (tx: number, ty: number, s: string, attrs = '') => `<text x="${tx}" y="${ty}" font-size="11" fill="${INK}"${attrs}>${esc(s)}</text>`;
  parts.push(text(left + 4, top + 12, 'Cause (D − R > 0)', ` fill="${CAUSE}"`));
  parts.push(text(left + 4, top + py - 5, 'Effect (D − R < 0)', ` fill="${EFFECT}"`));
  parts.push(text(left + px / 2, h - 8, 'Prominence D + R', ' text-anchor="middle"'));
  parts.push(text(14, top + py / 2, 'Relation D − R', ` text-anchor="middle" transform="rotate(-90 14 ${top + py / 2})"`));
  parts.push(text(left, h - bottom + 14, fmt(x0), ' font-size="9" text-anchor="start"'));
  parts.push(text(left + px, h - bottom + 14, fmt(x1), ' font-size="9" text-anchor="end"'));
  parts.push(text(left - 4, top + 4, fmt(reach), ' font-size="9" text-anchor="end"'));
  parts.push(text(left - 4, y(0) + 3, '0', ' font-size="9" text-anchor="end"'));
  parts.push(text(left - 4, top + py, fmt(-reach), ' font-size="9" text-anchor="end"'));
  const described: string[] = [];
  const placed: { x0: number; x1: number; y: number }[] = [];
  input.elements.forEach((e, i) => {
    const kind = side(input.relation[i]);
    const colour = kind === 'cause' ? CAUSE : kind === 'effect' ? EFFECT : MUTED;
    const cx = x(input.prominence[i]);
    const cy = y(input.relation[i]);
    described.push(`${e.label}: prominence ${fmt(input.prominence[i])}, relation ${fmt(input.relation[i])} (${kind})`);
    // Elements close together would print their labels over each other: move a label down a line until it is clear.
    const box = { x0: cx + 8, x1: cx + 8 + e.label.length * 6, y: cy + 4 };
    for (let tries = 0; tries < 8 && placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && Math.abs(p.y - box.y) < 12); tries++) box.y += 12;
    placed.push(box);
    parts.push(
      `<g class="element" data-code="${esc(e.code)}" data-side="${kind}"><circle cx="${cx}" cy="${cy}" r="5" fill="${colour}"/>` +
        `${text(r1(box.x0), r1(box.y), e.label)}</g>`,
    );
  });
  const label = `${input.title}. ${described.join('; ')}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="influence cause-effect" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `font-family="${esc(font)}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>${parts.join('')}</svg>`
  );
}

/**
 * Elements on a circle, an arrow i → j for each edge, thicker for a larger t. A pair of opposite
 * edges bends apart so both arrows stay visible.
 */
export function influenceGraphSvg(input: InfluenceGraphInput, font = 'sans-serif'): string {
  // Wide enough for a 30-character label beside the leftmost and rightmost nodes.
  const w = 600;
  const h = 340;
  const cx = w / 2;
  const cy = h / 2 + 6;
  const ring = 115;
  const node = 16;
  const n = input.elements.length;
  const at = new Map(
    input.elements.map((e, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
      return [e.code, { x: cx + ring * Math.cos(a), y: cy + ring * Math.sin(a), a }] as const;
    }),
  );
  const keys = new Set(input.edges.map((e) => `${e.from}>${e.to}`));
  const tMax = Math.max(input.threshold, ...input.edges.map((e) => e.t));
  const parts: string[] = [];
  const described: string[] = [];
  for (const e of input.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (a === undefined || b === undefined) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    const bend = keys.has(`${e.to}>${e.from}`) ? 14 : 0;
    // Bend to the right of the direction of travel, so i → j and j → i take opposite sides.
    const mx = (a.x + b.x) / 2 - uy * bend;
    const my = (a.y + b.y) / 2 + ux * bend;
    const sx = a.x + ux * node;
    const sy = a.y + uy * node;
    const hx = b.x - ((b.x - mx) / (Math.hypot(b.x - mx, b.y - my) || 1)) * node;
    const hy = b.y - ((b.y - my) / (Math.hypot(b.x - mx, b.y - my) || 1)) * node;
    const vx = hx - mx;
    const vy = hy - my;
    const vl = Math.hypot(vx, vy) || 1;
    const ax = vx / vl;
    const ay = vy / vl;
    const width = r1(1 + 2.5 * (tMax > input.threshold ? (e.t - input.threshold) / (tMax - input.threshold) : 0));
    const head = `${r1(hx)},${r1(hy)} ${r1(hx - 9 * ax - 4.5 * ay)},${r1(hy - 9 * ay + 4.5 * ax)} ${r1(hx - 9 * ax + 4.5 * ay)},${r1(hy - 9 * ay - 4.5 * ax)}`;
    described.push(`${e.from} → ${e.to} (t = ${fmt(e.t)})`);
    parts.push(
      `<g class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}" data-t="${fmt(e.t)}">` +
        `<path d="M${r1(sx)} ${r1(sy)} Q${r1(mx)} ${r1(my)} ${r1(hx - 7 * ax)} ${r1(hy - 7 * ay)}" fill="none" stroke="#4a5568" stroke-width="${width}"/>` +
        `<polygon points="${head}" fill="#4a5568"/></g>`,
    );
  }
  for (const e of input.elements) {
    const p = at.get(e.code)!;
    const outward = Math.cos(p.a);
    const anchor = Math.abs(outward) < 0.2 ? 'middle' : outward > 0 ? 'start' : 'end';
    const lx = r1(p.x + Math.cos(p.a) * (node + 6));
    const ly = r1(p.y + Math.sin(p.a) * (node + 6) + (Math.sin(p.a) > 0.2 ? 10 : Math.sin(p.a) < -0.2 ? -2 : 4));
    parts.push(
      `<g class="node" data-code="${esc(e.code)}"><circle cx="${r1(p.x)}" cy="${r1(p.y)}" r="${node}" fill="#edf2f7" stroke="#4a5568"/>` +
        `<text x="${r1(p.x)}" y="${r1(p.y + 4)}" font-size="10" text-anchor="middle" fill="${INK}">${esc(e.code)}</text>` +
        `<text x="${lx}" y="${ly}" font-size="10" text-anchor="${anchor}" fill="${INK}">${esc(e.label)}</text></g>`,
    );
  }
  parts.push(`<text x="8" y="14" font-size="10" fill="${MUTED}">${esc(`Arrows: total influence t above ${fmt(input.threshold)}`)}</text>`);
  const label = `${input.title}. ${described.length === 0 ? 'No relation above the threshold' : described.join('; ')}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="influence graph" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `font-family="${esc(font)}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>${parts.join('')}</svg>`
  );
}
