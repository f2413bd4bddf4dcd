import * as z from 'zod/mini';
import { CHANNELS, MAX_ASSET_IDS_PER_SUBSCRIPTION } from './names.js';
import { assetIdSchema, idSchema } from './primitives.js';

export const channelSchema = z.enum(CHANNELS);

export const priceParamsSchema = z.strictObject({
  assetIds: z.optional(z.array(assetIdSchema).check(z.maxLength(MAX_ASSET_IDS_PER_SUBSCRIPTION))),
});
export const portfolioParamsSchema = z.strictObject({ portfolioId: idSchema });
export const alertParamsSchema = z.strictObject({});

export type PriceParams = z.infer<typeof priceParamsSchema>;
export type PortfolioParams = z.infer<typeof portfolioParamsSchema>;
export type AlertParams = z.infer<typeof alertParamsSchema>;

export const channelParamsSchemas = {
  price_updates: priceParamsSchema,
  portfolio_updates: portfolioParamsSchema,
  risk_metrics_updates: portfolioParamsSchema,
  alerts: alertParamsSchema,
} as const;
