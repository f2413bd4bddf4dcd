import * as z from 'zod/mini';
import { channelSchema } from './channels.js';
import { ERROR_CODES } from './names.js';
import { alertSchema, portfolioLiveSchema, priceSchema } from './models.js';
import { positionSchema, timestampSchema } from './primitives.js';
import { riskMetricsSchema } from './risk.js';

export const welcomeMessageSchema = z.object({
  type: z.literal('welcome'),
  sessionId: z.string(),
  heartbeatMs: z.int().check(z.positive()),
  serverTime: timestampSchema,
  protocolVersion: z.int(),
  /** Largest client frame the server accepts, in bytes. */
  maxFrameBytes: z.int().check(z.positive()),
});

const paramsField = z.optional(z.record(z.string(), z.unknown()));

export const subscribedMessageSchema = z.object({
  type: z.literal('subscribed'),
  channel: channelSchema,
  params: paramsField,
  /** Present when the subscribe carried `since`: whether every missed message follows. */
  recovered: z.optional(z.boolean()),
  /** The server's current position in each stream of the subscription. */
  positions: z.record(z.string(), positionSchema),
});

export const unsubscribedMessageSchema = z.object({
  type: z.literal('unsubscribed'),
  channel: channelSchema,
  params: paramsField,
});

export const pongMessageSchema = z.object({
  type: z.literal('pong'),
  id: z.union([z.string(), z.number()]),
  serverTime: timestampSchema,
});

/** Sent when nothing else has gone to the client for a heartbeat interval, so silence means trouble. */
export const heartbeatMessageSchema = z.object({
  type: z.literal('heartbeat'),
  serverTime: timestampSchema,
});

/** The answer to an `auth` frame whose token checked out. */
export const authenticatedMessageSchema = z.object({
  type: z.literal('authenticated'),
  userId: z.string(),
  /** When the token expires (ms since the epoch); null when it never does. Send a fresh one before. */
  expiresAt: z.nullable(timestampSchema),
});

/**
 * The connection's token has expired. Send a fresh `auth` within `graceMs`, or the user's
 * subscriptions end (each with an `unauthorized` error). Market data keeps flowing.
 */
export const authExpiredMessageSchema = z.object({
  type: z.literal('auth_expired'),
  graceMs: z.int().check(z.nonnegative()),
});

export const errorCodeSchema = z.enum(ERROR_CODES);

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  code: errorCodeSchema,
  message: z.string(),
  /** Field-level problems, as `path: message`. */
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  channel: z.optional(channelSchema),
});

function dataMessage<T extends string, C extends string, D extends z.ZodMiniType>(type: T, channel: C, data: D) {
  return z.object({
    type: z.literal(type),
    channel: z.literal(channel),
    /** The stream this message belongs to (see `streamKey`). */
    stream: z.string(),
    epoch: z.string(),
    seq: z.int().check(z.nonnegative()),
    ts: timestampSchema,
    data,
  });
}

export const priceUpdateMessageSchema = dataMessage('price_update', 'price_updates', priceSchema);
export const portfolioUpdateMessageSchema = dataMessage('portfolio_update', 'portfolio_updates', portfolioLiveSchema);
export const riskMetricsUpdateMessageSchema = dataMessage('risk_metrics_update', 'risk_metrics_updates', riskMetricsSchema);
export const alertMessageSchema = dataMessage('alert', 'alerts', alertSchema);

export const dataMessageSchema = z.discriminatedUnion('type', [
  priceUpdateMessageSchema,
  portfolioUpdateMessageSchema,
  riskMetricsUpdateMessageSchema,
  alertMessageSchema,
]);

export const serverMessageSchema = z.discriminatedUnion('type', [
  welcomeMessageSchema,
  subscribedMessageSchema,
  unsubscribedMessageSchema,
  pongMessageSchema,
  heartbeatMessageSchema,
  errorMessageSchema,
  authenticatedMessageSchema,
  authExpiredMessageSchema,
  priceUpdateMessageSchema,
  portfolioUpdateMessageSchema,
  riskMetricsUpdateMessageSchema,
  alertMessageSchema,
]);

export type WelcomeMessage = z.infer<typeof welcomeMessageSchema>;
export type SubscribedMessage = z.infer<typeof subscribedMessageSchema>;
export type UnsubscribedMessage = z.infer<typeof unsubscribedMessageSchema>;
export type PongMessage = z.infer<typeof pongMessageSchema>;
export type HeartbeatMessage = z.infer<typeof heartbeatMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type AuthenticatedMessage = z.infer<typeof authenticatedMessageSchema>;
export type AuthExpiredMessage = z.infer<typeof authExpiredMessageSchema>;
export type PriceUpdateMessage = z.infer<typeof priceUpdateMessageSchema>;
export type PortfolioUpdateMessage = z.infer<typeof portfolioUpdateMessageSchema>;
export type RiskMetricsUpdateMessage = z.infer<typeof riskMetricsUpdateMessageSchema>;
export type AlertMessage = z.infer<typeof alertMessageSchema>;
export type DataMessage = z.infer<typeof dataMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type DataMessageType = DataMessage['type'];
