import { quantileSorted } from './nan-stats.js';

/**
 * The last `capacity` values kept both in arrival order and sorted, so that a quantile costs O(1)
 * and the mean of the k smallest O(k). An update is a binary search plus one typed-array
 * `copyWithin`, O(capacity) in the worst case but a block move of a few kilobytes in practice.
 * NaN values occupy a slot in arrival order but are not ranked.
 */
export class RollingQuantiles {
  readonly capacity: number;
  #ring: Float64Array;
  #head = 0;
  #size = 0;
  #sorted: Float64Array;
  #count = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer; got ${capacity}`);
    this.capacity = capacity;
    this.#ring = new Float64Array(capacity);
    this.#sorted = new Float64Array(capacity);
  }

  /** Ranked (non-NaN) values in the window. */
  get count(): number {
    return this.#count;
  }

  push(x: number): void {
    if (this.#size === this.capacity) {
      const old = this.#ring[this.#head] as number;
      if (!Number.isNaN(old)) this.#removeSorted(old);
    } else {
      this.#size += 1;
    }
    this.#ring[this.#head] = x;
    this.#head = (this.#head + 1) % this.capacity;
    if (!Number.isNaN(x)) this.#insertSorted(x);
  }

  /** The q-quantile (0..1) with numpy's linear interpolation; NaN when empty. */
  quantile(q: number): number {
    return quantileSorted(this.#sorted, q, this.#count);
  }

  /** Mean of the `k` smallest values (k clamped to the count); NaN when empty. */
  meanOfSmallest(k: number): number {
    const m = Math.min(k, this.#count);
    if (m <= 0) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < m; i += 1) sum += this.#sorted[i] as number;
    return sum / m;
  }

  #lowerBound(x: number): number {
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#sorted[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insertSorted(x: number): void {
    const at = this.#lowerBound(x);
    this.#sorted.copyWithin(at + 1, at, this.#count);
    this.#sorted[at] = x;
    this.#count += 1;
  }

  #removeSorted(x: number): void {
    const at = this.#lowerBound(x);
    this.#sorted.copyWithin(at, at + 1, this.#count);
    this.#count -= 1;
  }
}
