export { RiskEngine, type EnginePortfolio, type PortfolioRiskAlert, type RiskEngineOptions } from './risk-engine.js';
export { DEFAULT_MOVERS, marketMoversBody, marketSentimentBody, parseMoversQuery } from './market-endpoints.js';
export { replayRiskHistory, type BackfillSeries } from './history-backfill.js';
