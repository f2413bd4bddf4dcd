import type { FastifyInstance } from 'fastify';
import type { FeedContext } from '../context.js';
import { AckLinks } from './ack-links.js';
import { PushSender } from './push-sender.js';
import { PushStore } from './push-store.js';
import { pushRoutes } from './push-routes.js';
import { loadOrCreateVapidKeys } from './vapid.js';

export { PushSender, type AlertPushPayload, type PushResult } from './push-sender.js';
export { PushStore, type StoredSubscription } from './push-store.js';
export { AckLinks, ACK_LINK_TTL_MS, type AckGrant } from './ack-links.js';

export interface PushOptions {
  /** VAPID subject: a mailto: or https: contact for push services. */
  subject?: string;
  fetch?: typeof fetch;
}

/**
 * Web Push for the feed server: VAPID keys (made on first start, kept in the database), the
 * `/api/push` routes, and every alert raised from now on sent to the subscriptions whose rule
 * takes its severity: a user's alert (about their portfolio or rule) to that user's subscriptions
 * only, a market alert to every subscription. Returns the sender and the promise of the pushes in
 * flight (tests wait on it).
 */
export function installPush(app: FastifyInstance, ctx: FeedContext, options: PushOptions = {}): { sender: PushSender; store: PushStore; ackLinks: AckLinks; idle(): Promise<void> } {
  const store = new PushStore(ctx.db);
  const vapid = loadOrCreateVapidKeys(ctx.db);
  const ackLinks = new AckLinks(ctx.db);
  const subject = options.subject ?? 'mailto:feed@crypto-risk-widgets.invalid';
  const sender = new PushSender(store, vapid, subject, ackLinks, ctx.now, options.fetch ?? fetch, (message) => app.log.warn(message));
  pushRoutes(app, ctx, store, vapid, ackLinks);

  const inFlight = new Set<Promise<unknown>>();
  // Wrapped rather than subscribed as a stream client: pushes never count as a socket subscriber.
  const raise = ctx.alerts.raise.bind(ctx.alerts);
  ctx.alerts.raise = (input) => {
    const stored = raise(input);
    const { seq: _seq, ...alert } = stored;
    const owner = ctx.alerts.ownerOf(input);
    // An alert about a portfolio or rule nobody owns (any more) is pushed to nobody, not to everyone.
    const orphan = owner === undefined && (input.portfolioId !== undefined || input.ruleId !== undefined);
    if (!orphan && sender.recipients(alert, owner).length) {
      const sending = sender.sendAlert(alert, owner).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    return stored;
  };
  return { sender, store, ackLinks, idle: async () => void (await Promise.all(inFlight)) };
}
