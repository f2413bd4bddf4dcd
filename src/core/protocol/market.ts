import * as z from 'zod/mini';
import { assetIdSchema, finiteNumberSchema, nonNegativeNumberSchema, queryIntSchema, timestampSchema } from './primitives.js';

export const marketSentimentLabelSchema = z.enum(['bullish', 'neutral', 'bearish']);
export type MarketSentimentLabel = z.infer<typeof marketSentimentLabelSchema>;

const countSchema = z.int().check(z.nonnegative());

/** `GET /api/market/sentiment`: the reading and the numbers it was read from. */
export const marketSentimentSchema = z.object({
  sentiment: marketSentimentLabelSchema,
  /** Mean of breadth and the capped cap-weighted change, -1..1. */
  score: z.number().check(z.gte(-1), z.lte(1)),
  /** (advancers - decliners) / assets, -1..1. */
  breadth: z.number().check(z.gte(-1), z.lte(1)),
  /** Market-cap-weighted 24 h change in percent. */
  capWeightedChangePercent: finiteNumberSchema,
  advancers: countSchema,
  decliners: countSchema,
  unchanged: countSchema,
  assets: countSchema,
  ts: timestampSchema,
});
export type MarketSentimentResponse = z.infer<typeof marketSentimentSchema>;

/** One asset ranked by its 24 h change. */
export const moverSchema = z.object({
  assetId: assetIdSchema,
  price: nonNegativeNumberSchema,
  /** Percent, e.g. `-2.5` for -2.5 %. */
  changePercent24h: finiteNumberSchema,
});
export type MoverEntry = z.infer<typeof moverSchema>;

export const MAX_MOVERS = 50;

/** `?n=<count>`: how many gainers and losers to list (default 5). */
export const marketMoversQuerySchema = z.strictObject({
  n: z.optional(queryIntSchema(1, MAX_MOVERS)),
});

/** `GET /api/market/movers?n=`: biggest risers (largest first) and fallers (largest fall first). */
export const marketMoversSchema = z.object({
  gainers: z.array(moverSchema).check(z.maxLength(MAX_MOVERS)),
  losers: z.array(moverSchema).check(z.maxLength(MAX_MOVERS)),
  ts: timestampSchema,
});
export type MarketMoversResponse = z.infer<typeof marketMoversSchema>;
