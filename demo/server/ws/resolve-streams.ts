import { streamKey, type ErrorMessage, type SubscribeMessage } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import type { Stream } from '../streams/stream-registry.js';

export type Resolved = { ok: true; streams: Stream[] } | { ok: false; error: Omit<ErrorMessage, 'type' | 'channel'> };

/**
 * The streams a subscribe covers for `user` (undefined when signed out), or why it cannot be served.
 * Portfolio channels need the owner; alerts are the user's stream, or the public one signed out. Prepares them too: a portfolio's
 * stream gets a fresh value first when its last message is out of date.
 */
export function resolveStreams(ctx: FeedContext, message: SubscribeMessage, user: string | undefined): Resolved {
  switch (message.channel) {
    case 'price_updates': {
      const ids = message.params?.assetIds;
      if (!ids) return { ok: true, streams: ctx.simulator.assets.map((a) => ctx.registry.get(streamKey('price_updates', a.id)) as Stream) };
      const unknown = ids.flatMap((id, i) => (ctx.simulator.has(id) ? [] : [{ id, i }]));
      if (unknown.length) {
        const issues = unknown.map(({ id, i }) => ({ path: `params.assetIds.${i}`, message: `unknown asset "${id}"` }));
        return { ok: false, error: { code: 'not_found', message: `unknown assets: ${unknown.map((u) => u.id).join(', ')}`, issues } };
      }
      return { ok: true, streams: [...new Set(ids)].map((id) => ctx.registry.get(streamKey('price_updates', id)) as Stream) };
    }
    case 'portfolio_updates':
    case 'risk_metrics_updates': {
      const id = message.params.portfolioId;
      if (user === undefined) {
        return { ok: false, error: { code: 'unauthorized', message: `sign in first: send an "auth" frame with a token before subscribing to ${message.channel}` } };
      }
      // Another user's portfolio is answered exactly like a missing one.
      if (!ctx.portfolioFeed.has(id) || ctx.portfolioFeed.ownerOf(id) !== user) {
        return {
          ok: false,
          error: { code: 'not_found', message: `portfolio ${id} not found`, issues: [{ path: 'params.portfolioId', message: 'no such portfolio' }] },
        };
      }
      if (message.channel === 'risk_metrics_updates') return { ok: true, streams: [ctx.portfolioFeed.riskStream(id)] };
      ctx.portfolioFeed.refresh(id);
      return { ok: true, streams: [ctx.portfolioFeed.stream(id)] };
    }
    case 'alerts':
      return { ok: true, streams: [ctx.alerts.streamFor(user)] };
  }
}
