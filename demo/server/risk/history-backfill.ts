import { RollingCovariance, RollingValueRisk, type RiskScoreConfig } from '../../../src/core/analytics/index.js';
import type { RiskHistoryPoint } from '../../../src/core/protocol/index.js';
import { readRisk, weightedCorrelation } from './risk-reading.js';

export interface BackfillSeries {
  /** Holdings with their closes, oldest first, all ending at `endTs`, one every `intervalMs`. */
  readonly positions: readonly { readonly quantity: number; readonly closes: readonly number[] }[];
  readonly intervalMs: number;
  readonly endTs: number;
  /** Returns in the trailing window each point is computed over. */
  readonly windowSize: number;
  /** Periods per year at this interval. */
  readonly annualization: number;
  /** Horizon in periods at this interval. */
  readonly horizon: number;
  readonly confidence: number;
  readonly score?: RiskScoreConfig;
  /** Which closes get a point (by timestamp); the rest only move the window. Default: all. */
  readonly keep?: (ts: number) => boolean;
}

/**
 * Replays past closes through the same rolling machinery as the live engine and returns a risk
 * point per close (from the third on, when a deviation first exists), so that a chart has a
 * history the moment a portfolio appears. Histories of different lengths are cut to the shortest.
 */
export function replayRiskHistory(input: BackfillSeries): RiskHistoryPoint[] {
  const { positions } = input;
  const length = positions.length === 0 ? 0 : Math.min(...positions.map((p) => p.closes.length));
  if (length < 3) return [];
  const series = positions.map((p) => p.closes.slice(p.closes.length - length));
  const risk = new RollingValueRisk(input.windowSize);
  const cov = new RollingCovariance(positions.length, input.windowSize);
  const row = new Float64Array(positions.length);
  const points: RiskHistoryPoint[] = [];
  const options = { annualization: input.annualization, confidence: input.confidence, horizon: input.horizon };
  for (let t = 0; t < length; t += 1) {
    const values = positions.map((p, i) => p.quantity * ((series[i] as number[])[t] as number));
    const value = values.reduce((a, b) => a + b, 0);
    risk.push(value);
    if (t > 0) {
      series.forEach((s, i) => (row[i] = (s[t] as number) / (s[t - 1] as number) - 1));
      cov.push(row);
    }
    const ts = input.endTs - (length - 1 - t) * input.intervalMs;
    if (t < 2 || !(value > 0) || (input.keep && !input.keep(ts))) continue;
    const weights = values.map((v) => v / value);
    const snapshot = risk.snapshot(options);
    const reading = readRisk(snapshot, weights, weightedCorrelation(weights, (i, j) => cov.correlation(i, j)), input.score);
    points.push({
      ts,
      score: reading.score,
      level: reading.level,
      volatility: Number.isFinite(snapshot.volatility) ? snapshot.volatility : 0,
      valueAtRisk: Number.isFinite(snapshot.historicalVaR) ? snapshot.historicalVaR * value : 0,
    });
  }
  return points;
}
