/**
 * Geometry of a distribution chart: one bar per scale point, and positions for the median, the
 * quartiles and a panelist's own answer, which may fall between points (a median of 7.5). Pure,
 * so it is tested without a browser; DistributionChart.svelte only draws what this returns.
 */

export interface Box {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Bar {
  value: number;
  count: number;
  /** Share of all counts, 0-100; 0 when there are none. */
  pct: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Centre of the bar on the x axis. */
  cx: number;
}

export interface DistributionLayout {
  bars: Bar[];
  total: number;
  /** Largest count the y axis shows (at least 1). */
  yMax: number;
  yTicks: { value: number; y: number }[];
  /** x of a (possibly fractional) scale value; values outside the scale are clamped. */
  xOf: (value: number) => number;
  plot: { left: number; right: number; top: number; bottom: number };
}

export const DEFAULT_BOX: Box = { width: 320, height: 186, top: 30, right: 8, bottom: 40, left: 28 };

/** Maps [d0, d1] onto [r0, r1] linearly; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v: number) => r0 + (v - d0) * k;
}

/** A small, whole-number axis: 1, 2 or 5 times a power of ten, at most `maxTicks` steps. */
export function niceMax(max: number, maxTicks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  const raw = max / maxTicks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow);
  return { max: Math.ceil(max / step) * step, step };
}

/**
 * Lays out counts per scale point from `min` to `max` (missing points count 0). Bars fill 70% of
 * their band so neighbouring points stay visually separate on a narrow phone.
 */
export function distributionLayout(min: number, max: number, counts: Record<string, number>, box: Box = DEFAULT_BOX): DistributionLayout {
  const points = Math.max(1, max - min + 1);
  const plot = { left: box.left, right: box.width - box.right, top: box.top, bottom: box.height - box.bottom };
  const band = (plot.right - plot.left) / points;
  const values = Array.from({ length: points }, (_, i) => min + i);
  const countOf = (v: number) => Math.max(0, Number(counts[String(v)] ?? 0) || 0);
  const total = values.reduce((s, v) => s + countOf(v), 0);
  const { max: yMax, step } = niceMax(Math.max(...values.map(countOf)));
  const y = linearScale(0, yMax, plot.bottom, plot.top);
  const barWidth = band * 0.7;
  const bars = values.map((value, i) => {
    const count = countOf(value);
    const cx = plot.left + band * (i + 0.5);
    const top = y(count);
    return { value, count, pct: total ? (100 * count) / total : 0, x: cx - barWidth / 2, y: top, width: barWidth, height: plot.bottom - top, cx };
  });
  const yTicks = [];
  for (let v = 0; v <= yMax; v += step) yTicks.push({ value: v, y: y(v) });
  const xOf = (value: number) => {
    const clamped = Math.min(max, Math.max(min, value));
    return plot.left + band * (clamped - min + 0.5);
  };
  return { bars, total, yMax, yTicks, xOf, plot };
}
