/** A small dense matrix inverse for the DEMATEL total-relation matrix (§17); matrices there are at most 12 × 12. */

/** Pivots smaller than this (relative to the largest entry of the matrix) count as zero. */
export const PIVOT_TOLERANCE = 1e-10;

/**
 * Inverse of a square matrix by Gauss–Jordan elimination with partial pivoting (the row with the
 * largest |entry| in the column becomes the pivot, which keeps the rounding error bounded).
 * Returns null when a pivot falls below PIVOT_TOLERANCE·max|a_ij| (singular or numerically so) or
 * an entry of the result is not finite. The 0 × 0 matrix inverts to itself. RangeError when the
 * matrix is not square.
 */
export function invert(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  if (matrix.some((row) => row.length !== n)) throw new RangeError('invert needs a square matrix');
  const scale = Math.max(0, ...matrix.flat().map(Math.abs));
  if (n > 0 && !(scale > 0 && Number.isFinite(scale))) return null;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < PIVOT_TOLERANCE * scale) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let c = 0; c < 2 * n; c++) a[col][c] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue;
      const f = a[r][col];
      for (let c = 0; c < 2 * n; c++) a[r][c] -= f * a[col][c];
    }
  }
  const inverse = a.map((row) => row.slice(n));
  return inverse.every((row) => row.every(Number.isFinite)) ? inverse : null;
}

/** Matrix product A·B (A is p × q, B is q × r). RangeError when the inner sizes differ. */
export function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const q = b.length;
  if (a.some((row) => row.length !== q)) throw new RangeError('multiply needs A with as many columns as B has rows');
  const r = q === 0 ? 0 : b[0].length;
  return a.map((row) => Array.from({ length: r }, (_, j) => row.reduce((sum, x, k) => sum + x * b[k][j], 0)));
}
