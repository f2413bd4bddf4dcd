import type { Position } from '../protocol/index.js';
import { streamKey, type Channel, type ChannelParams } from '../protocol/names.js';
import type { SubscriptionEntry, SubscriptionState } from './subscription-registry.js';

/** A read-only view of one subscription, for inspectors and diagnostics. */
export interface SubscriptionInfo {
  key: string;
  channel: Channel;
  params: unknown;
  /** Holders; 0 while in the release grace period. */
  refs: number;
  state: SubscriptionState;
  /** The last delivered position of each of its streams that has one (a price subscription to every asset lists none). */
  positions: Record<string, Position>;
}

/** The streams a subscription names explicitly. */
function streamsOf(entry: Pick<SubscriptionEntry, 'channel' | 'params'>): string[] {
  if (entry.channel === 'alerts') return [streamKey('alerts')];
  if (entry.channel === 'price_updates') return ((entry.params as ChannelParams['price_updates'] | undefined)?.assetIds ?? []).map((id) => streamKey('price_updates', id));
  return [streamKey(entry.channel, (entry.params as ChannelParams['portfolio_updates']).portfolioId)];
}

export function describeSubscriptions(entries: readonly SubscriptionEntry[], position: (stream: string) => Position | undefined): SubscriptionInfo[] {
  return entries.map((entry) => {
    const positions: Record<string, Position> = {};
    for (const stream of streamsOf(entry)) {
      const at = position(stream);
      if (at) positions[stream] = { ...at };
    }
    return { key: entry.key, channel: entry.channel, params: entry.params, refs: entry.refs, state: entry.state, positions };
  });
}
