const MINUTE = 60_000;
const BUCKETS = 24 * 60;

/**
 * High, low and volume of one asset over the last 24 h of market time, kept in 1-minute buckets.
 * Adding a price is O(1); the completed buckets' extremes are recomputed only when a minute
 * closes, so the cost stays flat at high update rates.
 */
export class Rolling24h {
  readonly #high = new Float64Array(BUCKETS);
  readonly #low = new Float64Array(BUCKETS);
  readonly #volume = new Float64Array(BUCKETS);
  #head = 0;
  #size = 0;
  #completedHigh = -Infinity;
  #completedLow = Infinity;
  #completedVolume = 0;
  #bucketStart = Number.NaN;
  #curHigh = -Infinity;
  #curLow = Infinity;
  #curVolume = 0;

  add(ts: number, price: number, volume: number): void {
    const start = Math.floor(ts / MINUTE) * MINUTE;
    if (Number.isNaN(this.#bucketStart)) this.#bucketStart = start;
    if (start > this.#bucketStart) {
      const elapsed = Math.min(BUCKETS, (start - this.#bucketStart) / MINUTE);
      this.#close(this.#curHigh, this.#curLow, this.#curVolume);
      // Minutes without a step carry the last price and no volume.
      const last = price;
      for (let k = 1; k < elapsed; k += 1) this.#close(last, last, 0);
      this.#recompute();
      this.#bucketStart = start;
      this.#curHigh = -Infinity;
      this.#curLow = Infinity;
      this.#curVolume = 0;
    }
    if (price > this.#curHigh) this.#curHigh = price;
    if (price < this.#curLow) this.#curLow = price;
    this.#curVolume += volume;
  }

  /** Loads a completed minute from a backfill, oldest first. */
  loadMinute(high: number, low: number, volume: number): void {
    this.#close(high, low, volume);
  }

  /** Call after the backfill's minutes are loaded. */
  finishLoad(bucketStart: number): void {
    this.#recompute();
    this.#bucketStart = bucketStart;
  }

  get high(): number {
    return Math.max(this.#completedHigh, this.#curHigh);
  }

  get low(): number {
    return Math.min(this.#completedLow, this.#curLow);
  }

  get volume(): number {
    return this.#completedVolume + this.#curVolume;
  }

  #close(high: number, low: number, volume: number): void {
    if (this.#size === BUCKETS) this.#completedVolume -= this.#volume[this.#head] as number;
    this.#high[this.#head] = high;
    this.#low[this.#head] = low;
    this.#volume[this.#head] = volume;
    this.#completedVolume += volume;
    this.#head = (this.#head + 1) % BUCKETS;
    if (this.#size < BUCKETS) this.#size += 1;
  }

  #recompute(): void {
    let hi = -Infinity;
    let lo = Infinity;
    let vol = 0;
    for (let k = 0; k < this.#size; k += 1) {
      const h = this.#high[k] as number;
      const l = this.#low[k] as number;
      if (h > hi) hi = h;
      if (l < lo) lo = l;
      vol += this.#volume[k] as number;
    }
    this.#completedHigh = hi;
    this.#completedLow = lo;
    // Re-summing also wipes out floating-point drift from the running subtraction.
    this.#completedVolume = vol;
  }
}
