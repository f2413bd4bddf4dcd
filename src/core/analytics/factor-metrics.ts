import { nanMean, nanStd } from './nan-stats.js';
import { annualizationFactor, subtractRate, type MetricOptions, type Rate } from './options.js';
import { annualReturn } from './return-metrics.js';

/**
 * Pairs up two series by position, padding the shorter with NaN, the way pandas aligns two
 * series on a shared integer index.
 */
export function alignSeries(a: readonly number[], b: readonly number[]): [number[], number[]] {
  const n = Math.max(a.length, b.length);
  const pad = (xs: readonly number[]): number[] => {
    const out = xs.slice();
    while (out.length < n) out.push(Number.NaN);
    return out;
  };
  return [pad(a), pad(b)];
}

function padRate(rate: Rate | undefined, length: number): Rate | undefined {
  if (rate === undefined || typeof rate === 'number') return rate;
  const out = rate.slice();
  while (out.length < length) out.push(Number.NaN);
  return out;
}

/**
 * Population (ddof 0) covariance of the returns with the factor over the periods where both are
 * present, divided by the factor's population variance there. NaN with fewer than 2 periods or a
 * factor variance below 1e-30. Like empyrical, `riskFree` does not enter beta (a constant rate
 * would cancel anyway).
 */
export function beta(returns: readonly number[], factorReturns: readonly number[], _options: MetricOptions = {}): number {
  const [r, f] = alignSeries(returns, factorReturns);
  if (r.length < 1 || f.length < 2) return Number.NaN;
  const independent = f.map((x, i) => (Number.isNaN(r[i] as number) ? Number.NaN : x));
  const mean = nanMean(independent);
  const residual = independent.map((x) => x - mean);
  const covariance = nanMean(residual.map((x, i) => x * (r[i] as number)));
  const variance = nanMean(residual.map((x) => x * x));
  if (variance < 1e-30) return Number.NaN;
  return covariance / variance;
}

/**
 * Annualised Jensen's alpha: `(1 + mean((r - rf) - beta * (f - rf)))^ann - 1`, the mean taken
 * over the periods where both series are present. NaN under 2 periods or when beta is NaN.
 */
export function alpha(returns: readonly number[], factorReturns: readonly number[], options: MetricOptions = {}): number {
  const [r, f] = alignSeries(returns, factorReturns);
  if (r.length < 2) return Number.NaN;
  const ann = annualizationFactor(options);
  const b = beta(r, f);
  const riskFree = padRate(options.riskFree, r.length);
  const excess = subtractRate(r, riskFree);
  const factorExcess = subtractRate(f, riskFree);
  const residual = excess.map((x, i) => x - b * (factorExcess[i] as number));
  return Math.pow(nanMean(residual) + 1, ann) - 1;
}

/**
 * Mean active return over its sample tracking error, not annualised (empyrical `excess_sharpe`):
 * `mean(r - f) / std(r - f, ddof=1)`, where an undefined tracking error counts as 0.
 * NaN under 2 periods.
 */
export function excessSharpe(returns: readonly number[], factorReturns: readonly number[], _options: MetricOptions = {}): number {
  const [r, f] = alignSeries(returns, factorReturns);
  if (r.length < 2) return Number.NaN;
  const active = r.map((x, i) => x - (f[i] as number));
  const trackingError = nanStd(active, 1);
  return nanMean(active) / (Number.isNaN(trackingError) ? 0 : trackingError);
}

/** `annualReturn(returns) / annualReturn(factorReturns)`, each over its own length. */
export function captureRatio(returns: readonly number[], factorReturns: readonly number[], options: MetricOptions = {}): number {
  return annualReturn(returns, options) / annualReturn(factorReturns, options);
}

function captureWhere(
  returns: readonly number[],
  factorReturns: readonly number[],
  options: MetricOptions,
  keep: (factor: number) => boolean,
): number {
  const [r, f] = alignSeries(returns, factorReturns);
  const rs: number[] = [];
  const fs: number[] = [];
  f.forEach((x, i) => {
    if (keep(x)) {
      rs.push(r[i] as number);
      fs.push(x);
    }
  });
  return captureRatio(rs, fs, options);
}

/** Capture ratio over the periods where the factor rose (`f > 0`). NaN when there are none. */
export function upCapture(returns: readonly number[], factorReturns: readonly number[], options: MetricOptions = {}): number {
  return captureWhere(returns, factorReturns, options, (x) => x > 0);
}

/** Capture ratio over the periods where the factor fell (`f < 0`). NaN when there are none. */
export function downCapture(returns: readonly number[], factorReturns: readonly number[], options: MetricOptions = {}): number {
  return captureWhere(returns, factorReturns, options, (x) => x < 0);
}

/** `upCapture / downCapture`. */
export function upDownCapture(returns: readonly number[], factorReturns: readonly number[], options: MetricOptions = {}): number {
  return upCapture(returns, factorReturns, options) / downCapture(returns, factorReturns, options);
}
