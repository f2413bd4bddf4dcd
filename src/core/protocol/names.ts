/**
 * The protocol's names, limits and small helpers, with no zod: what every widget's receive path
 * needs at runtime. The schemas (the definition of every frame and body) load on demand, see
 * `schemas-on-demand.ts`.
 */
import type { AlertParams, PortfolioParams, PriceParams } from './channels.js';

export const PROTOCOL_VERSION = 1;

/** Largest frame either side accepts by default, in bytes (UTF-16 length is used as a cheap bound). */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

/** The schemas' wording for the two identifier rules, shared with the hand-written checks. */
export const ASSET_ID_MESSAGE = 'must be an upper-case asset symbol such as "BTC"';
export const ID_MESSAGE = 'must be 1-64 letters, digits, "-" or "_"';

export const CHANNELS = ['price_updates', 'portfolio_updates', 'risk_metrics_updates', 'alerts'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Most assets one subscribe may name; keeps a single frame from fanning out without bound. */
export const MAX_ASSET_IDS_PER_SUBSCRIPTION = 200;

export interface ChannelParams {
  price_updates: PriceParams;
  portfolio_updates: PortfolioParams;
  risk_metrics_updates: PortfolioParams;
  alerts: AlertParams;
}

export const ERROR_CODES = [
  'bad_json',
  'bad_frame',
  'frame_too_large',
  'bad_params',
  'unknown_channel',
  'not_found',
  'rate_limited',
  'unauthorized',
  'token_expired',
  'forbidden',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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

export interface FieldIssue {
  path: string;
  message: string;
}

export type FrameResult<T> =
  | { ok: true; message: T }
  | { ok: false; code: Extract<ErrorCode, 'bad_json' | 'bad_frame' | 'frame_too_large'>; message: string; issues?: FieldIssue[] };

/** One line a person can read: `holdings.0.quantity: must be more than 0; name: ...`. */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/** The `type` of a refused frame as quoted in its error: only a string is quoted back, since String() of an object such as {"toString":1} throws. */
export function frameTypeLabel(json: unknown): string {
  const named = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  return typeof named === 'string' ? named.slice(0, 40) : '?';
}

/** The frame-size refusal, worded the same wherever a frame is read. */
export function frameTooLarge(bytes: number, maxBytes: number): FrameResult<never> {
  return { ok: false, code: 'frame_too_large', message: `frame of ${bytes} bytes exceeds the limit of ${maxBytes}` };
}

/** The JSON refusal, worded the same wherever a frame is read. */
export function notJson(err: unknown): FrameResult<never> {
  return { ok: false, code: 'bad_json', message: `frame is not JSON: ${(err as Error).message}` };
}
