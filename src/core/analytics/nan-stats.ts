/**
 * NaN-aware reductions with numpy's conventions (`np.nanmean`, `np.nanstd`, `np.percentile`),
 * so that the metrics built on them agree with empyrical.
 */

/** Values that are not NaN, in order. */
export function withoutNaN(xs: readonly number[]): number[] {
  return xs.filter((x) => !Number.isNaN(x));
}

/** Mean of the non-NaN values; NaN when there are none (`np.nanmean`). */
export function nanMean(xs: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const x of xs) {
    if (Number.isNaN(x)) continue;
    sum += x;
    n += 1;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Standard deviation of the non-NaN values with `ddof` degrees of freedom removed
 * (`np.nanstd(xs, ddof)`): NaN when fewer than `ddof + 1` values remain. A series whose values
 * are all equal has a deviation of exactly 0: we check for it rather than trust the last bit of
 * `x - mean`, so a flat series gives a clean 0 (and ratios over it a clean ±Infinity or NaN).
 */
export function nanStd(xs: readonly number[], ddof = 0): number {
  const mean = nanMean(xs);
  let n = 0;
  let ss = 0;
  let first = Number.NaN;
  let constant = true;
  for (const x of xs) {
    if (Number.isNaN(x)) continue;
    if (n === 0) first = x;
    else if (x !== first) constant = false;
    const d = x - mean;
    ss += d * d;
    n += 1;
  }
  if (n - ddof <= 0) return Number.NaN;
  if (constant && Number.isFinite(first)) return 0;
  return Math.sqrt(ss / (n - ddof));
}

/** Ascending numeric sort into a new array, NaN last (the order `np.sort` and `np.partition` use). */
export function sortAscending(xs: readonly number[]): number[] {
  return xs.slice().sort((a, b) => {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a - b;
  });
}

/** numpy's `_lerp`: exact at both ends, and symmetric in how it rounds. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The `q`-quantile (0..1) of values already sorted ascending without NaN, interpolated linearly
 * between the two nearest ranks: numpy's default method, virtual index `(n - 1) * q`.
 * NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number, length = sorted.length): number {
  if (length === 0) return Number.NaN;
  const virtual = (length - 1) * q;
  const lower = Math.min(Math.max(Math.floor(virtual), 0), length - 1);
  const upper = Math.min(lower + 1, length - 1);
  const gamma = virtual - lower;
  return lerp(sorted[lower] as number, sorted[upper] as number, gamma);
}

/**
 * `np.percentile(xs, percent)` with the default linear method: NaN when `xs` is empty or holds a
 * NaN (numpy propagates it).
 */
export function percentile(xs: readonly number[], percent: number): number {
  if (xs.length === 0 || xs.some((x) => Number.isNaN(x))) return Number.NaN;
  return quantileSorted(sortAscending(xs), percent / 100);
}
