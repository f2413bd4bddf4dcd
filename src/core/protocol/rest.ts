import * as z from 'zod/mini';
import {
  alertRuleSchema,
  alertSchema,
  assetSchema,
  holdingSchema,
  MAX_AMOUNT,
  MAX_HOLDINGS,
  portfolioNameSchema,
  portfolioSchema,
  priceSchema,
  watchlistItemSchema,
} from './models.js';
import { assetIdSchema, positionSchema, queryIntSchema } from './primitives.js';

export const REST_ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'token_expired',
  'forbidden',
  'limit_reached',
  'rate_limited',
  'uri_too_long',
  'headers_too_large',
  'internal',
] as const;

/** `POST /api/demo/token` (demo servers only): a short-lived token for the demo user. */
export const demoTokenResponseSchema = z.object({
  token: z.string(),
  userId: z.string(),
  expiresAt: z.number(),
});
export type DemoTokenResponse = z.infer<typeof demoTokenResponseSchema>;

/** Every non-2xx answer from the feed server has this body. */
export const restErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});
export type RestErrorBody = z.infer<typeof restErrorBodySchema>;

const holdingsSchema = z.array(holdingSchema).check(z.maxLength(MAX_HOLDINGS, `at most ${MAX_HOLDINGS} holdings`));

export const portfolioCreateSchema = z.strictObject({
  name: portfolioNameSchema,
  holdings: holdingsSchema,
});
export type PortfolioCreate = z.infer<typeof portfolioCreateSchema>;

export const portfolioPatchSchema = z
  .strictObject({
    name: z.optional(portfolioNameSchema),
    holdings: z.optional(holdingsSchema),
  })
  .check(
    z.refine((p) => p.name !== undefined || p.holdings !== undefined, {
      message: 'give at least one of "name" or "holdings"',
    }),
  );
export type PortfolioPatch = z.infer<typeof portfolioPatchSchema>;

export const alertRuleCreateSchema = z.strictObject({
  assetId: assetIdSchema,
  condition: z.enum(['above', 'below']),
  price: z.number().check(z.positive('must be more than 0'), z.lte(MAX_AMOUNT, 'must be at most 1e12')),
});
export type AlertRuleCreate = z.infer<typeof alertRuleCreateSchema>;

/** `?ids=BTC,ETH`; absent means every asset. */
export const livePricesQuerySchema = z.strictObject({
  ids: z.optional(
    z.pipe(
      z.string(),
      z.transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
    ).check(z.maxLength(200)),
  ),
});

/** `?since=<seq>&epoch=<epoch>&limit=<n>`: alerts after a position in the alerts stream. */
export const alertsQuerySchema = z.strictObject({
  since: z.optional(queryIntSchema(0, Number.MAX_SAFE_INTEGER)),
  epoch: z.optional(z.string().check(z.maxLength(64))),
  limit: z.optional(queryIntSchema(1, 1000)),
});

export const assetsResponseSchema = z.object({ assets: z.array(assetSchema) });
export const livePricesResponseSchema = z.object({ prices: z.array(priceSchema), ts: z.number() });
export type LivePricesResponse = z.infer<typeof livePricesResponseSchema>;
export const portfoliosResponseSchema = z.object({ portfolios: z.array(portfolioSchema) });

export const alertWithSeqSchema = z.extend(alertSchema, { seq: z.int().check(z.nonnegative()) });
export type AlertWithSeq = z.infer<typeof alertWithSeqSchema>;

export const alertsResponseSchema = z.object({
  alerts: z.array(alertWithSeqSchema),
  /** The alerts stream's position when the list was read: resume the socket from here. */
  position: positionSchema,
  /** True when more alerts follow than `limit` allowed. */
  hasMore: z.boolean(),
});
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

export const alertRulesResponseSchema = z.object({ rules: z.array(alertRuleSchema) });
export const watchlistResponseSchema = z.object({ items: z.array(watchlistItemSchema) });

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  uptimeMs: z.number(),
  clients: z.int(),
  version: z.string(),
});

export const priceHistoryResolutionSchema = z.enum(['1m', '1h']);
export type PriceHistoryResolution = z.infer<typeof priceHistoryResolutionSchema>;

/** `GET /api/prices/:assetId/history?resolution=1m|1h`: closes, oldest first. */
export const priceHistoryQuerySchema = z.strictObject({
  resolution: z.optional(priceHistoryResolutionSchema),
});

export const priceHistorySchema = z.object({
  assetId: assetIdSchema,
  resolution: priceHistoryResolutionSchema,
  points: z.array(z.object({ ts: z.number(), price: z.number().check(z.nonnegative()) })),
});
export type PriceHistory = z.infer<typeof priceHistorySchema>;
