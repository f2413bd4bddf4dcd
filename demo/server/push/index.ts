import type { FastifyInstance } from 'fastify';
import type { FeedContext } from '../context.js';
import { RedisUserData } from '../store/redis-user-data.js';
import { AckLinks } from './ack-links.js';
import { redisSecrets, sqliteSecrets } from './push-secrets.js';
import { PushSender } from './push-sender.js';
import { PushStore, type PushSubscriptions } from './push-store.js';
import { pushRoutes } from './push-routes.js';
import { RedisPushStore } from './redis-push-store.js';
import { loadOrCreateVapidKeys } from './vapid.js';

export { PushSender, type AlertPushPayload, type PushResult } from './push-sender.js';
export { PushStore, type PushSubscriptions, type StoredSubscription } from './push-store.js';
export { AckLinks, ACK_LINK_TTL_MS, type AckGrant } from './ack-links.js';

export interface PushOptions {
  /** VAPID subject: a mailto: or https: contact for push services. */
  subject?: string;
  fetch?: typeof fetch;
}

/**
 * Web Push for the feed server: VAPID keys (made on first start and kept: in the database, or in
 * Redis once for a whole cluster), the `/api/push` routes, and every alert raised from now on sent
 * to the subscriptions whose rule takes its severity: a user's alert (about their portfolio or
 * rule) to that user's subscriptions only, a market alert to every subscription.
 *
 * In a cluster the subscriptions and keys are shared, and the node that raises an alert sends its
 * pushes: the leader for market, rule, drawdown and risk alerts (only it runs those), the node that
 * answered for `POST /api/dev/alerts`. An alert is raised on one node only, so it is pushed once.
 * Returns the sender and the promise of the pushes in flight (tests wait on it).
 */
export async function installPush(
  app: FastifyInstance,
  ctx: FeedContext,
  options: PushOptions = {},
): Promise<{ sender: PushSender; store: PushSubscriptions; ackLinks: AckLinks; idle(): Promise<void> }> {
  const shared = ctx.userData instanceof RedisUserData ? ctx.userData : undefined;
  const store: PushSubscriptions = shared ? new RedisPushStore(shared.redis, shared.prefix) : new PushStore(ctx.db);
  const secrets = shared ? redisSecrets(shared.redis, shared.prefix) : sqliteSecrets(ctx.db);
  const vapid = await loadOrCreateVapidKeys(secrets);
  const ackLinks = await AckLinks.open(secrets);
  const subject = options.subject ?? 'mailto:feed@crypto-risk-widgets.invalid';
  const sender = new PushSender(store, vapid, subject, ackLinks, ctx.now, options.fetch ?? fetch, (message) => app.log.warn(message));
  pushRoutes(app, ctx, store, vapid, ackLinks);

  const inFlight = new Set<Promise<unknown>>();
  // Heard from the alert service rather than subscribed as a stream client: pushes never count as a socket subscriber.
  ctx.alerts.onRaised((alert, owner) => {
    // An alert about a portfolio or rule nobody owns (any more) is pushed to nobody, not to everyone.
    const orphan = owner === undefined && (alert.portfolioId !== undefined || alert.ruleId !== undefined);
    if (orphan) return;
    const sending = sender
      .sendAlert(alert, owner)
      .catch((err: unknown) => app.log.warn(`push of alert ${alert.id} failed: ${(err as Error).message}`))
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  });
  return { sender, store, ackLinks, idle: async () => void (await Promise.all(inFlight)) };
}
