import type { RiskMetrics } from '../protocol/index.js';
import { historicalLoss, parametricLoss } from './loss-estimates.js';
import {
  averageCorrelation,
  correlationMatrix,
  herfindahlIndex,
  historyOf,
  portfolioReturns,
  simpleReturns,
  type PositionLike,
  type PriceHistories,
} from './portfolio-math.js';
import { toPriceMap, type PriceSource } from './price-source.js';
import { annualVolatility, maxDrawdown, sharpeRatio } from './return-metrics.js';
import {
  getRiskBreakdown,
  getRiskLevel,
  getRiskTrend,
  sumContributions,
  type RiskInputs,
  type RiskLevelThresholds,
  type RiskScoreConfig,
  type RiskTrendOptions,
} from './risk-score.js';

/** `RiskMetrics` without the transport fields (`portfolioId`, `ts`). */
export type RiskSummary = Omit<RiskMetrics, 'portfolioId' | 'ts'>;

export interface RiskSummaryInput {
  readonly holdings: readonly PositionLike[];
  /** Current prices: they set the value and the weights. */
  readonly prices: PriceSource;
  /** Past closes per asset, oldest first, one per period. */
  readonly histories: PriceHistories;
  /** Periods per year of the histories. Default 365 (daily closes, markets that never close). */
  readonly annualization?: number;
  /** Periods per day, for the horizon. Default `annualization / 365`. */
  readonly periodsPerDay?: number;
  /** Default 0.95. */
  readonly confidence?: number;
  /** Default 1. */
  readonly horizonDays?: number;
  /** Per-period risk-free return for the Sharpe ratio. Default 0. */
  readonly riskFree?: number;
  /** Earlier scores, oldest first, for the trend (this score is appended). */
  readonly previousScores?: readonly number[];
  readonly trend?: RiskTrendOptions;
  readonly score?: RiskScoreConfig;
  readonly levels?: Partial<RiskLevelThresholds>;
}

const finiteOr = (x: number, fallback: number): number => (Number.isFinite(x) ? x : fallback);

/** Current value and normalised weights of the holdings that have a price. */
export function valueAndWeights(
  holdings: readonly PositionLike[],
  prices: PriceSource,
): { value: number; weights: number[] } {
  const map = toPriceMap(prices);
  const values = holdings.map((h) => h.quantity * (map.get(h.assetId)?.price ?? 0));
  const value = values.reduce((a, b) => a + b, 0);
  return { value, weights: values.map((v) => (value > 0 ? v / value : 0)) };
}

/**
 * Everything the risk gauge shows, from holdings, current prices and past closes: volatility,
 * value at risk and expected shortfall (historical and parametric, in currency), drawdown,
 * Sharpe ratio, concentration, and the score with its breakdown, level and trend. The VaR factor
 * of the score uses the larger of the two value-at-risk estimates.
 */
export function getRiskSummary(input: RiskSummaryInput): RiskSummary {
  const annualization = input.annualization ?? 365;
  const periodsPerDay = input.periodsPerDay ?? annualization / 365;
  const confidence = input.confidence ?? 0.95;
  const horizonDays = input.horizonDays ?? 1;
  const { value, weights } = valueAndWeights(input.holdings, input.prices);
  const returns = portfolioReturns(input.holdings, input.histories);
  const assetReturns = input.holdings.map((h) => simpleReturns(historyOf(input.histories, h.assetId) ?? []));
  const shortest = Math.min(...assetReturns.map((r) => r.length));
  const aligned = assetReturns.map((r) => r.slice(r.length - shortest));

  const lossOptions = { confidence, horizon: horizonDays * periodsPerDay };
  const historical = historicalLoss(returns, value, lossOptions);
  const parametric = parametricLoss(returns, value, lossOptions);
  const volatility = annualVolatility(returns, { annualization });
  const drawdown = maxDrawdown(returns);
  const sharpe = sharpeRatio(returns, { annualization, riskFree: input.riskFree ?? 0 });
  const concentration = herfindahlIndex(weights);
  const varFraction = Math.max(finiteOr(historical.valueAtRisk, 0), finiteOr(parametric.valueAtRisk, 0)) / value;

  const inputs: RiskInputs = {
    volatility,
    valueAtRiskFraction: value > 0 ? varFraction : Number.NaN,
    maxDrawdown: drawdown,
    concentration,
    correlation: input.holdings.length > 0 ? averageCorrelation(weights, correlationMatrix(aligned)) : Number.NaN,
  };
  const breakdown = getRiskBreakdown(inputs, input.score);
  const score = sumContributions(breakdown);
  return {
    score,
    level: getRiskLevel(score, input.levels),
    trend: getRiskTrend([...(input.previousScores ?? []), score], input.trend),
    breakdown,
    valueAtRisk: {
      confidence,
      horizonDays,
      historical: finiteOr(historical.valueAtRisk, 0),
      parametric: finiteOr(parametric.valueAtRisk, 0),
    },
    expectedShortfall: {
      confidence,
      horizonDays,
      historical: finiteOr(historical.expectedShortfall, 0),
      parametric: finiteOr(parametric.expectedShortfall, 0),
    },
    volatility: finiteOr(volatility, 0),
    maxDrawdown: finiteOr(drawdown, 0),
    sharpeRatio: Number.isFinite(sharpe) ? sharpe : null,
    concentration: finiteOr(concentration, 0),
  };
}
