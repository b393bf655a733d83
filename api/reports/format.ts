/**
 * How numbers read in the report (consensus-methods.md §2.3, §3): quantiles to 2 dp, percentages
 * to 1 dp with k/n beside them so a rounded "75.0 %" cannot hide 74.96 %, p-values to 3 dp.
 * Rounding happens here, for display only; every comparison was made exactly by the engine.
 */

export const DASH = '–';

export function fixed(x: number | null | undefined, dp: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : x.toFixed(dp);
}

/** Median, quartiles, IQR, P30/P70: 2 dp. */
export const q2 = (x: number | null | undefined) => fixed(x, 2);

/** A share in percent with its counts: "97.0 % (32/33)". */
export function pctKn(share: { k: number; n: number; pct: number | null } | null | undefined): string {
  if (!share || share.pct === null) return DASH;
  return `${share.pct.toFixed(1)} % (${share.k}/${share.n})`;
}

/** A proportion in [0, 1] as a percentage with its counts. */
export function rateKn(k: number, n: number): string {
  return n === 0 ? DASH : `${((100 * k) / n).toFixed(1)} % (${k}/${n})`;
}

/** A proportion in [0, 1] as a percentage, 1 dp. */
export function rate(x: number | null | undefined): string {
  return x === null || x === undefined ? DASH : `${(100 * x).toFixed(1)} %`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** Time stamps as stored (UTC, ISO 8601) without milliseconds: "2026-03-01 09:00 UTC". */
export function when(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function yesNo(b: boolean | null | undefined): string {
  return b === null || b === undefined ? DASH : b ? 'yes' : 'no';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 and 3", "1, 2 and 3". */
export function listing(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function multiplicityName(method: string): string {
  return method === 'holm' ? 'Holm' : method === 'bh' ? 'Benjamini-Hochberg (FDR)' : method;
}
