/**
 * JSON-safe numbers: every statistic leaves the engine as a finite number or null, never NaN or
 * ±Infinity (which JSON.stringify would turn into null silently, or a consumer would misread).
 */
export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}
