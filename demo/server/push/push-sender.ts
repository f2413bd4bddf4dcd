import webpush from 'web-push';
import type { Alert } from '../../../src/core/protocol/index.js';
import type { AckLinks } from './ack-links.js';
import type { PushSubscriptions, StoredSubscription } from './push-store.js';
import type { VapidKeys } from './vapid.js';

/** What the service worker receives (JSON, encrypted with the subscription's keys). */
export interface AlertPushPayload {
  type: 'alert';
  alert: Pick<Alert, 'id' | 'kind' | 'severity' | 'title' | 'message' | 'createdAt'> & Partial<Pick<Alert, 'assetId' | 'portfolioId'>>;
  /**
   * A signed grant to acknowledge this alert as the subscription's owner (`POST /api/push/ack`),
   * for the notification's Acknowledge button; absent for a subscription with no owner.
   */
  ack?: string;
}

export interface PushResult {
  endpoint: string;
  status: number;
  /** The push service says the subscription is gone (404/410); it was deleted. */
  removed: boolean;
}

/**
 * Sends alerts as Web Push messages: web-push encrypts the payload (aes128gcm) and signs the VAPID
 * header; the request is sent with fetch. An alert that belongs to a user goes only to that user's
 * subscriptions; a market alert (no owner) to every subscription. Subscriptions the push service
 * reports gone are deleted.
 */
export class PushSender {
  constructor(
    private readonly store: PushSubscriptions,
    private readonly vapid: VapidKeys,
    private readonly subject: string,
    private readonly ackLinks: AckLinks,
    private readonly now: () => number,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** The subscriptions whose rule takes this alert: the owner's (`owner` set) or everyone's (a market alert). */
  async recipients(alert: Pick<Alert, 'severity'>, owner: string | undefined): Promise<StoredSubscription[]> {
    const candidates = owner === undefined ? await this.store.list() : await this.store.listFor(owner);
    return candidates.filter((sub) => sub.severities.includes(alert.severity));
  }

  async sendAlert(alert: Alert, owner: string | undefined): Promise<PushResult[]> {
    const base: AlertPushPayload = {
      type: 'alert',
      alert: {
        id: alert.id,
        kind: alert.kind,
        severity: alert.severity,
        title: alert.title,
        message: alert.message,
        createdAt: alert.createdAt,
        ...(alert.assetId ? { assetId: alert.assetId } : {}),
        ...(alert.portfolioId ? { portfolioId: alert.portfolioId } : {}),
      },
    };
    return Promise.all(
      (await this.recipients(alert, owner)).map((sub) => {
        const payload: AlertPushPayload = sub.userId === null ? base : { ...base, ack: this.ackLinks.mint({ userId: sub.userId, alertId: alert.id }, this.now()) };
        return this.#send(sub, JSON.stringify(payload));
      }),
    );
  }

  async #send(sub: StoredSubscription, payload: string): Promise<PushResult> {
    const request = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      vapidDetails: { subject: this.subject, publicKey: this.vapid.publicKey, privateKey: this.vapid.privateKey },
      // An alert older than a day is not worth waking a phone for.
      TTL: 24 * 3600,
      urgency: 'high',
      contentEncoding: 'aes128gcm',
    });
    try {
      const response = await this.fetchFn(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : null,
        signal: AbortSignal.timeout(10_000),
      });
      const removed = response.status === 404 || response.status === 410;
      if (removed) await this.store.delete(sub.endpoint);
      else if (!response.ok) this.log(`push to ${new URL(sub.endpoint).host} answered HTTP ${response.status}`);
      return { endpoint: sub.endpoint, status: response.status, removed };
    } catch (err) {
      this.log(`push to ${new URL(sub.endpoint).host} failed: ${(err as Error).message}`);
      return { endpoint: sub.endpoint, status: 0, removed: false };
    }
  }
}
