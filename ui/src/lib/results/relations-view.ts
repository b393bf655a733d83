/** What the console shows of a frozen relations result for the threshold the facilitator set (null: the frozen one). */
import { edgesAbove } from '$influence-map';
import type { RelationsResult } from '$contract/relations';

export type MapResult = RelationsResult['map'];
export type ShownMap = Extract<MapResult, { ok: true }>;

/** The map with its edges redrawn from the frozen T for a threshold set after the close. */
export function withThreshold(map: MapResult, codes: readonly string[], threshold: number | null): MapResult {
  if (!map.ok || threshold === null) return map;
  return { ...map, threshold, thresholdSource: 'set', edges: edgesAbove(codes, map.total, threshold) };
}

/** α, the mean of every entry of T. */
export function meanOfT(map: ShownMap): number {
  const all = map.total.flat();
  return all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
}

/** The panel first, then each group, as one list of scopes to draw side by side. */
export function scopesOf(result: RelationsResult, threshold: number | null, panelName: string) {
  const codes = result.elements;
  return [
    { key: 'panel', name: panelName, n: result.nPanelists as number | null, map: withThreshold(result.map, codes, threshold) },
    ...result.groups.map((g) => ({
      key: `${g.dimension}:${g.group}`,
      name: `${g.dimension}: ${g.group}`,
      n: g.nPanelists,
      map: withThreshold(g.map, codes, threshold),
    })),
  ];
}

/** A threshold as typed: a finite number >= 0, or '' for α. Undefined when it is neither. */
export function parseThreshold(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
