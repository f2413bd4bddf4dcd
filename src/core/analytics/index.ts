/**
 * Risk, market and portfolio mathematics: pure functions over plain numbers and protocol-shaped
 * objects, with no DOM and no runtime dependency, for the browser and for Node.
 * Published as `crypto-risk-widgets/analytics`. Conventions: docs/ANALYTICS.md.
 */
export { ANNUALIZATION_FACTORS, annualizationFactor, type MetricOptions, type Period, type Rate } from './options.js';
export { nanMean, nanStd, percentile, quantileSorted } from './nan-stats.js';
export {
  annualReturn,
  annualVolatility,
  calmarRatio,
  cumulativeReturn,
  downsideRisk,
  maxDrawdown,
  omegaRatio,
  sharpeRatio,
  sortinoRatio,
} from './return-metrics.js';
export { conditionalValueAtRisk, stabilityOfTimeseries, tailRatio, valueAtRisk } from './tail-metrics.js';
export {
  alignSeries,
  alpha,
  beta,
  captureRatio,
  downCapture,
  excessSharpe,
  upCapture,
  upDownCapture,
} from './factor-metrics.js';
export { normalPdf, normalQuantile } from './normal.js';
export {
  averageCorrelation,
  componentRisk,
  correlationFromCovariance,
  correlationMatrix,
  covarianceMatrix,
  herfindahlIndex,
  normalizeWeights,
  portfolioReturns,
  portfolioValues,
  simpleReturns,
  type ComponentRisk,
  type PositionLike,
  type PriceHistories,
} from './portfolio-math.js';
export {
  historicalLoss,
  parametricLoss,
  parametricLossFromMoments,
  type LossOptions,
  type LossPair,
} from './loss-estimates.js';
export {
  calculateRiskScore,
  DEFAULT_RISK_LEVEL_THRESHOLDS,
  DEFAULT_RISK_SCALES,
  DEFAULT_RISK_WEIGHTS,
  getRiskBreakdown,
  getRiskLevel,
  getRiskTrend,
  RISK_FACTORS,
  sumContributions,
  type RiskInputs,
  type RiskLevelThresholds,
  type RiskScoreConfig,
  type RiskTrendOptions,
} from './risk-score.js';
export {
  DEFAULT_RISK_ALERT_LIMITS,
  getRiskAlerts,
  type RiskAlert,
  type RiskAlertLimits,
  type RiskAlertMetric,
  type RiskAlertState,
} from './risk-alerts.js';
export { getRiskSummary, valueAndWeights, type RiskSummary, type RiskSummaryInput } from './risk-summary.js';
export { RollingMoments, RollingCovariance } from './rolling-moments.js';
export { RollingDrawdown } from './rolling-drawdown.js';
export { RollingQuantiles } from './rolling-quantiles.js';
export { RollingValueRisk, type RollingRiskOptions, type RollingRiskSnapshot } from './rolling-risk.js';
export { price24hAgo, toPriceMap, type PriceLike, type PriceSource } from './price-source.js';
export {
  changePercentOf,
  getMarketSentiment,
  getPriceChangeStats,
  getTopGainers,
  getTopLosers,
  type MarketSentiment,
  type MarketSentimentOptions,
  type Mover,
  type PriceChangeStats,
} from './market-stats.js';
export {
  getHighestRisk,
  getPortfolioStats,
  getTopPerformers,
  mergeHoldings,
  type HoldingPerformance,
  type HoldingRisk,
  type HoldingsInput,
  type PortfolioStats,
  type TopPerformersOptions,
} from './portfolio-stats.js';
