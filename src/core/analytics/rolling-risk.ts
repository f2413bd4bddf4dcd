import { normalPdf, normalQuantile } from './normal.js';
import { RollingDrawdown } from './rolling-drawdown.js';
import { RollingMoments } from './rolling-moments.js';
import { RollingQuantiles } from './rolling-quantiles.js';

/** What {@link RollingValueRisk.snapshot} reports, per unit of value unless stated. */
export interface RollingRiskSnapshot {
  /** Returns in the window. */
  readonly count: number;
  /** Mean and sample standard deviation of the per-period returns. */
  readonly mean: number;
  readonly std: number;
  /** `std * sqrt(annualization)`. */
  readonly volatility: number;
  /** `mean / std * sqrt(annualization)` (risk-free 0). */
  readonly sharpeRatio: number;
  /** Negative fraction; includes the `latest` value when given. */
  readonly maxDrawdown: number;
  /** Loss fractions at the horizon (positive for a loss): historical and normal. */
  readonly historicalVaR: number;
  readonly historicalES: number;
  readonly parametricVaR: number;
  readonly parametricES: number;
}

export interface RollingRiskOptions {
  /** Periods per year of the pushed values. */
  readonly annualization: number;
  /** Default 0.95. */
  readonly confidence?: number;
  /** Horizon in periods. Default 1. */
  readonly horizon?: number;
}

/**
 * Risk of one value series (a portfolio's value at each sample) over a sliding window of
 * `windowSize` returns, updated in O(1) amortised per value (plus one block move for the sorted
 * tail). Reading a snapshot is O(tail size). Matches the batch metrics on the same window:
 * `annualVolatility`, `sharpeRatio`, `maxDrawdown`, and `historicalLoss` / `parametricLoss`.
 */
export class RollingValueRisk {
  readonly windowSize: number;
  #moments: RollingMoments;
  #tails: RollingQuantiles;
  #drawdown: RollingDrawdown;
  #last = Number.NaN;

  constructor(windowSize: number) {
    this.windowSize = windowSize;
    this.#moments = new RollingMoments(windowSize);
    this.#tails = new RollingQuantiles(windowSize);
    this.#drawdown = new RollingDrawdown(windowSize + 1);
  }

  /** The most recent value pushed (NaN before the first). */
  get lastValue(): number {
    return this.#last;
  }

  push(value: number): void {
    if (!(value > 0) || !Number.isFinite(value)) return;
    if (this.#last > 0) {
      const r = value / this.#last - 1;
      this.#moments.push(r);
      this.#tails.push(r);
    }
    this.#drawdown.push(value);
    this.#last = value;
  }

  snapshot(options: RollingRiskOptions, latest?: number): RollingRiskSnapshot {
    const confidence = options.confidence ?? 0.95;
    const horizon = options.horizon ?? 1;
    const mean = this.#moments.mean;
    const std = this.#moments.std(1);
    const cutoff = 1 - confidence;
    const count = this.#tails.count;
    const root = Math.sqrt(horizon);
    const z = normalQuantile(confidence);
    const tailCount = Math.trunc((count - 1) * cutoff) + 1;
    return {
      count,
      mean,
      std,
      volatility: std * Math.sqrt(options.annualization),
      sharpeRatio: (mean / std) * Math.sqrt(options.annualization),
      maxDrawdown: this.#drawdown.maxDrawdown(latest),
      historicalVaR: -this.#tails.quantile(cutoff) * root,
      historicalES: -this.#tails.meanOfSmallest(tailCount) * root,
      parametricVaR: z * std * root - mean * horizon,
      parametricES: (std * root * normalPdf(z)) / cutoff - mean * horizon,
    };
  }
}
