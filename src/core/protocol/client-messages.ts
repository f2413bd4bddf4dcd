import * as z from 'zod/mini';
import { alertParamsSchema, portfolioParamsSchema, priceParamsSchema } from './channels.js';
import { positionSchema } from './primitives.js';

const sinceField = z.optional(positionSchema);

/** The channel-specific variants, so a subscribe's params are checked against its channel. */
const subscribeVariants = [
  z.strictObject({ type: z.literal('subscribe'), channel: z.literal('price_updates'), params: z.optional(priceParamsSchema), since: sinceField }),
  z.strictObject({ type: z.literal('subscribe'), channel: z.literal('portfolio_updates'), params: portfolioParamsSchema, since: sinceField }),
  z.strictObject({ type: z.literal('subscribe'), channel: z.literal('risk_metrics_updates'), params: portfolioParamsSchema, since: sinceField }),
  z.strictObject({ type: z.literal('subscribe'), channel: z.literal('alerts'), params: z.optional(alertParamsSchema), since: sinceField }),
] as const;

const unsubscribeVariants = [
  z.strictObject({ type: z.literal('unsubscribe'), channel: z.literal('price_updates'), params: z.optional(priceParamsSchema) }),
  z.strictObject({ type: z.literal('unsubscribe'), channel: z.literal('portfolio_updates'), params: portfolioParamsSchema }),
  z.strictObject({ type: z.literal('unsubscribe'), channel: z.literal('risk_metrics_updates'), params: portfolioParamsSchema }),
  z.strictObject({ type: z.literal('unsubscribe'), channel: z.literal('alerts'), params: z.optional(alertParamsSchema) }),
] as const;

export const subscribeMessageSchema = z.discriminatedUnion('channel', [...subscribeVariants]);
export const unsubscribeMessageSchema = z.discriminatedUnion('channel', [...unsubscribeVariants]);

export const pingMessageSchema = z.strictObject({
  type: z.literal('ping'),
  id: z.union([z.string().check(z.maxLength(64)), z.number()]),
});

/** Longest bearer token accepted in an `auth` frame. */
export const MAX_TOKEN_LENGTH = 8192;

/**
 * Signs the connection in (first time) or renews its token (later, same user). Sent after
 * `welcome`; the token never travels in the URL, so it stays out of logs and history.
 */
export const authMessageSchema = z.strictObject({
  type: z.literal('auth'),
  token: z.string().check(z.minLength(1), z.maxLength(MAX_TOKEN_LENGTH)),
});

export const clientMessageSchema = z.discriminatedUnion('type', [subscribeMessageSchema, unsubscribeMessageSchema, pingMessageSchema, authMessageSchema]);

export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>;
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessageSchema>;
export type PingMessage = z.infer<typeof pingMessageSchema>;
export type AuthMessage = z.infer<typeof authMessageSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
