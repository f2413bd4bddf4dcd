/** Small numeric helpers shared by the probes. Everything returns `null` rather than NaN. */

/** A fixed-size ring of numbers: the newest `capacity` values are kept. */
export class RollingWindow {
  readonly #values: number[] = [];
  #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  push(value: number): void {
    if (!Number.isFinite(value)) return;
    this.#values.push(value);
    if (this.#values.length > this.#capacity) this.#values.splice(0, this.#values.length - this.#capacity);
  }

  /** Keeps only the newest `count` values. */
  trim(count: number): number {
    const removed = Math.max(0, this.#values.length - Math.max(0, count));
    if (removed) this.#values.splice(0, removed);
    return removed;
  }

  clear(): void {
    this.#values.length = 0;
  }

  get size(): number {
    return this.#values.length;
  }

  values(): readonly number[] {
    return this.#values;
  }
}

/** Nearest-rank percentile (`p` in 0..100) of unsorted values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

export function max(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => (b > a ? b : a), -Infinity) : null;
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Least-squares slope of y over x (units of y per unit of x); null with fewer than two points or no spread in x. */
export function slope(points: ReadonlyArray<readonly [x: number, y: number]>): number | null {
  const n = points.length;
  if (n < 2) return null;
  let sx = 0, sy = 0;
  for (const [x, y] of points) { sx += x; sy += y; }
  const mx = sx / n, my = sy / n;
  let num = 0, den = 0;
  for (const [x, y] of points) { num += (x - mx) * (y - my); den += (x - mx) ** 2; }
  return den === 0 ? null : num / den;
}

/** Rounds for reports: keeps summaries small and stable to read; null stays null. */
export function round(value: number | null, digits = 1): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
