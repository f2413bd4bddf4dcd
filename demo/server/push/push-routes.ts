import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { alertSeveritySchema, type AlertSeverity } from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { HttpError, notFound, parse, route } from '../rest/http.js';
import type { AckLinks } from './ack-links.js';
import type { PushSubscriptions } from './push-store.js';
import type { VapidKeys } from './vapid.js';

const base64url = (bytes: number) =>
  z.string().check(z.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url'), z.refine((s) => Buffer.from(s, 'base64url').length === bytes, `must encode ${bytes} bytes`));

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A push service URL: https, or http on loopback (a local test endpoint); never anything else. */
const endpointSchema = z.string().check(
  z.maxLength(2048, 'must be at most 2048 characters'),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https URL'),
);

const subscribeSchema = z.strictObject({
  subscription: z.object({
    endpoint: endpointSchema,
    expirationTime: z.optional(z.nullable(z.number())),
    keys: z.object({ p256dh: base64url(65), auth: base64url(16) }),
  }),
  /** Which alerts to push. Default: critical only. */
  severities: z.optional(z.array(alertSeveritySchema).check(z.minLength(1, 'must name at least one severity'), z.maxLength(3))),
});

const unsubscribeSchema = z.strictObject({ endpoint: endpointSchema });

const ackSchema = z.strictObject({ ack: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(2048, 'must be at most 2048 characters')) });

/**
 * `/api/push`: the VAPID public key; the signed-in user's subscriptions, each with its rule of
 * which alerts to push; and the Acknowledge button of a pushed notification.
 */
export function pushRoutes(app: FastifyInstance, ctx: FeedContext, store: PushSubscriptions, vapid: VapidKeys, ackLinks: AckLinks): void {
  const auth = { authenticate: ctx.authenticate, mode: 'required' } as const;

  route(app, 'GET', '/api/push/vapid-public-key', () => ({ status: 200, body: { publicKey: vapid.publicKey } }));

  route(
    app,
    'GET',
    '/api/push/subscriptions',
    async (_req, user) => ({
      status: 200,
      body: { subscriptions: (await store.listFor(user as string)).map((sub) => ({ endpoint: sub.endpoint, severities: sub.severities, createdAt: sub.createdAt })) },
    }),
    { auth },
  );

  route(
    app,
    'POST',
    '/api/push/subscriptions',
    async (req, user) => {
      const { subscription, severities } = parse(subscribeSchema, req.body);
      const rule = [...new Set<AlertSeverity>(severities ?? ['critical'])];
      const created = await store.put({
        endpoint: subscription.endpoint,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        severities: rule,
        userId: user as string,
        createdAt: ctx.now(),
      });
      return { status: created ? 201 : 200, body: { endpoint: subscription.endpoint, severities: rule } };
    },
    { auth },
  );

  route(
    app,
    'DELETE',
    '/api/push/subscriptions',
    async (req, user) => {
      const { endpoint } = parse(unsubscribeSchema, req.body);
      // Someone else's subscription answers the same as none, so endpoints can't be probed.
      if (!(await store.delete(endpoint, user as string))) throw new HttpError(404, 'not_found', 'you have no subscription with this endpoint', [{ path: 'endpoint', message: 'not subscribed' }]);
      return { status: 204 };
    },
    { auth },
  );

  // No bearer token: the grant in the body, signed by this server and sent only inside the owner's
  // encrypted push, says who may acknowledge which alert.
  route(app, 'POST', '/api/push/ack', async (req) => {
    const { ack } = parse(ackSchema, req.body);
    const checked = ackLinks.check(ack, ctx.now());
    if (!checked.ok) {
      throw checked.reason === 'expired'
        ? new HttpError(410, 'ack_expired', 'this notification is too old to acknowledge from; acknowledge the alert in the dashboard')
        : new HttpError(403, 'forbidden', 'this acknowledge link is not valid', [{ path: 'ack', message: 'not a grant this server signed' }]);
    }
    const alert = await ctx.alerts.acknowledge(checked.grant.userId, checked.grant.alertId);
    if (!alert) throw notFound(`alert ${checked.grant.alertId}`);
    const { seq: _seq, ...body } = alert;
    return { status: 200, body };
  });
}
