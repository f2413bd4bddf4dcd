import * as z from 'zod/mini';
import {
  assetIdSchema,
  finiteNumberSchema,
  idSchema,
  nonNegativeNumberSchema,
  timestampSchema,
} from './primitives.js';
import { safeTextSchema } from './text.js';

export const assetSchema = z.object({
  id: assetIdSchema,
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  /** 'stablecoin' assets are pegged; the rest float. */
  category: z.enum(['currency', 'platform', 'defi', 'meme', 'stablecoin', 'exchange', 'infrastructure']),
  circulatingSupply: nonNegativeNumberSchema,
});
export type Asset = z.infer<typeof assetSchema>;

/** One asset's price with its rolling 24 h statistics. */
export const priceSchema = z.object({
  assetId: assetIdSchema,
  price: nonNegativeNumberSchema,
  open24h: nonNegativeNumberSchema,
  high24h: nonNegativeNumberSchema,
  low24h: nonNegativeNumberSchema,
  /** Quote volume over the last 24 h, in USD. */
  volume24h: nonNegativeNumberSchema,
  change24h: finiteNumberSchema,
  /** Percent, e.g. `-2.5` for -2.5 %. */
  changePercent24h: finiteNumberSchema,
  marketCap: nonNegativeNumberSchema,
  ts: timestampSchema,
});
export type Price = z.infer<typeof priceSchema>;

export const marketTickerSchema = z.object({
  prices: z.array(priceSchema),
  totalMarketCap: nonNegativeNumberSchema,
  totalVolume24h: nonNegativeNumberSchema,
  /** Cap-weighted 24 h change in percent. */
  marketChangePercent24h: finiteNumberSchema,
  btcDominance: nonNegativeNumberSchema,
  ts: timestampSchema,
});
export type MarketTicker = z.infer<typeof marketTickerSchema>;

/**
 * Ceiling of quantities, costs and prices a user enters. Far above any real holding, and low
 * enough that every value derived from them (value, P&L, percentages, risk) stays finite.
 */
export const MAX_AMOUNT = 1e12;

export const holdingSchema = z.strictObject({
  assetId: assetIdSchema,
  quantity: z.number().check(z.positive('must be more than 0'), z.lte(MAX_AMOUNT, 'must be at most 1e12')),
  /** Total cost paid for the quantity, in USD. */
  costBasis: nonNegativeNumberSchema.check(z.lte(MAX_AMOUNT, 'must be at most 1e12')),
});
export type Holding = z.infer<typeof holdingSchema>;

export const portfolioNameSchema = safeTextSchema(80);

export const MAX_HOLDINGS = 100;

export const portfolioSchema = z.object({
  id: idSchema,
  name: z.string(),
  holdings: z.array(holdingSchema),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Portfolio = z.infer<typeof portfolioSchema>;

export const allocationSchema = z.object({
  assetId: assetIdSchema,
  quantity: nonNegativeNumberSchema,
  price: nonNegativeNumberSchema,
  value: nonNegativeNumberSchema,
  /** Share of the portfolio's value, 0..1. */
  weight: nonNegativeNumberSchema,
  pnl: finiteNumberSchema,
  change24hPercent: finiteNumberSchema,
});
export type Allocation = z.infer<typeof allocationSchema>;

/** A portfolio valued at live prices. */
export const portfolioLiveSchema = z.object({
  portfolioId: idSchema,
  name: z.string(),
  totalValue: nonNegativeNumberSchema,
  totalCost: nonNegativeNumberSchema,
  pnl: finiteNumberSchema,
  pnlPercent: finiteNumberSchema,
  change24h: finiteNumberSchema,
  change24hPercent: finiteNumberSchema,
  allocation: z.array(allocationSchema),
  ts: timestampSchema,
});
export type PortfolioLive = z.infer<typeof portfolioLiveSchema>;

export const alertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

export const alertKindSchema = z.enum([
  'price_move',
  'price_threshold',
  'portfolio_drawdown',
  'risk_level',
  'risk_threshold',
]);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const alertSchema = z.object({
  id: idSchema,
  kind: alertKindSchema,
  severity: alertSeveritySchema,
  title: z.string(),
  message: z.string(),
  assetId: z.optional(assetIdSchema),
  portfolioId: z.optional(idSchema),
  ruleId: z.optional(idSchema),
  createdAt: timestampSchema,
  acknowledged: z.boolean(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertRuleSchema = z.object({
  id: idSchema,
  assetId: assetIdSchema,
  condition: z.enum(['above', 'below']),
  price: z.number().check(z.positive('must be more than 0')),
  /** A rule fires once when crossed, then re-arms when the price crosses back. */
  enabled: z.boolean(),
  createdAt: timestampSchema,
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const watchlistItemSchema = z.object({
  assetId: assetIdSchema,
  addedAt: timestampSchema,
});
export type WatchlistItem = z.infer<typeof watchlistItemSchema>;
