/**
 * Price history of every simulated asset, readable by anything in the server (the risk engine,
 * alert rules, charts).
 *
 * Two resolutions are kept in ring buffers: `'1m'` holds one sample per minute for the last 24 h
 * (1,441 samples, so the first is the price exactly 24 h ago) and `'1h'` one per hour for the last
 * 30 days (721 samples). `values[i]` is the last price at or before `start + i * intervalMs`; the
 * grid is aligned to whole minutes/hours of market time. At start-up the simulator fills both from
 * the seeded walk, so history exists from the first second; live steps extend it.
 *
 * Times are market time (the simulator's clock, which runs `timeScale` times faster than the wall
 * clock; with the default time scale of 1 they are the same).
 */

export type Resolution = '1m' | '1h';

export interface CloseSeries {
  /** Market time of `values[0]`, ms since the Unix epoch. */
  start: number;
  intervalMs: number;
  /** Oldest first. */
  values: number[];
}

export interface PriceTick {
  assetId: string;
  price: number;
  /** Market time of the price. */
  ts: number;
}

export type TickListener = (tick: PriceTick) => void;

/** A new sample at one resolution: every asset's close at market time `ts`, in asset order. */
export type SampleListener = (resolution: Resolution, ts: number, prices: Float64Array) => void;

export const INTERVAL_MS: Record<Resolution, number> = { '1m': 60_000, '1h': 3_600_000 };
export const CAPACITY: Record<Resolution, number> = { '1m': 24 * 60 + 1, '1h': 30 * 24 + 1 };

class SampleRing {
  readonly columns: Float64Array[];
  head = 0;
  size = 0;
  /** Market time of the newest sample; NaN while empty. */
  lastTs = Number.NaN;

  constructor(readonly capacity: number, readonly intervalMs: number, assets: number) {
    this.columns = Array.from({ length: assets }, () => new Float64Array(capacity));
  }

  push(ts: number, prices: ArrayLike<number>): void {
    for (let i = 0; i < this.columns.length; i += 1) (this.columns[i] as Float64Array)[this.head] = prices[i] as number;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
    this.lastTs = ts;
  }

  series(asset: number): CloseSeries {
    const col = this.columns[asset] as Float64Array;
    const values: number[] = new Array(this.size);
    const first = (this.head - this.size + this.capacity) % this.capacity;
    for (let k = 0; k < this.size; k += 1) values[k] = col[(first + k) % this.capacity] as number;
    return { start: this.lastTs - (this.size - 1) * this.intervalMs, intervalMs: this.intervalMs, values };
  }

  /** The sample k places back from the newest (0 = newest), or undefined. */
  back(asset: number, k: number): number | undefined {
    if (k < 0 || k >= this.size) return undefined;
    return (this.columns[asset] as Float64Array)[(this.head - 1 - k + 2 * this.capacity) % this.capacity];
  }
}

export class PriceHistory {
  readonly #index = new Map<string, number>();
  readonly #rings: Record<Resolution, SampleRing>;
  readonly #listeners = new Set<TickListener>();
  readonly #sampleListeners = new Set<SampleListener>();
  #last: Float64Array;

  constructor(readonly assetIds: readonly string[]) {
    assetIds.forEach((id, i) => this.#index.set(id, i));
    this.#rings = {
      '1m': new SampleRing(CAPACITY['1m'], INTERVAL_MS['1m'], assetIds.length),
      '1h': new SampleRing(CAPACITY['1h'], INTERVAL_MS['1h'], assetIds.length),
    };
    this.#last = new Float64Array(assetIds.length);
  }

  /** Closes of one asset at one resolution, oldest first. Throws for an unknown asset. */
  closes(assetId: string, resolution: Resolution): CloseSeries {
    return this.#rings[resolution].series(this.#indexOf(assetId));
  }

  /** The 1-minute sample at or before `ts`, when the history reaches back that far. */
  closeAt(assetId: string, ts: number): number | undefined {
    const ring = this.#rings['1m'];
    if (Number.isNaN(ring.lastTs)) return undefined;
    const k = Math.ceil((ring.lastTs - ts) / ring.intervalMs);
    return ring.back(this.#indexOf(assetId), Math.max(0, k));
  }

  /** Calls `listener` for every new price of every asset; returns the unsubscribe function. */
  onTick(listener: TickListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` for every sample a live step adds (not for `load` or `append`). */
  onSample(listener: SampleListener): () => void {
    this.#sampleListeners.add(listener);
    return () => this.#sampleListeners.delete(listener);
  }

  /** Market time of the newest sample at `resolution`; NaN while empty. */
  lastSampleTs(resolution: Resolution): number {
    return this.#rings[resolution].lastTs;
  }

  /** Adds a sample recorded elsewhere (a cluster's leader): the next one after `lastSampleTs`. */
  append(resolution: Resolution, ts: number, prices: ArrayLike<number>): void {
    this.#rings[resolution].push(ts, prices);
  }

  /**
   * The prices the next step continues from (a node taking over the market): the next boundary
   * a step crosses gets these, as it would have got the previous step's.
   */
  holdLast(prices: ArrayLike<number>): void {
    this.#last.set(prices);
  }

  /**
   * Replaces the history at one resolution, e.g. from a backfill: `columns[asset][i]` is the
   * sample at `start + i * intervalMs`.
   */
  load(resolution: Resolution, start: number, columns: readonly ArrayLike<number>[]): void {
    const ring = new SampleRing(CAPACITY[resolution], INTERVAL_MS[resolution], this.assetIds.length);
    const length = columns[0]?.length ?? 0;
    const row = new Float64Array(this.assetIds.length);
    for (let t = 0; t < length; t += 1) {
      for (let a = 0; a < row.length; a += 1) row[a] = (columns[a] as ArrayLike<number>)[t] as number;
      ring.push(start + t * ring.intervalMs, row);
    }
    this.#rings[resolution] = ring;
    if (length > 0) this.#last = row.slice();
  }

  /** Records one simulator step: every asset's new price at market time `ts`. */
  record(ts: number, prices: Float64Array): void {
    for (const resolution of ['1m', '1h'] as const) {
      const ring = this.#rings[resolution];
      if (Number.isNaN(ring.lastTs)) {
        ring.push(Math.floor(ts / ring.intervalMs) * ring.intervalMs, prices);
        continue;
      }
      // Each boundary crossed gets the last price at or before it: the previous step's price,
      // or this step's when it lands exactly on the boundary.
      for (let b = ring.lastTs + ring.intervalMs; b <= ts; b += ring.intervalMs) {
        const sample = b === ts ? prices : this.#last;
        ring.push(b, sample);
        for (const listener of this.#sampleListeners) listener(resolution, b, sample);
      }
    }
    this.#last.set(prices);
    if (this.#listeners.size === 0) return;
    for (let a = 0; a < this.assetIds.length; a += 1) {
      const tick = { assetId: this.assetIds[a] as string, price: prices[a] as number, ts };
      for (const listener of this.#listeners) {
        // A listener's bug must not take the price timer, and with it the server, down.
        try {
          listener(tick);
        } catch (err) {
          console.error('feed server: a price listener threw', err);
        }
      }
    }
  }

  #indexOf(assetId: string): number {
    const i = this.#index.get(assetId);
    if (i === undefined) throw new Error(`unknown asset ${assetId}`);
    return i;
  }
}
