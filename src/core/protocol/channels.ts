import * as z from 'zod/mini';
import { assetIdSchema, idSchema } from './primitives.js';

export const CHANNELS = ['price_updates', 'portfolio_updates', 'risk_metrics_updates', 'alerts'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** Most assets one subscribe may name; keeps a single frame from fanning out without bound. */
export const MAX_ASSET_IDS_PER_SUBSCRIPTION = 200;

export const priceParamsSchema = z.strictObject({
  assetIds: z.optional(z.array(assetIdSchema).check(z.maxLength(MAX_ASSET_IDS_PER_SUBSCRIPTION))),
});
export const portfolioParamsSchema = z.strictObject({ portfolioId: idSchema });
export const alertParamsSchema = z.strictObject({});

export type PriceParams = z.infer<typeof priceParamsSchema>;
export type PortfolioParams = z.infer<typeof portfolioParamsSchema>;
export type AlertParams = z.infer<typeof alertParamsSchema>;

export interface ChannelParams {
  price_updates: PriceParams;
  portfolio_updates: PortfolioParams;
  risk_metrics_updates: PortfolioParams;
  alerts: AlertParams;
}

export const channelParamsSchemas = {
  price_updates: priceParamsSchema,
  portfolio_updates: portfolioParamsSchema,
  risk_metrics_updates: portfolioParamsSchema,
  alerts: alertParamsSchema,
} as const;

/** The one alerts stream's key. */
export const ALERTS_STREAM = 'alerts';

/**
 * Names one stream: `price_updates:BTC`, `portfolio_updates:p1`,
 * `risk_metrics_updates:p1` or `alerts`. Positions (`epoch`, `seq`) are per stream.
 */
export function streamKey(channel: Channel, subject?: string): string {
  if (channel === 'alerts') return ALERTS_STREAM;
  if (!subject) throw new Error(`streamKey: channel ${channel} needs a subject`);
  return `${channel}:${subject}`;
}

/** Channels whose server answers `since` by replaying the exact missed messages. */
export const REPLAYING_CHANNELS: ReadonlySet<Channel> = new Set([
  'alerts',
  'portfolio_updates',
  'risk_metrics_updates',
]);

/**
 * A stable identity for one subscription: channel plus canonical params, so that two widgets
 * asking for the same thing share one server subscription.
 */
export function subscriptionKey<C extends Channel>(channel: C, params: ChannelParams[C] | undefined): string {
  if (channel === 'price_updates') {
    const ids = (params as PriceParams | undefined)?.assetIds;
    return ids ? `${channel}?${[...new Set(ids)].sort().join(',')}` : `${channel}?*`;
  }
  if (channel === 'alerts') return channel;
  return `${channel}?${(params as PortfolioParams).portfolioId}`;
}
