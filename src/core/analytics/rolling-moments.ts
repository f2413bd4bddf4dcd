/**
 * Mean and variance over the last `capacity` values, updated in O(1) per value with Welford's
 * recurrences run forwards (a value enters) and backwards (the oldest leaves). Subtracting lets
 * rounding error build up, so every `capacity` values the sums are recomputed from the window:
 * O(capacity) once per `capacity` pushes, still O(1) amortised. NaN values occupy a slot but
 * are left out of the statistics, as `np.nanmean` / `np.nanstd` leave them out.
 */
export class RollingMoments {
  readonly capacity: number;
  #buffer: Float64Array;
  #head = 0;
  #size = 0;
  #n = 0;
  #mean = 0;
  #m2 = 0;
  #sinceResync = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer; got ${capacity}`);
    this.capacity = capacity;
    this.#buffer = new Float64Array(capacity);
  }

  /** Slots filled, NaN included. */
  get size(): number {
    return this.#size;
  }

  /** Non-NaN values in the window. */
  get count(): number {
    return this.#n;
  }

  get mean(): number {
    return this.#n === 0 ? Number.NaN : this.#mean;
  }

  /** Variance with `ddof` degrees of freedom removed; NaN when `count - ddof <= 0`. */
  variance(ddof = 1): number {
    return this.#n - ddof <= 0 ? Number.NaN : this.#m2 / (this.#n - ddof);
  }

  std(ddof = 1): number {
    return Math.sqrt(this.variance(ddof));
  }

  push(x: number): void {
    if (this.#size === this.capacity) {
      const old = this.#buffer[this.#head] as number;
      if (!Number.isNaN(old)) this.#remove(old);
    } else {
      this.#size += 1;
    }
    this.#buffer[this.#head] = x;
    this.#head = (this.#head + 1) % this.capacity;
    if (!Number.isNaN(x)) this.#add(x);
    if (++this.#sinceResync >= this.capacity) this.#resync();
  }

  /** The window's values, oldest first. */
  values(): number[] {
    const out: number[] = [];
    const start = (this.#head - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i += 1) out.push(this.#buffer[(start + i) % this.capacity] as number);
    return out;
  }

  #add(x: number): void {
    this.#n += 1;
    const delta = x - this.#mean;
    this.#mean += delta / this.#n;
    this.#m2 += delta * (x - this.#mean);
  }

  #remove(x: number): void {
    if (this.#n <= 1) {
      this.#n = 0;
      this.#mean = 0;
      this.#m2 = 0;
      return;
    }
    this.#n -= 1;
    const delta = x - this.#mean;
    this.#mean -= delta / this.#n;
    this.#m2 = Math.max(0, this.#m2 - delta * (x - this.#mean));
  }

  #resync(): void {
    this.#sinceResync = 0;
    const xs = this.values().filter((x) => !Number.isNaN(x));
    this.#n = xs.length;
    this.#mean = xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
    this.#m2 = xs.reduce((acc, x) => acc + (x - this.#mean) * (x - this.#mean), 0);
  }
}

/**
 * Means and the sample covariance matrix of `dimension` series observed together, over the last
 * `capacity` rows, updated in O(dimension²) per row by the multivariate Welford recurrences, and
 * recomputed from the window every `capacity` rows to stop rounding drift. Rows must be finite.
 */
export class RollingCovariance {
  readonly dimension: number;
  readonly capacity: number;
  #rows: Float64Array;
  #head = 0;
  #n = 0;
  #mean: Float64Array;
  #comoment: Float64Array;
  #delta: Float64Array;
  #sinceResync = 0;

  constructor(dimension: number, capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer; got ${capacity}`);
    this.dimension = dimension;
    this.capacity = capacity;
    this.#rows = new Float64Array(dimension * capacity);
    this.#mean = new Float64Array(dimension);
    this.#comoment = new Float64Array(dimension * dimension);
    this.#delta = new Float64Array(dimension);
  }

  get count(): number {
    return this.#n;
  }

  mean(i: number): number {
    return this.#n === 0 ? Number.NaN : (this.#mean[i] as number);
  }

  /** Sample (n - 1) covariance of series i and j; NaN with fewer than 2 rows. */
  covariance(i: number, j: number): number {
    if (this.#n < 2) return Number.NaN;
    const at = i <= j ? i * this.dimension + j : j * this.dimension + i;
    return (this.#comoment[at] as number) / (this.#n - 1);
  }

  /** Pearson correlation of series i and j; NaN when either is flat or with fewer than 2 rows. */
  correlation(i: number, j: number): number {
    if (i === j) return 1;
    const d = Math.sqrt(this.covariance(i, i) * this.covariance(j, j));
    return d > 0 ? Math.max(-1, Math.min(1, this.covariance(i, j) / d)) : Number.NaN;
  }

  push(row: ArrayLike<number>): void {
    const d = this.dimension;
    const slot = this.#head * d;
    if (this.#n === this.capacity) this.#update(this.#rows.subarray(slot, slot + d), -1);
    for (let i = 0; i < d; i += 1) this.#rows[slot + i] = row[i] as number;
    this.#head = (this.#head + 1) % this.capacity;
    this.#update(this.#rows.subarray(slot, slot + d), 1);
    if (++this.#sinceResync >= this.capacity) this.#resync();
  }

  #update(x: Float64Array, sign: 1 | -1): void {
    const d = this.dimension;
    if (sign === -1 && this.#n <= 1) {
      this.#n = 0;
      this.#mean.fill(0);
      this.#comoment.fill(0);
      return;
    }
    this.#n += sign;
    for (let i = 0; i < d; i += 1) {
      const delta = (x[i] as number) - (this.#mean[i] as number);
      this.#delta[i] = delta;
      this.#mean[i] = (this.#mean[i] as number) + (sign * delta) / this.#n;
    }
    for (let i = 0; i < d; i += 1) {
      const di = sign * (this.#delta[i] as number);
      const base = i * d;
      for (let j = i; j < d; j += 1) {
        this.#comoment[base + j] = (this.#comoment[base + j] as number) + di * ((x[j] as number) - (this.#mean[j] as number));
      }
    }
  }

  #resync(): void {
    this.#sinceResync = 0;
    const d = this.dimension;
    const n = this.#n;
    this.#mean.fill(0);
    this.#comoment.fill(0);
    if (n === 0) return;
    const start = (this.#head - n + this.capacity) % this.capacity;
    const rowAt = (k: number): number => ((start + k) % this.capacity) * d;
    for (let k = 0; k < n; k += 1) for (let i = 0; i < d; i += 1) this.#mean[i] = (this.#mean[i] as number) + (this.#rows[rowAt(k) + i] as number);
    for (let i = 0; i < d; i += 1) this.#mean[i] = (this.#mean[i] as number) / n;
    for (let k = 0; k < n; k += 1) {
      const r = rowAt(k);
      for (let i = 0; i < d; i += 1) {
        const di = (this.#rows[r + i] as number) - (this.#mean[i] as number);
        for (let j = i; j < d; j += 1) {
          this.#comoment[i * d + j] = (this.#comoment[i * d + j] as number) + di * ((this.#rows[r + j] as number) - (this.#mean[j] as number));
        }
      }
    }
  }
}
