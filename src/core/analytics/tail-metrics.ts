import { percentile, sortAscending, withoutNaN } from './nan-stats.js';
import type { MetricOptions } from './options.js';

const DEFAULT_CUTOFF = 0.05;

/**
 * The `cutoff` quantile of the returns (a negative number for a loss), interpolated linearly like
 * `np.percentile(returns, 100 * cutoff)`. Not NaN-aware, as in empyrical: one NaN makes it NaN.
 * NaN for an empty series.
 */
export function valueAtRisk(returns: readonly number[], options: MetricOptions = {}): number {
  return percentile(returns, 100 * (options.cutoff ?? DEFAULT_CUTOFF));
}

/**
 * Expected shortfall: the mean of the `floor((n - 1) * cutoff) + 1` smallest returns, which are
 * the returns at or below the rank that value at risk interpolates from. NaN sorts last, so a NaN
 * only matters when it falls among those returns. NaN for an empty series.
 */
export function conditionalValueAtRisk(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length === 0) return Number.NaN;
  const cutoff = options.cutoff ?? DEFAULT_CUTOFF;
  const last = Math.trunc((returns.length - 1) * cutoff);
  const sorted = sortAscending(returns);
  let sum = 0;
  for (let i = 0; i <= last; i += 1) sum += sorted[i] as number;
  return sum / (last + 1);
}

/** `|p95| / |p5|` of the non-NaN returns; NaN when none remain, Infinity when p5 is 0. */
export function tailRatio(returns: readonly number[]): number {
  const clean = withoutNaN(returns);
  if (clean.length < 1) return Number.NaN;
  return Math.abs(percentile(clean, 95)) / Math.abs(percentile(clean, 5));
}

/**
 * R² of an ordinary least-squares line through the cumulative log returns `cumsum(log1p(r))`
 * against 0, 1, 2…, after dropping NaN. NaN under 2 periods (NaN included), when fewer than 2
 * values remain, or when the cumulative series is flat (all-zero returns): the correlation is
 * undefined there, and current scipy's `linregress` answers NaN (older releases said 0).
 */
export function stabilityOfTimeseries(returns: readonly number[]): number {
  if (returns.length < 2) return Number.NaN;
  const clean = withoutNaN(returns);
  const n = clean.length;
  if (n < 2) return Number.NaN;
  const y = new Array<number>(n);
  let acc = 0;
  for (let i = 0; i < n; i += 1) {
    acc += Math.log1p(clean[i] as number);
    y[i] = acc;
  }
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = i - xMean;
    const dy = (y[i] as number) - yMean;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (syy === 0) return Number.NaN;
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return r * r;
}
