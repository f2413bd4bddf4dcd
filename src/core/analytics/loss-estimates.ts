import { nanMean, nanStd, withoutNaN } from './nan-stats.js';
import { normalPdf, normalQuantile } from './normal.js';
import { conditionalValueAtRisk, valueAtRisk } from './tail-metrics.js';

/** Confidence and horizon of a loss estimate. */
export interface LossOptions {
  /** Probability that the loss is not exceeded, e.g. 0.95. Default 0.95. */
  confidence?: number;
  /** Horizon in return periods (days for daily returns). Default 1. */
  horizon?: number;
}

/** Value at risk and expected shortfall, in currency, as positive numbers for a loss. */
export interface LossPair {
  readonly valueAtRisk: number;
  readonly expectedShortfall: number;
}

function resolve(options: LossOptions): { confidence: number; horizon: number } {
  const confidence = options.confidence ?? 0.95;
  const horizon = options.horizon ?? 1;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1); got ${confidence}`);
  if (!(horizon > 0)) throw new RangeError(`horizon must be positive; got ${horizon}`);
  return { confidence, horizon };
}

/**
 * Historical simulation: the one-period loss quantile and tail mean of the observed returns (NaN
 * dropped), scaled to the horizon by `sqrt(horizon)` and to currency by `value`. The square-root
 * rule assumes independent periods with zero mean; it understates fat-tailed, trending losses.
 * NaN with no returns.
 */
export function historicalLoss(returns: readonly number[], value: number, options: LossOptions = {}): LossPair {
  const { confidence, horizon } = resolve(options);
  const clean = withoutNaN(returns);
  const cutoff = 1 - confidence;
  const scale = Math.sqrt(horizon) * value;
  return {
    valueAtRisk: -valueAtRisk(clean, { cutoff }) * scale,
    expectedShortfall: -conditionalValueAtRisk(clean, { cutoff }) * scale,
  };
}

/**
 * Variance–covariance (normal) estimate from a per-period mean and standard deviation:
 * `VaR = value * (z * sd * sqrt(h) - mean * h)` and `ES = value * (sd * sqrt(h) * pdf(z) / (1 - c) - mean * h)`,
 * `z` the standard normal quantile at the confidence `c`.
 */
export function parametricLossFromMoments(mean: number, sd: number, value: number, options: LossOptions = {}): LossPair {
  const { confidence, horizon } = resolve(options);
  const z = normalQuantile(confidence);
  const spread = sd * Math.sqrt(horizon);
  const drift = mean * horizon;
  return {
    valueAtRisk: (z * spread - drift) * value,
    expectedShortfall: ((spread * normalPdf(z)) / (1 - confidence) - drift) * value,
  };
}

/** {@link parametricLossFromMoments} with the mean and sample (n - 1) deviation of the returns. */
export function parametricLoss(returns: readonly number[], value: number, options: LossOptions = {}): LossPair {
  return parametricLossFromMoments(nanMean(returns), nanStd(returns, 1), value, options);
}
