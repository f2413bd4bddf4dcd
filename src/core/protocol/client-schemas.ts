/**
 * The schemas a client checks what it receives with: the entry point `schemas-on-demand.ts` loads.
 * Named one by one, so that a bundle that inlines the load (the one-file IIFE) keeps only these.
 */
export { validate } from './frames.js';
export { serverMessageSchema } from './server-messages.js';
export {
  alertRulesResponseSchema,
  alertsResponseSchema,
  assetsResponseSchema,
  healthResponseSchema,
  livePricesResponseSchema,
  portfoliosResponseSchema,
  priceHistorySchema,
  restErrorBodySchema,
  watchlistResponseSchema,
} from './rest.js';
export { alertRuleSchema, marketTickerSchema, portfolioLiveSchema, portfolioSchema } from './models.js';
export { marketMoversSchema, marketSentimentSchema } from './market.js';
export { riskHistorySchema, riskMetricsSchema } from './risk.js';
