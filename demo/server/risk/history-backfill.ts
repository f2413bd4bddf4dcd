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
  /**
   * Correlations of positions i and j at step t of the cut series, when a {@link CorrelationTimeline}
   * over the same closes already knows them; without it the replay runs its own covariance.
   */
  readonly correlationAt?: (t: number) => (i: number, j: number) => number;
}

/** The step index (0 = oldest of `length` closes) of each close's timestamp. */
const stepTs = (endTs: number, intervalMs: number, length: number, t: number): number => endTs - (length - 1 - t) * intervalMs;

/**
 * Rolling pairwise correlations of the returns of many assets' closes (all of one length, the
 * newest at `endTs`), read at the steps a history replay keeps. The correlation of two assets does
 * not depend on the portfolio that holds them, so one timeline serves every portfolio replayed over
 * the same closes: a new portfolio then costs O(steps × holdings) plus O(holdings²) per kept point,
 * instead of a covariance update of O(holdings²) at every step. Each pair's figures are exactly
 * those a covariance over just the portfolio's assets gives (the recurrences work pair by pair).
 */
export class CorrelationTimeline {
  readonly #index = new Map<string, number>();
  /** Upper triangle of the correlation matrix at each kept step. */
  readonly #steps = new Map<number, Float64Array>();

  constructor(
    closes: ReadonlyMap<string, readonly number[]>,
    readonly length: number,
    input: Pick<BackfillSeries, 'intervalMs' | 'endTs' | 'windowSize' | 'keep'>,
  ) {
    const series: (readonly number[])[] = [];
    for (const [id, c] of closes) {
      if (c.length < length) continue;
      this.#index.set(id, series.length);
      series.push(c.length === length ? c : c.slice(c.length - length));
    }
    const d = series.length;
    if (d === 0 || length < 3) return;
    const cov = new RollingCovariance(d, input.windowSize);
    const row = new Float64Array(d);
    for (let t = 1; t < length; t += 1) {
      for (let i = 0; i < d; i += 1) row[i] = ((series[i] as number[])[t] as number) / ((series[i] as number[])[t - 1] as number) - 1;
      cov.push(row);
      if (t < 2 || (input.keep && !input.keep(stepTs(input.endTs, input.intervalMs, length, t)))) continue;
      const upper = new Float64Array((d * (d - 1)) / 2);
      for (let i = 0, k = 0; i < d; i += 1) for (let j = i + 1; j < d; j += 1, k += 1) upper[k] = cov.correlation(i, j);
      this.#steps.set(t, upper);
    }
  }

  /**
   * Correlations at a kept step between the assets `ids` (a portfolio's positions, by index), for
   * {@link BackfillSeries.correlationAt}; undefined when some asset has no closes here.
   */
  reader(ids: readonly string[]): ((t: number) => (i: number, j: number) => number) | undefined {
    const index = ids.map((id) => this.#index.get(id));
    if (index.some((i) => i === undefined)) return undefined;
    const at = index as number[];
    const d = this.#index.size;
    const none = (): number => Number.NaN;
    return (t) => {
      const upper = this.#steps.get(t);
      if (!upper) return none;
      return (i, j) => {
        const a = at[i] as number;
        const b = at[j] as number;
        if (a === b) return 1;
        const lo = a < b ? a : b;
        const hi = a < b ? b : a;
        return upper[lo * d - (lo * (lo + 1)) / 2 + (hi - lo - 1)] as number;
      };
    };
  }
}

/**
 * Replays past closes through the same rolling machinery as the live engine and returns a risk
 * point per close (from the third on, when a deviation first exists), so that a chart has a
 * history the moment a portfolio appears. Histories of different lengths are cut to the shortest.
 */
export function replayRiskHistory(input: BackfillSeries): RiskHistoryPoint[] {
  const { positions } = input;
  const n = positions.length;
  const length = n === 0 ? 0 : Math.min(...positions.map((p) => p.closes.length));
  if (length < 3) return [];
  const series = positions.map((p) => p.closes.slice(p.closes.length - length));
  // The portfolio's value at every step, summed position by position (in holding order).
  const totals = new Float64Array(length);
  series.forEach((s, i) => {
    const q = (positions[i] as { quantity: number }).quantity;
    for (let t = 0; t < length; t += 1) totals[t] = (totals[t] as number) + q * (s[t] as number);
  });
  const risk = new RollingValueRisk(input.windowSize);
  const shared = input.correlationAt;
  const cov = shared ? undefined : new RollingCovariance(n, input.windowSize);
  const row = new Float64Array(n);
  const weights: number[] = new Array<number>(n).fill(0);
  const points: RiskHistoryPoint[] = [];
  const options = { annualization: input.annualization, confidence: input.confidence, horizon: input.horizon };
  const ownCorrelation = (i: number, j: number): number => (cov as RollingCovariance).correlation(i, j);
  for (let t = 0; t < length; t += 1) {
    const value = totals[t] as number;
    risk.push(value);
    if (t > 0 && cov) {
      for (let i = 0; i < n; i += 1) row[i] = ((series[i] as number[])[t] as number) / ((series[i] as number[])[t - 1] as number) - 1;
      cov.push(row);
    }
    const ts = stepTs(input.endTs, input.intervalMs, length, t);
    if (t < 2 || !(value > 0) || (input.keep && !input.keep(ts))) continue;
    for (let i = 0; i < n; i += 1) weights[i] = ((positions[i] as { quantity: number }).quantity * ((series[i] as number[])[t] as number)) / value;
    const snapshot = risk.snapshot(options);
    const reading = readRisk(snapshot, weights, weightedCorrelation(weights, shared ? shared(t) : ownCorrelation), input.score);
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
