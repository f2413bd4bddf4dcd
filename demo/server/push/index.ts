import type { FastifyInstance } from 'fastify';
import type { FeedContext } from '../context.js';
import { PushSender } from './push-sender.js';
import { PushStore } from './push-store.js';
import { pushRoutes } from './push-routes.js';
import { loadOrCreateVapidKeys } from './vapid.js';

export { PushSender, type AlertPushPayload, type PushResult } from './push-sender.js';
export { PushStore, type StoredSubscription } from './push-store.js';

export interface PushOptions {
  /** VAPID subject: a mailto: or https: contact for push services. */
  subject?: string;
  fetch?: typeof fetch;
}

/**
 * Web Push for the feed server: VAPID keys (made on first start, kept in the database), the
 * `/api/push` routes, and every market alert raised from now on sent to the subscriptions whose
 * rule takes its severity. Returns the sender and the promise of the pushes in flight (tests wait on it).
 */
export function installPush(app: FastifyInstance, ctx: FeedContext, options: PushOptions = {}): { sender: PushSender; idle(): Promise<void> } {
  const store = new PushStore(ctx.db);
  const vapid = loadOrCreateVapidKeys(ctx.db);
  const sender = new PushSender(store, vapid, options.subject ?? 'mailto:feed@crypto-risk-widgets.invalid', options.fetch ?? fetch, (message) => app.log.warn(message));
  pushRoutes(app, store, vapid, ctx.now);

  const inFlight = new Set<Promise<unknown>>();
  // Wrapped rather than subscribed as a stream client: pushes never count as a socket subscriber.
  const raise = ctx.alerts.raise.bind(ctx.alerts);
  ctx.alerts.raise = (input) => {
    const stored = raise(input);
    const { seq: _seq, ...alert } = stored;
    // Subscriptions are not tied to a user yet, so an alert about someone's portfolio or rule must
    // not reach every subscribed browser: only market alerts, which every client may see, are pushed.
    const belongsToUser = input.portfolioId !== undefined || input.ruleId !== undefined;
    if (!belongsToUser && sender.recipients(alert).length) {
      const sending = sender.sendAlert(alert).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    return stored;
  };
  return { sender, idle: async () => void (await Promise.all(inFlight)) };
}
