import type { Asset, Price } from '../../../src/core/protocol/index.js';
import { ASSETS, toAsset, type AssetSpec } from './assets.js';
import { cholesky, factorCorrelation, multiplyLower, type Matrix } from './correlation.js';
import { INTERVAL_MS, PriceHistory } from './history.js';
import { mulberry32, normalSource } from './prng.js';
import { Rolling24h } from './rolling-24h.js';

const YEAR_MS = 365 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
/** Speed at which stablecoins' log price is pulled back to the peg, per year (half-life ≈ 30 h). */
const PEG_REVERSION = 200;

export interface SimulatorOptions {
  seed: number;
  /** Simulated time runs this many times faster than the time steps it is given. Default 1. */
  timeScale?: number;
  assets?: readonly AssetSpec[];
  /** Market time at start-up (ms). Default `Date.now()`. */
  startTime?: number;
  /** Fill 30 days of history at start-up. Default true. */
  backfill?: boolean;
}

/**
 * A seeded, correlated random walk over the asset universe. Every step moves all assets at once:
 * independent normals are mixed through the Cholesky factor of the correlation matrix, then each
 * asset takes a geometric Brownian step at its own volatility (stablecoins instead revert to 1.00).
 * The same seed and the same sequence of step sizes always give the same prices.
 */
export class MarketSimulator {
  readonly assets: readonly AssetSpec[];
  readonly history: PriceHistory;
  readonly timeScale: number;
  readonly #index = new Map<string, number>();
  readonly #chol: Matrix;
  readonly #normal: () => number;
  readonly #z: Float64Array;
  readonly #eps: Float64Array;
  readonly #logPrice: Float64Array;
  readonly #price: Float64Array;
  readonly #stats: Rolling24h[];
  /** Quotes published by a cluster's leader, answered as they are until this node steps the market itself. */
  readonly #adopted: (Price | undefined)[] = [];
  #marketTime: number;
  #steps = 0;

