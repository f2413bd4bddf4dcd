import type { RiskBreakdownItem, RiskFactor, RiskLevel, RiskTrend } from '../protocol/index.js';

/** The raw measurements the risk score combines. */
export interface RiskInputs {
  /** Annualised volatility of portfolio returns (0.6 = 60 %). */
  readonly volatility: number;
  /** Value at risk as a fraction of portfolio value (0.05 = 5 %). */
  readonly valueAtRiskFraction: number;
  /** Maximum drawdown, a negative fraction (-0.2 = 20 % below the peak). */
  readonly maxDrawdown: number;
  /** Herfindahl index of the weights, 1/n..1. */
  readonly concentration: number;
  /** Weighted mean pairwise correlation of the holdings, -1..1. */
  readonly correlation: number;
}

/** Order of the factors in every breakdown (and of the sum that makes the score). */
export const RISK_FACTORS: readonly RiskFactor[] = ['volatility', 'valueAtRisk', 'drawdown', 'concentration', 'correlation'];

/** Points each factor can add; they sum to 100. */
export const DEFAULT_RISK_WEIGHTS: Readonly<Record<RiskFactor, number>> = Object.freeze({
  volatility: 30,
  valueAtRisk: 25,
  drawdown: 20,
  concentration: 15,
  correlation: 10,
});

/** The raw value at which a factor's own score reaches 100 (it grows linearly from 0 up to there). */
export const DEFAULT_RISK_SCALES: Readonly<Record<RiskFactor, number>> = Object.freeze({
  volatility: 1.5,
  valueAtRisk: 0.1,
  drawdown: 0.5,
  concentration: 1,
  correlation: 1,
});

export interface RiskScoreConfig {
  /** Relative importance of each factor; rescaled to points summing to 100. */
  weights?: Partial<Record<RiskFactor, number>>;
  /** Raw value at which each factor scores 100. */
  scales?: Partial<Record<RiskFactor, number>>;
}

function rawValue(inputs: RiskInputs, factor: RiskFactor): number {
  switch (factor) {
    case 'volatility':
      return inputs.volatility;
    case 'valueAtRisk':
      return inputs.valueAtRiskFraction;
    case 'drawdown':
      return inputs.maxDrawdown;
    case 'concentration':
      return inputs.concentration;
    case 'correlation':
      return inputs.correlation;
  }
}

/** A factor's own 0..1 severity: drawdown by its size, the rest by their value, 0 below zero. */
function severity(factor: RiskFactor, value: number, scale: number): number {
  const magnitude = factor === 'drawdown' ? Math.abs(value) : value;
  if (!Number.isFinite(magnitude) || !(scale > 0)) return 0;
  return Math.min(1, Math.max(0, magnitude / scale));
}

function points(config: RiskScoreConfig): Record<RiskFactor, number> {
  if (!config.weights) return { ...DEFAULT_RISK_WEIGHTS };
  const merged = RISK_FACTORS.map((f) => Math.max(0, config.weights?.[f] ?? DEFAULT_RISK_WEIGHTS[f]));
  const total = merged.reduce((a, b) => a + b, 0);
  const out = {} as Record<RiskFactor, number>;
  RISK_FACTORS.forEach((f, i) => (out[f] = total > 0 ? (100 * (merged[i] as number)) / total : 0));
  return out;
}

/**
 * Each factor with its raw value, its own 0..100 score, its weight (share of the 100 points) and
 * the points it contributes. A factor that cannot be measured (NaN) reports value 0 and adds 0.
 * The score is the left-to-right sum of the contributions, so they add up to it exactly.
 */
export function getRiskBreakdown(inputs: RiskInputs, config: RiskScoreConfig = {}): RiskBreakdownItem[] {
  const maxPoints = points(config);
  const items = RISK_FACTORS.map((factor) => {
    const value = rawValue(inputs, factor);
    const s = severity(factor, value, config.scales?.[factor] ?? DEFAULT_RISK_SCALES[factor]);
    return {
      factor,
      value: Number.isFinite(value) ? value : 0,
      score: s * 100,
      weight: maxPoints[factor] / 100,
      contribution: s * maxPoints[factor],
    };
  });
  // Default points are integers summing to 100, so the sum cannot pass 100; rescaled custom
  // weights can by an ulp, which we take back from the largest contribution.
  let total = sumContributions(items);
  while (total > 100) {
    const largest = items.reduce((a, b) => (b.contribution > a.contribution ? b : a));
    largest.contribution = Math.max(0, largest.contribution - (total - 100));
    total = sumContributions(items);
  }
  return items;
}

/** The score a breakdown adds up to: its contributions summed in order. */
export function sumContributions(items: readonly { contribution: number }[]): number {
  let total = 0;
  for (const item of items) total += item.contribution;
  return total;
}

/** The 0..100 risk score: the sum of {@link getRiskBreakdown}'s contributions. */
export function calculateRiskScore(inputs: RiskInputs, config: RiskScoreConfig = {}): number {
  return sumContributions(getRiskBreakdown(inputs, config));
}

/** Lower bounds of the medium, high and critical levels. */
export interface RiskLevelThresholds {
  medium: number;
  high: number;
  critical: number;
}

export const DEFAULT_RISK_LEVEL_THRESHOLDS: Readonly<RiskLevelThresholds> = Object.freeze({ medium: 25, high: 50, critical: 75 });

/** low below 25, medium from 25, high from 50, critical from 75 (bounds configurable). */
export function getRiskLevel(score: number, thresholds: Partial<RiskLevelThresholds> = {}): RiskLevel {
  const t = { ...DEFAULT_RISK_LEVEL_THRESHOLDS, ...thresholds };
  if (score >= t.critical) return 'critical';
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  return 'low';
}

export interface RiskTrendOptions {
  /** How many of the most recent scores to look at. Default 10. */
  window?: number;
  /** Points of change over the window that still count as stable. Default 5. */
  tolerance?: number;
}

/**
 * Fits a least-squares line through the last `window` finite scores (oldest first) and reads the
 * change it predicts across the window, `slope * (m - 1)`: above `+tolerance` the risk is
 * deteriorating, below `-tolerance` improving, otherwise stable. Stable with fewer than 2 scores.
 */
export function getRiskTrend(scores: readonly number[], options: RiskTrendOptions = {}): RiskTrend {
  const window = Math.max(2, options.window ?? 10);
  const tolerance = options.tolerance ?? 5;
  const recent = scores.filter((s) => Number.isFinite(s)).slice(-window);
  const m = recent.length;
  if (m < 2) return 'stable';
  const xMean = (m - 1) / 2;
  const yMean = recent.reduce((a, b) => a + b, 0) / m;
  let sxy = 0;
  let sxx = 0;
  recent.forEach((y, x) => {
    sxy += (x - xMean) * (y - yMean);
    sxx += (x - xMean) * (x - xMean);
  });
  const change = (sxy / sxx) * (m - 1);
  if (change > tolerance) return 'deteriorating';
  if (change < -tolerance) return 'improving';
  return 'stable';
}
