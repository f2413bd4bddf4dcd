import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { alertSeveritySchema, type AlertSeverity } from '../../../src/core/protocol/index.js';
import { HttpError, parse, route } from '../rest/http.js';
import type { PushStore } from './push-store.js';
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

/** `/api/push`: the VAPID public key, and subscriptions with the rule of which alerts to push. */
export function pushRoutes(app: FastifyInstance, store: PushStore, vapid: VapidKeys, now: () => number): void {
  route(app, 'GET', '/api/push/vapid-public-key', () => ({ status: 200, body: { publicKey: vapid.publicKey } }));

  route(app, 'POST', '/api/push/subscriptions', (req) => {
    const { subscription, severities } = parse(subscribeSchema, req.body);
    const rule = [...new Set<AlertSeverity>(severities ?? ['critical'])];
    const created = store.put({ endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, severities: rule, createdAt: now() });
    return { status: created ? 201 : 200, body: { endpoint: subscription.endpoint, severities: rule } };
  });

  route(app, 'DELETE', '/api/push/subscriptions', (req) => {
    const { endpoint } = parse(unsubscribeSchema, req.body);
    if (!store.delete(endpoint)) throw new HttpError(404, 'not_found', 'no subscription with this endpoint', [{ path: 'endpoint', message: 'not subscribed' }]);
    return { status: 204 };
  });
}
