import { RollingCovariance } from '../../../src/core/analytics/index.js';

/** Closes of one asset, one per sample, oldest first, keeping the last `capacity`. */
class CloseRing {
  #buffer: Float64Array;
  #head = 0;
  size = 0;
  constructor(readonly capacity: number) {
    this.#buffer = new Float64Array(capacity);
  }
  push(x: number): void {
    this.#buffer[this.#head] = x;
    this.#head = (this.#head + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
  }
  /** The k-th newest close (0 = newest). */
  back(k: number): number {
    return this.#buffer[(this.#head - 1 - k + 2 * this.capacity) % this.capacity] as number;
  }
  toArray(): number[] {
    const out: number[] = [];
    for (let k = this.size - 1; k >= 0; k -= 1) out.push(this.back(k));
    return out;
  }
}

/**
 * Every asset's sampled closes, aligned on the newest sample, with the rolling covariance of
 * their returns across the whole universe. Closing a sample costs O(assets²) for the covariance;
 * a new asset (rare) rebuilds it from the stored closes.
 */
export class AssetBook {
  readonly ids: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #closes: CloseRing[] = [];
  readonly #last: number[] = [];
  #covariance: RollingCovariance | undefined;
  #row = new Float64Array(0);

  /**
   * The covariance spans `windowSize` returns; `keep` closes (at least `windowSize + 1`) are
   * stored per asset, enough to replay a day of history for a portfolio created later.
   */
  readonly keep: number;
  constructor(
    readonly windowSize: number,
    keep = windowSize + 1,
  ) {
    this.keep = Math.max(keep, windowSize + 1);
  }

  indexOf(id: string): number | undefined {
    return this.#index.get(id);
  }

  #ensure(id: string): number {
    let i = this.#index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.#index.set(id, i);
      this.#closes.push(new CloseRing(this.keep));
      this.#last.push(Number.NaN);
      this.#covariance = undefined;
    }
    return i;
  }

  setLast(id: string, price: number): void {
    this.#last[this.#ensure(id)] = price;
  }

  last(id: string): number | undefined {
    const i = this.#index.get(id);
    const v = i === undefined ? Number.NaN : (this.#last[i] as number);
    return Number.isFinite(v) ? v : undefined;
  }

  /** Replaces an asset's sampled closes (the newest last, at the engine's interval). */
  load(id: string, closes: readonly number[]): void {
    const i = this.#ensure(id);
    const ring = new CloseRing(this.keep);
    for (const c of closes.slice(-this.keep)) if (c > 0) ring.push(c);
    this.#closes[i] = ring;
    if (ring.size > 0 && !Number.isFinite(this.#last[i] as number)) this.#last[i] = ring.back(0);
    this.#covariance = undefined;
  }

  /** Ends the current sample: every priced asset's last price becomes its close. */
  closeSample(): void {
    const n = this.ids.length;
    for (let i = 0; i < n; i += 1) {
      const ring = this.#closes[i] as CloseRing;
      const price = this.#last[i] as number;
      const before = ring.size > 0 ? ring.back(0) : Number.NaN;
      if (Number.isFinite(price) && price > 0) ring.push(price);
      else if (ring.size > 0) ring.push(before);
      // An asset with no earlier close moves by 0: it reads as flat, so it correlates with nothing.
      this.#row[i] = before > 0 ? ring.back(0) / before - 1 : 0;
    }
    this.#covariance?.push(this.#row);
  }

  /** Closes of one asset, oldest first, left-padded with its oldest close to `length`. */
  closes(id: string, length = this.windowSize + 1): number[] {
    const i = this.#index.get(id);
    const own = i === undefined ? [] : (this.#closes[i] as CloseRing).toArray();
    if (own.length === 0) return [];
    const padded = own.slice(-length);
    while (padded.length < length) padded.unshift(padded[0] as number);
    return padded;
  }

  /** Longest aligned history: the most closes any asset has. */
  get depth(): number {
    return this.#closes.reduce((m, r) => Math.max(m, r.size), 0);
  }

  /** Correlation of two assets' sampled returns over the window (NaN when unknown or flat). */
  correlation(a: number, b: number): number {
    return this.#covarianceNow().correlation(a, b);
  }

  #covarianceNow(): RollingCovariance {
    if (this.#covariance) return this.#covariance;
    const n = this.ids.length;
    const cov = new RollingCovariance(Math.max(n, 1), this.windowSize);
    const depth = Math.min(this.depth, this.windowSize + 1);
    const series = this.ids.map((id) => this.closes(id, depth));
    this.#row = new Float64Array(Math.max(n, 1));
    for (let t = 1; t < depth; t += 1) {
      for (let i = 0; i < n; i += 1) {
        const s = series[i] as number[];
        this.#row[i] = s.length > t ? (s[t] as number) / (s[t - 1] as number) - 1 : 0;
      }
      cov.push(this.#row);
    }
    this.#covariance = cov;
    return cov;
  }
}
