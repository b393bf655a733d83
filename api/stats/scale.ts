/** Rating scales and their default bands (consensus-methods.md §0, §1.2). */

/** An integer rating scale, e.g. {min: 1, max: 9}. */
export interface Scale {
  min: number;
  max: number;
}

/** An inclusive band of scale points [lo, hi]. */
export type Band = readonly [number, number];

/** Agreement and disagreement bands; "neutral" is every point in neither band. */
export interface Bands {
  agree: Band;
  disagree: Band;
}

/** Number of points on the scale (max − min + 1). */
export function scalePoints(scale: Scale): number {
  return scale.max - scale.min + 1;
}

/** True for a well-formed integer scale with at least two points. */
export function isValidScale(scale: Scale): boolean {
  return Number.isInteger(scale.min) && Number.isInteger(scale.max) && scale.max > scale.min;
}

/** RAND/UCLA functions are defined only on 1–9 (§1.2, §4): their constants were calibrated there. */
export function isRandScale(scale: Scale): boolean {
  return scale.min === 1 && scale.max === 9;
}

/**
 * Default bands (§0): agree = top 2 points on 5- and 7-point scales (4–5, 6–7), top 3 on 9-point
 * (7–9); disagree mirrors it at the bottom (1–2, 1–2, 1–3, as in the §5.1 example).
 * Other scales (design choice): the top and bottom round(points/3) points, at least one.
 */
export function defaultBands(scale: Scale): Bands {
  const points = scalePoints(scale);
  const width = points === 5 || points === 7 ? 2 : points === 9 ? 3 : Math.max(1, Math.round(points / 3));
  return {
    agree: [scale.max - width + 1, scale.max],
    disagree: [scale.min, scale.min + width - 1],
  };
}

/** Default IQR limit of the default rule (§0): 1 on 5- and 7-point scales, 2 on 9-point and wider. */
export function defaultIqrMax(scale: Scale): number {
  return scalePoints(scale) >= 9 ? 2 : 1;
}

/** True when lo ≤ hi and both lie on the scale. */
export function bandInScale(band: Band, scale: Scale): boolean {
  const [lo, hi] = band;
  return Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi && lo >= scale.min && hi <= scale.max;
}

/** True when min ≤ v ≤ max for an integer v. */
export function isOnScale(v: number, scale: Scale): boolean {
  return Number.isInteger(v) && v >= scale.min && v <= scale.max;
}
