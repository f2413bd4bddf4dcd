import * as z from 'zod/mini';
import { finiteNumberSchema, idSchema, nonNegativeNumberSchema, timestampSchema } from './primitives.js';

export const riskLevelSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export const riskTrendSchema = z.enum(['improving', 'stable', 'deteriorating']);
export type RiskTrend = z.infer<typeof riskTrendSchema>;

export const riskFactorSchema = z.enum(['volatility', 'valueAtRisk', 'drawdown', 'concentration', 'correlation']);
export type RiskFactor = z.infer<typeof riskFactorSchema>;

/** One factor of the risk score: its raw value, its 0-100 sub-score and its share of the total. */
export const riskBreakdownItemSchema = z.object({
  factor: riskFactorSchema,
  /** The raw metric (annualised volatility, VaR as a fraction of value, HHI, mean correlation...). */
  value: finiteNumberSchema,
  /** The factor's own 0-100 score. */
  score: nonNegativeNumberSchema,
  weight: nonNegativeNumberSchema,
  /** Points this factor adds to the total score; the contributions sum to the score. */
  contribution: nonNegativeNumberSchema,
});
export type RiskBreakdownItem = z.infer<typeof riskBreakdownItemSchema>;

/** A loss figure in currency at a given confidence and horizon. */
export const lossEstimateSchema = z.object({
  confidence: z.number().check(z.gt(0), z.lt(1)),
  horizonDays: z.number().check(z.positive()),
  historical: finiteNumberSchema,
  parametric: finiteNumberSchema,
});
export type LossEstimate = z.infer<typeof lossEstimateSchema>;

export const riskMetricsSchema = z.object({
  portfolioId: idSchema,
  score: z.number().check(z.gte(0), z.lte(100)),
  level: riskLevelSchema,
  trend: riskTrendSchema,
  breakdown: z.array(riskBreakdownItemSchema),
  valueAtRisk: lossEstimateSchema,
  expectedShortfall: lossEstimateSchema,
  /** Annualised volatility of the portfolio's returns (fraction, 0.55 = 55 %). */
  volatility: finiteNumberSchema,
  /** Largest peak-to-trough fall over the window, as a negative fraction. */
  maxDrawdown: finiteNumberSchema,
  sharpeRatio: z.nullable(finiteNumberSchema),
  /** Herfindahl index of the weights, 1/n..1. */
  concentration: nonNegativeNumberSchema,
  ts: timestampSchema,
});
export type RiskMetrics = z.infer<typeof riskMetricsSchema>;

export const riskHistoryPointSchema = z.object({
  ts: timestampSchema,
  score: z.number().check(z.gte(0), z.lte(100)),
  level: riskLevelSchema,
  volatility: finiteNumberSchema,
  valueAtRisk: finiteNumberSchema,
});
export type RiskHistoryPoint = z.infer<typeof riskHistoryPointSchema>;

export const riskTimeframeSchema = z.enum(['1h', '24h', '7d', '30d']);
export type RiskTimeframe = z.infer<typeof riskTimeframeSchema>;

export const riskHistorySchema = z.object({
  portfolioId: idSchema,
  timeframe: riskTimeframeSchema,
  points: z.array(riskHistoryPointSchema),
});
export type RiskHistory = z.infer<typeof riskHistorySchema>;
