import { nanMean, nanStd } from './nan-stats.js';
import { annualizationFactor, subtractRate, type MetricOptions } from './options.js';

/**
 * Total compounded return `prod(1 + r) - 1`, treating NaN as a zero return
 * (empyrical `cum_returns_final`). NaN for an empty series.
 */
export function cumulativeReturn(returns: readonly number[]): number {
  if (returns.length === 0) return Number.NaN;
  let growth = 1;
  for (const r of returns) if (!Number.isNaN(r)) growth *= 1 + r;
  return growth - 1;
}

/**
 * Compound annual growth rate: `(prod(1 + r)) ^ (ann / n) - 1`, where `n` counts every period,
 * NaN ones included (they compound as 0). NaN for an empty series; NaN when the growth is negative.
 */
export function annualReturn(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length < 1) return Number.NaN;
  const years = returns.length / annualizationFactor(options);
  return Math.pow(cumulativeReturn(returns) + 1, 1 / years) - 1;
}

/** Sample standard deviation (n - 1) of the non-NaN returns times `sqrt(ann)`. NaN under 2 periods. */
export function annualVolatility(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length < 2) return Number.NaN;
  return nanStd(returns, 1) * Math.pow(annualizationFactor(options), 1 / 2);
}

/**
 * `mean(r - rf) / std(r - rf, ddof=1) * sqrt(ann)` over non-NaN values. NaN under 2 periods;
 * ±Infinity for a flat series with a non-zero mean excess, NaN for a flat zero one.
 */
export function sharpeRatio(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length < 2) return Number.NaN;
  const excess = subtractRate(returns, options.riskFree);
  return (nanMean(excess) / nanStd(excess, 1)) * Math.sqrt(annualizationFactor(options));
}

/**
 * Annualised downside deviation below `requiredReturn`: the root mean square of
 * `min(r - required, 0)` over the non-NaN values (returns above the target count as zeros),
 * times `sqrt(ann)`. NaN for an empty series; defined from one period.
 */
export function downsideRisk(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length < 1) return Number.NaN;
  const clipped = subtractRate(returns, options.requiredReturn).map((d) => (d > 0 ? 0 : d * d));
  return Math.sqrt(nanMean(clipped)) * Math.sqrt(annualizationFactor(options));
}

/**
 * `mean(r - required) * ann / downsideRisk`. NaN under 2 periods; ±Infinity when nothing fell
 * below the target and the mean excess is non-zero.
 */
export function sortinoRatio(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length < 2) return Number.NaN;
  const ann = annualizationFactor(options);
  const averageAnnual = nanMean(subtractRate(returns, options.requiredReturn)) * ann;
  return averageAnnual / downsideRisk(returns, options);
}

/**
 * Largest fall from a running peak of the compounded value, as a negative fraction (0 when the
 * value never fell). The value starts at 100 before the first return, so a first-period loss
 * counts; NaN returns compound as 0. NaN for an empty series.
 */
export function maxDrawdown(returns: readonly number[]): number {
  if (returns.length < 1) return Number.NaN;
  let growth = 1;
  let peak = 100;
  let worst = 0;
  for (const r of returns) {
    if (!Number.isNaN(r)) growth *= 1 + r;
    const value = growth * 100;
    if (value > peak) peak = value;
    const drawdown = (value - peak) / peak;
    if (drawdown < worst) worst = drawdown;
  }
  return worst;
}

/** `annualReturn / |maxDrawdown|`; NaN when there was no drawdown or the ratio is infinite. */
export function calmarRatio(returns: readonly number[], options: MetricOptions = {}): number {
  const drawdown = maxDrawdown(returns);
  if (!(drawdown < 0)) return Number.NaN;
  const ratio = annualReturn(returns, options) / Math.abs(drawdown);
  return ratio === Infinity || ratio === -Infinity ? Number.NaN : ratio;
}

/**
 * Probability-weighted gains over losses around a threshold. `requiredReturn` is annual and is
 * de-annualised to `(1 + required)^(1/ann) - 1` (used as is when `ann` is 1; NaN when it is -1 or
 * less); `riskFree` is per period. Sum of the positive parts of `r - rf - threshold` over minus the
 * sum of the negative parts; NaN values fall out of both sums. NaN under 2 periods or with no loss.
 * Unlike empyrical, whose `omega_ratio` takes only `annualization` (default 252), `period` is
 * honoured too; with neither given the two agree.
 */
export function omegaRatio(returns: readonly number[], options: MetricOptions = {}): number {
  if (returns.length < 2) return Number.NaN;
  const ann = annualizationFactor(options);
  const required = options.requiredReturn ?? 0;
  const toThreshold = (rate: number): number => (ann === 1 ? rate : rate <= -1 ? Number.NaN : Math.pow(1 + rate, 1 / ann) - 1);
  const thresholds = typeof required === 'number' ? toThreshold(required) : required.map(toThreshold);
  if (typeof thresholds === 'number' ? Number.isNaN(thresholds) : thresholds.some(Number.isNaN)) return Number.NaN;
  const excess = subtractRate(subtractRate(returns, options.riskFree), thresholds);
  let gains = 0;
  let losses = 0;
  for (const x of excess) {
    if (x > 0) gains += x;
    else if (x < 0) losses -= x;
  }
  return losses > 0 ? gains / losses : Number.NaN;
}
