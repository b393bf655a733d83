import type { InfluenceMap, MapResult, RelationsResult } from '../../../contract/relations';
import { outcomeWords } from '../../../contract/words';
import { DASH, fixed, pctKn, yesNo } from '../../format';
import type { Block, Chart, Section } from '../blocks';
import { edgesAbove, type MapElement } from '../influence-map-svg';

/** One frozen relations block as the report shows it. */
export interface RelationsBlockReport {
  round: number;
  /** The block's position in its round, from 1. */
  position: number;
  /** e.g. "Round 2: how the asymmetries act on each other". */
  title: string;
  /** Element codes with their labels in the report's language. */
  elements: MapElement[];
  result: RelationsResult;
  /** A threshold the facilitator set after the close; null = what the result was frozen with. */
  threshold: number | null;
}

/**
 * §17 in the report: per relations block the panel's influence map (both pictures), each group's
 * side by side, the elements whose cause/effect side differs, the matrices Z and T, and per
 * relation the statistics, the verdict and the change since the previous round.
 */
export function relationsSection(blocks: readonly RelationsBlockReport[]): Section | null {
  if (blocks.length === 0) return null;
  const out: Block[] = [
    {
      kind: 'p',
      text:
        'Relations (Delphi–DEMATEL): panelists rated how strongly each element directly influences each other one, from 0 (none) to 4 (very high); ' +
        '"cannot judge" is left out. Z is the mean valid rating per pair (0 where nobody rated it), N = Z/s with s the largest row or column sum, ' +
        'and the total influence T = N(I − N)⁻¹ adds every indirect path. D (given) and R (received) are the row and column sums of T; ' +
        'prominence D + R says how central an element is, relation D − R whether it is a cause (> 0) or an effect (< 0). The map draws the ' +
        'relations whose total influence is above the threshold.',
    },
  ];
  for (const b of blocks) out.push(...blockReport(b));
  return { id: 'relations', title: 'Relations between elements (influence map)', blocks: out, landscape: true };
}

function blockReport(b: RelationsBlockReport): Block[] {
  const { result } = b;
  const codes = result.elements;
  const label = new Map(b.elements.map((e) => [e.code, e.label]));
  const elements = codes.map((code) => ({ code, label: label.get(code) ?? code }));
  const name = (code: string) => `${label.get(code) ?? code} (${code})`;
  const out: Block[] = [{ kind: 'h', text: b.title }];
  out.push({ kind: 'p', text: thresholdText(result, b.threshold) });
  const panel = withThreshold(result.map, codes, b.threshold);
  if (!panel.ok) {
    out.push({ kind: 'p', text: `No influence map for the panel: ${panel.message}.` });
  } else {
    out.push({ kind: 'charts', charts: pictures(elements, panel, `Panel (${result.nPanelists} panelists)`) });
  }
  const byDimension = new Map<string, RelationsResult['groups']>();
  for (const g of result.groups) byDimension.set(g.dimension, [...(byDimension.get(g.dimension) ?? []), g]);
  for (const [dimension, groups] of byDimension) {
    const drawn = groups.flatMap((g) => {
      const map = withThreshold(g.map, codes, b.threshold);
      return map.ok ? [{ group: g.group, n: g.nPanelists, map }] : [];
    });
    for (const g of groups) if (!g.map.ok) out.push({ kind: 'p', note: true, text: `${dimension} = ${g.group}: no map (${g.map.message}).` });
    if (drawn.length === 0) continue;
    const caption = (g: (typeof drawn)[number], what: string) => `${dimension} = ${g.group} (${g.n} panelists): ${what}`;
    out.push({ kind: 'charts', charts: drawn.map((g) => ({ chart: causeEffect(elements, g.map, g.group), caption: caption(g, 'cause and effect') })) });
    out.push({ kind: 'charts', charts: drawn.map((g) => ({ chart: graph(elements, g.map, g.group), caption: caption(g, 'relations above the threshold') })) });
    out.push({
      kind: 'table',
      caption: `Cause or effect by ${dimension}`,
      head: ['Element', ...drawn.flatMap((g) => [`${g.group}: D + R`, `${g.group}: D − R`]), 'Sides differ'],
      numeric: drawn.flatMap((_, i) => [1 + 2 * i, 2 + 2 * i]),
      rows: codes.map((code, i) => {
        const differs = result.sideDifferences.some((s) => s.dimension === dimension && s.element === code);
        return [
          name(code),
          ...drawn.flatMap((g) => [fixed(g.map.prominence[i], 3), fixed(g.map.relation[i], 3)]),
          differs ? { text: 'yes: a cause for some, an effect for others', strong: true } : 'no',
        ];
      }),
    });
  }
  if (panel.ok) {
    out.push({
      kind: 'table',
      caption: 'Influence given and received (panel)',
      head: ['Element', 'D (given)', 'R (received)', 'Prominence D + R', 'Relation D − R', 'Side'],
      numeric: [1, 2, 3, 4],
      rows: codes.map((code, i) => [
        name(code),
        fixed(panel.d[i], 3),
        fixed(panel.r[i], 3),
        fixed(panel.prominence[i], 3),
        fixed(panel.relation[i], 3),
        panel.relation[i] > 1e-12 ? 'cause' : panel.relation[i] < -1e-12 ? 'effect' : 'neither',
      ]),
    });
    out.push(matrixTable('Direct influence Z (mean rating; rows influence columns)', codes, panel.direct, 2));
    out.push(matrixTable('Total influence T', codes, panel.total, 3));
  }
  if (result.map.unrated.length > 0) {
    out.push({
      kind: 'p',
      note: true,
      text: `Pairs without a valid rating (counted as 0): ${result.map.unrated.map((p) => `${p.from} → ${p.to}`).join(', ')}.`,
    });
  }
  out.push(cellTable(result, name));
  if (result.change !== null) {
    const c = result.change;
    const pairs = (list: { from: string; to: string }[]) => (list.length === 0 ? 'none' : list.map((p) => `${p.from} → ${p.to}`).join(', '));
    out.push({
      kind: 'p',
      text:
        `Since round ${c.previousRound}: relations that entered the map: ${pairs(c.edgesAdded)}; that left it: ${pairs(c.edgesRemoved)}; ` +
        `elements that changed side: ${c.sideChanged.length === 0 ? 'none' : c.sideChanged.map(name).join(', ')}.`,
    });
  }
  return out;
}

