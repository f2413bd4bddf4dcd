/** Periodicity of a return series, as empyrical names it. */
export type Period = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

/** Periods per year for each named periodicity (empyrical's table: 252 trading days a year). */
export const ANNUALIZATION_FACTORS: Readonly<Record<Period, number>> = Object.freeze({
  daily: 252,
  weekly: 52,
  monthly: 12,
  quarterly: 4,
  yearly: 1,
});

/** A per-period rate: one number for every period, or one value per period of the series. */
export type Rate = number | readonly number[];

/** Options shared by every return metric. Each metric reads only the fields it needs. */
export interface MetricOptions {
  /** Periodicity of the returns; ignored when `annualization` is given. Default `'daily'`. */
  period?: Period;
  /** Periods per year, overriding `period` (crypto trades every day: pass 365 for daily returns). */
  annualization?: number;
  /** Per-period risk-free return (Sharpe, alpha, omega). Default 0. */
  riskFree?: Rate;
  /** Minimum acceptable return: per period for Sortino and downside risk, annual for omega. Default 0. */
  requiredReturn?: Rate;
  /** Tail probability for value at risk and conditional value at risk. Default 0.05. */
  cutoff?: number;
}

/**
 * Periods per year: `annualization` when given, otherwise the factor for `period`.
 * An unknown period is a programming error and throws, as empyrical does.
 */
export function annualizationFactor(options: MetricOptions = {}): number {
  if (options.annualization !== undefined) return options.annualization;
  const period = options.period ?? 'daily';
  const factor = (ANNUALIZATION_FACTORS as Record<string, number | undefined>)[period];
  if (factor === undefined) {
    throw new RangeError(`period must be one of ${Object.keys(ANNUALIZATION_FACTORS).join(', ')}; got "${period}"`);
  }
  return factor;
}

/**
 * `returns - rate`, element by element, into a new array. An array rate must be as long as the
 * returns (numpy would refuse to broadcast it otherwise).
 */
export function subtractRate(returns: readonly number[], rate: Rate | undefined): number[] {
  if (rate === undefined) return returns.slice();
  if (typeof rate === 'number') return returns.map((r) => r - rate);
  if (rate.length !== returns.length) {
    throw new RangeError(`a rate array must have one value per return (${returns.length}); got ${rate.length}`);
  }
  return returns.map((r, i) => r - (rate[i] as number));
}
