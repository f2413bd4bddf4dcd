/**
 * Maximum drawdown over the last `capacity` values of a positive series (prices or portfolio
 * values), in amortised O(1) per value.
 *
 * A stretch of values is summarised by (max, min, worst fall inside it). Two stretches joined in
 * order summarise as (max of maxes, min of mins, the larger of their own falls and
 * `1 - later.min / earlier.max`), an associative rule, so the window is kept as a queue built
 * from two stacks: new values go on the back stack with one running summary; when the front
 * stack runs dry the back stack is moved over, each entry carrying the summary of itself and
 * everything newer on the front. Each value is moved once, hence amortised O(1).
 */
export class RollingDrawdown {
  readonly capacity: number;
  #frontValue: Float64Array;
  #frontMax: Float64Array;
  #frontMin: Float64Array;
  #frontFall: Float64Array;
  #frontSize = 0;
  #back: Float64Array;
  #backSize = 0;
  #backMax = -Infinity;
  #backMin = Infinity;
  #backFall = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer; got ${capacity}`);
    this.capacity = capacity;
    this.#frontValue = new Float64Array(capacity);
    this.#frontMax = new Float64Array(capacity);
    this.#frontMin = new Float64Array(capacity);
    this.#frontFall = new Float64Array(capacity);
    this.#back = new Float64Array(capacity);
  }

  get size(): number {
    return this.#frontSize + this.#backSize;
  }

  push(value: number): void {
    if (this.size === this.capacity) this.#shift();
    this.#back[this.#backSize++] = value;
    if (this.#backSize === 1) {
      this.#backMax = value;
      this.#backMin = value;
      this.#backFall = 0;
      return;
    }
    this.#backFall = Math.max(this.#backFall, 1 - value / this.#backMax);
    if (value > this.#backMax) this.#backMax = value;
    if (value < this.#backMin) this.#backMin = value;
  }

  /**
   * The largest peak-to-trough fall in the window, as a negative fraction (0 when none), with
   * `latest` (say, the current live value) considered as one more value at the end without
   * being stored. NaN with fewer than two values: no return, so no drawdown (as the batch
   * `maxDrawdown` of an empty return series).
   */
  maxDrawdown(latest?: number): number {
    let max = -Infinity;
    let min = Infinity;
    let fall = 0;
    let any = false;
    const join = (sMax: number, sMin: number, sFall: number): void => {
      fall = any ? Math.max(fall, sFall, 1 - sMin / max) : sFall;
      max = any ? Math.max(max, sMax) : sMax;
      min = any ? Math.min(min, sMin) : sMin;
      any = true;
    };
    if (this.#frontSize > 0) {
      const top = this.#frontSize - 1;
      join(this.#frontMax[top] as number, this.#frontMin[top] as number, this.#frontFall[top] as number);
    }
    if (this.#backSize > 0) join(this.#backMax, this.#backMin, this.#backFall);
    const withLatest = latest !== undefined && Number.isFinite(latest);
    if (withLatest) join(latest, latest, 0);
    if (this.size + (withLatest ? 1 : 0) < 2) return Number.NaN;
    return fall === 0 ? 0 : -fall;
  }

  #shift(): void {
    if (this.#frontSize === 0) {
      // Move the back stack over, newest first, so the oldest value ends on top.
      for (let k = this.#backSize - 1; k >= 0; k -= 1) {
        const v = this.#back[k] as number;
        const i = this.#frontSize;
        if (i === 0) {
          this.#frontMax[i] = v;
          this.#frontMin[i] = v;
          this.#frontFall[i] = 0;
        } else {
          const nMax = this.#frontMax[i - 1] as number;
          const nMin = this.#frontMin[i - 1] as number;
          this.#frontFall[i] = Math.max(this.#frontFall[i - 1] as number, 1 - nMin / v);
          this.#frontMax[i] = Math.max(v, nMax);
          this.#frontMin[i] = Math.min(v, nMin);
        }
        this.#frontValue[i] = v;
        this.#frontSize += 1;
      }
      this.#backSize = 0;
      this.#backMax = -Infinity;
      this.#backMin = Infinity;
      this.#backFall = 0;
    }
    this.#frontSize -= 1;
  }
}
