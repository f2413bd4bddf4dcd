/** A square matrix stored row by row. */
export type Matrix = Float64Array[];

/**
 * Lower-triangular L with L·Lᵀ = m (Cholesky–Banachiewicz). Throws when m is not positive
 * definite, which for a correlation matrix means the assumed correlations contradict each other.
 */
export function cholesky(m: readonly ArrayLike<number>[]): Matrix {
  const n = m.length;
  const l: Matrix = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i += 1) {
    const li = l[i] as Float64Array;
    for (let j = 0; j <= i; j += 1) {
      const lj = l[j] as Float64Array;
      let sum = 0;
      for (let k = 0; k < j; k += 1) sum += (li[k] as number) * (lj[k] as number);
      const mij = (m[i] as ArrayLike<number>)[j] as number;
      if (i === j) {
        const d = mij - sum;
        if (d <= 0) throw new Error(`cholesky: matrix is not positive definite at row ${i}`);
        li[i] = Math.sqrt(d);
      } else {
        li[j] = (mij - sum) / (lj[j] as number);
      }
    }
  }
  return l;
}

/**
 * Correlations from a one-factor model: corr(i, j) = βi·βj off the diagonal, 1 on it. Any
 * loadings in [-1, 1] give a valid (positive semi-definite) matrix; loadings below 1 keep it
 * strictly positive definite, so the Cholesky factor exists.
 */
export function factorCorrelation(loadings: readonly number[]): Matrix {
  const n = loadings.length;
  return Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j += 1) row[j] = i === j ? 1 : (loadings[i] as number) * (loadings[j] as number);
    return row;
  });
}

/** out = l · z, using only the lower triangle. */
export function multiplyLower(l: Matrix, z: Float64Array, out: Float64Array): void {
  for (let i = 0; i < l.length; i += 1) {
    const li = l[i] as Float64Array;
    let s = 0;
    for (let k = 0; k <= i; k += 1) s += (li[k] as number) * (z[k] as number);
    out[i] = s;
  }
}