  constructor(options: SimulatorOptions) {
    this.assets = options.assets ?? ASSETS;
    this.timeScale = options.timeScale ?? 1;
    const n = this.assets.length;
    this.assets.forEach((a, i) => this.#index.set(a.id, i));
    this.#chol = cholesky(factorCorrelation(this.assets.map((a) => a.beta)));
    this.#normal = normalSource(mulberry32(options.seed));
    this.#z = new Float64Array(n);
    this.#eps = new Float64Array(n);
    this.#logPrice = Float64Array.from(this.assets, (a) => Math.log(a.startPrice));
    this.#price = Float64Array.from(this.assets, (a) => a.startPrice);
    this.#stats = this.assets.map(() => new Rolling24h());
    this.history = new PriceHistory(this.assets.map((a) => a.id));
    this.#marketTime = options.startTime ?? Date.now();
    if (options.backfill ?? true) this.#backfill();
  }

  get marketTime(): number {
    return this.#marketTime;
  }

  /** Steps taken since start-up (not counting the backfill). */
  get steps(): number {
    return this.#steps;
  }

  has(assetId: string): boolean {
    return this.#index.has(assetId);
  }

  indexOf(assetId: string): number | undefined {
    return this.#index.get(assetId);
  }

  assetList(): Asset[] {
    return this.assets.map(toAsset);
  }

  /** Current price of one asset, USD. */
  priceOf(assetId: string): number | undefined {
    const i = this.#index.get(assetId);
    return i === undefined ? undefined : this.#price[i];
  }

  /** Current prices of all assets, in `assets` order; a copy. */
  priceVector(): Float64Array {
    return this.#price.slice();
  }

  /**
   * Takes over a price published by another node (cluster mode, while this node does not lead), so
   * valuations here are current and, should this node take over, the market continues from it.
   * With the whole `quote`, this node's REST answers it (24 h figures included) as the leader did.
   */
  adoptPrice(assetId: string, price: number, quote?: Price): void {
    const i = this.#index.get(assetId);
    if (i === undefined || !(price > 0)) return;
    this.#price[i] = price;
    this.#logPrice[i] = Math.log(price);
    if (quote) this.#adopted[i] = quote;
  }

  /** Moves market time forward to `marketTime` without moving prices (a node taking over the market). */
  catchUp(marketTime: number): void {
    if (marketTime > this.#marketTime) this.#marketTime = marketTime;
  }

  /** Advances every asset by `dtMs` of wall time (scaled by `timeScale`). */
  step(dtMs: number): void {
    const dt = dtMs * this.timeScale;
    this.#adopted.length = 0;
    this.#move(dt);
    this.#marketTime += dt;
    this.#steps += 1;
    const years = dt / YEAR_MS;
    for (let i = 0; i < this.assets.length; i += 1) {
      const a = this.assets[i] as AssetSpec;
      // Busier in bigger moves: volume per step scales with the size of the shock (E|z| ≈ 0.8).
      const volume = a.volume24h * (dt / DAY_MS) * (0.5 + 0.6 * Math.abs(this.#z[i] as number));
      (this.#stats[i] as Rolling24h).add(this.#marketTime, this.#price[i] as number, volume * (years > 0 ? 1 : 0));
    }
    this.history.record(this.#marketTime, this.#price);
  }

  /** The wire form of one asset's price with its rolling 24 h statistics. */
  quote(assetId: string, ts: number): Price | undefined {
    const i = this.#index.get(assetId);
    return i === undefined ? undefined : this.#quote(i, ts);
  }

  quoteAt(index: number, ts: number): Price {
    return this.#quote(index, ts);
  }

  /** Price 24 h ago (market time), from the 1-minute history. */
  open24h(assetId: string): number | undefined {
    return this.history.closeAt(assetId, this.#marketTime - DAY_MS);
  }

  #quote(i: number, ts: number): Price {
    const adopted = this.#adopted[i];
    if (adopted) return { ...adopted, ts };
    const a = this.assets[i] as AssetSpec;
    const price = this.#price[i] as number;
    const stats = this.#stats[i] as Rolling24h;
    const open = this.history.closeAt(a.id, this.#marketTime - DAY_MS) ?? price;
    const high = Math.max(stats.high, price, open);
    const low = Math.min(stats.low, price, open);
    const change = price - open;
    return {
      assetId: a.id,
      price,
      open24h: open,
      high24h: high,
      low24h: low,
      volume24h: stats.volume,
      change24h: change,
      changePercent24h: open > 0 ? (change / open) * 100 : 0,
      marketCap: price * a.circulatingSupply,
      ts,
    };
  }

  /** One correlated step of `dtMs` market time on the log prices. */
  #move(dtMs: number): void {
    const years = dtMs / YEAR_MS;
    if (years <= 0) return;
    const sqrtDt = Math.sqrt(years);
    for (let i = 0; i < this.#z.length; i += 1) this.#z[i] = this.#normal();
    multiplyLower(this.#chol, this.#z, this.#eps);
    for (let i = 0; i < this.assets.length; i += 1) {
      const a = this.assets[i] as AssetSpec;
      const shock = a.volatility * sqrtDt * (this.#eps[i] as number);
      let x = this.#logPrice[i] as number;
      if (a.category === 'stablecoin') {
        // Ornstein–Uhlenbeck towards log(1) = 0, exact decay so big steps cannot overshoot.
        x = x * Math.exp(-PEG_REVERSION * years) + shock;
      } else {
        x += -0.5 * a.volatility * a.volatility * years + shock;
      }
      this.#logPrice[i] = x;
      this.#price[i] = Math.exp(x);
    }
  }

  /**
   * Walks 30 days up to now (hourly, then minute by minute for the last day), then shifts each
   * floating asset's path so that it ends at the asset's configured price: history exists from
   * the first second, and today's prices stay realistic whatever the seed.
   */
  #backfill(): void {
    const n = this.assets.length;
    const hour = INTERVAL_MS['1h'];
    const minute = INTERVAL_MS['1m'];
    const h0 = Math.floor(this.#marketTime / hour) * hour;
    const m0 = Math.floor(this.#marketTime / minute) * minute;
    const hourly: number[][] = this.assets.map(() => []);
    const minutely: number[][] = this.assets.map(() => []);
    const minuteVolume: number[][] = this.assets.map(() => []);
    const hoursBefore = 30 * 24 - 24;
    const push = (into: number[][]) => this.#logPrice.forEach((x, i) => (into[i] as number[]).push(x));

    push(hourly);
    for (let k = 0; k < hoursBefore; k += 1) {
      this.#move(hour);
      push(hourly);
    }
    // From h0 - 24 h to m0 minute by minute; hourly samples come from the minute path.
    const minuteSteps = (m0 - (h0 - DAY_MS)) / minute;
    const minuteStart = m0 - 24 * 60 * minute;
    if (minuteStart === h0 - DAY_MS) push(minutely);
    for (let k = 1; k <= minuteSteps; k += 1) {
      this.#move(minute);
      const t = h0 - DAY_MS + k * minute;
      if (t % hour === 0) push(hourly);
      if (t >= minuteStart) {
        push(minutely);
        for (let i = 0; i < n; i += 1) {
          const a = this.assets[i] as AssetSpec;
          const v = a.volume24h / (24 * 60) * (0.5 + 0.6 * Math.abs(this.#z[i] as number));
          (minuteVolume[i] as number[]).push(v);
        }
      }
    }

    const shift = this.assets.map((a, i) => (a.category === 'stablecoin' ? 0 : Math.log(a.startPrice) - (this.#logPrice[i] as number)));
    const toPrices = (cols: number[][]) => cols.map((col, i) => col.map((x) => Math.exp(x + (shift[i] as number))));
    const hourPrices = toPrices(hourly);
    const minutePrices = toPrices(minutely);
    this.history.load('1h', h0 - (hourPrices[0]!.length - 1) * hour, hourPrices);
    this.history.load('1m', m0 - (minutePrices[0]!.length - 1) * minute, minutePrices);

    for (let i = 0; i < n; i += 1) {
      this.#logPrice[i] = (this.#logPrice[i] as number) + (shift[i] as number);
      this.#price[i] = Math.exp(this.#logPrice[i] as number);
      const closes = minutePrices[i] as number[];
      const stats = this.#stats[i] as Rolling24h;
      for (let k = 1; k < closes.length; k += 1) {
        const a = closes[k - 1] as number;
        const b = closes[k] as number;
        stats.loadMinute(Math.max(a, b), Math.min(a, b), (minuteVolume[i] as number[])[k - 1] ?? 0);
      }
      stats.finishLoad(m0);
    }
  }
}