function thresholdText(result: RelationsResult, set: number | null): string {
  if (set !== null) {
    const alpha = result.map.ok ? `; mean of T: ${fixed(mean(result.map.total), 4)}` : '';
    return `Threshold set by the facilitator: ${fixed(set, 4)}${alpha} (the edges are redrawn from the frozen T).`;
  }
  if (result.settings.threshold !== null) return `Threshold set by the facilitator: ${fixed(result.settings.threshold, 4)}.`;
  return result.map.ok ? `Threshold α = ${fixed(result.map.threshold, 4)}, the mean of all entries of T (the default).` : 'Threshold: α, the mean of T.';
}

/** α, the mean of all entries of T (the result's own threshold may have been set before the close). */
function mean(m: readonly (readonly number[])[]): number {
  const all = m.flat();
  return all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
}

/** The map with the edges redrawn for a threshold set after the close. */
function withThreshold(map: MapResult, codes: readonly string[], threshold: number | null): MapResult {
  if (!map.ok || threshold === null) return map;
  return { ...map, threshold, thresholdSource: 'set', edges: edgesAbove(codes, map.total, threshold) };
}

function causeEffect(elements: MapElement[], map: InfluenceMap, title: string): Chart {
  return { type: 'cause-effect', elements, prominence: map.prominence, relation: map.relation, title: `${title}: cause–effect diagram` };
}

function graph(elements: MapElement[], map: InfluenceMap, title: string): Chart {
  return { type: 'influence-graph', elements, edges: map.edges, threshold: map.threshold, title: `${title}: influence graph` };
}

function pictures(elements: MapElement[], map: InfluenceMap, title: string): { chart: Chart; caption: string }[] {
  return [
    { chart: causeEffect(elements, map, title), caption: `${title}: prominence and relation of each element` },
    { chart: graph(elements, map, title), caption: `${title}: ${map.edges.length} relations with total influence above ${fixed(map.threshold, 3)}` },
  ];
}

function matrixTable(caption: string, codes: readonly string[], m: readonly (readonly number[])[], dp: number): Block {
  return {
    kind: 'table',
    caption,
    head: ['From \\ to', ...codes],
    numeric: codes.map((_, i) => i + 1),
    rows: m.map((row, i) => [codes[i], ...row.map((x, j) => (i === j ? DASH : fixed(x, dp)))]),
  };
}

function cellTable(result: RelationsResult, name: (code: string) => string): Block {
  const stable = result.cells.some((c) => c.stability !== null);
  return {
    kind: 'table',
    caption: 'Each relation: ratings, verdict and change since the previous round',
    head: ['Relation', 'Valid', 'Cannot judge', 'Median', 'IQR', 'Strong (3–4)', 'Outcome', ...(stable ? ['Change', 'Stable'] : [])],
    numeric: [1, 2, 3, 4, ...(stable ? [7] : [])],
    rows: result.cells.map((c) => [
      `${name(c.from)} → ${name(c.to)}`,
      String(c.stats.nValid),
      String(c.stats.nNoOpinion),
      fixed(c.stats.median, 1),
      fixed(c.stats.iqr, 2),
      pctKn(c.stats.agree),
      c.guard === null ? outcomeWords(c.outcome) : `${outcomeWords(c.outcome)} (${c.guard.detail})`,
      ...(stable ? [c.stability?.changePct == null ? DASH : `${c.stability.changePct.toFixed(1)} %`, yesNo(c.stability?.stable)] : []),
    ]),
  };
}
