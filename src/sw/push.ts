/// <reference lib="webworker" />
import { EDIT_QUEUE_CHANNEL, EDIT_SYNC_TAG, enqueueEdit } from '../core/offline/edit-queue.js';
import { alertNotificationTag } from '../core/pwa/alert-notification.js';

declare const self: ServiceWorkerGlobalScope;

/** The feed server's push payload (demo/server/push). */
interface AlertPush {
  type: 'alert';
  alert: { id: string; severity: 'info' | 'warning' | 'critical'; title: string; message: string; createdAt: number };
  /** The server's signed grant to acknowledge this alert as the subscription's owner. */
  ack?: string;
}

export interface PushOptions {
  /** Absolute URL prefix of the feed API, e.g. `https://app.example/api/`. */
  apiBase: string;
  /** Notification icon, relative to the scope (optional). */
  icon?: string;
}

function parsePush(event: PushEvent): AlertPush | null {
  try {
    const data = event.data?.json() as AlertPush | undefined;
    return data?.type === 'alert' && typeof data.alert?.id === 'string' && typeof data.alert.title === 'string' ? data : null;
  } catch {
    return null;
  }
}

export function notificationFor(push: AlertPush, icon?: string): { title: string; options: NotificationOptions & { actions: Array<{ action: string; title: string }> } } {
  const { alert } = push;
  return {
    title: alert.title,
    options: {
      body: alert.message,
      // One notification per alert: a repeat of the same push replaces it instead of stacking.
      tag: alertNotificationTag(alert.id),
      timestamp: alert.createdAt,
      requireInteraction: alert.severity === 'critical',
      data: { alertId: alert.id, severity: alert.severity, ...(typeof push.ack === 'string' ? { ack: push.ack } : {}) },
      actions: [
        { action: 'acknowledge', title: 'Acknowledge' },
        { action: 'open', title: 'Open' },
      ],
      ...(icon ? { icon: new URL(icon, self.registration.scope).href } : {}),
    } as NotificationOptions & { actions: Array<{ action: string; title: string }> },
  };
}

/**
 * Acknowledges from the notification. With the pushed grant the worker needs no token, so it works
 * with no dashboard open; without a network the ack joins the offline edit queue (replayed by
 * Background Sync or the next page load, still with the grant). An older payload without a grant
 * posts to the user's ack route: refused for want of a token, it waits for a signed-in page.
 */
async function acknowledge(alertId: string, title: string, grant: string | undefined, options: PushOptions): Promise<void> {
  const url = grant ? `${options.apiBase}push/ack` : `${options.apiBase}alerts/${encodeURIComponent(alertId)}/ack`;
  const body = grant ? JSON.stringify({ ack: grant }) : undefined;
  const idempotencyKey = crypto.randomUUID();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      credentials: 'same-origin',
      ...(body ? { body } : {}),
    });
    if (response.ok) {
      // Open dashboards refetch, so the alert shows as acknowledged there too.
      announceApplied();
      return;
    }
    if (response.status === 404) return; // The alert is gone; nothing to acknowledge.
    // 401: no grant and no token here; queued, a signed-in page sends it with the user's token.
    if (response.status < 500 && response.status !== 401 && response.status !== 429) {
      // Refused for good (a grant too old, or not valid): say so where the person clicked.
      const reason = ((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message;
      await self.registration.showNotification(`Could not acknowledge “${title}”`, {
        body: reason ?? `The feed answered HTTP ${response.status}. Acknowledge it in the dashboard.`,
        tag: alertNotificationTag(alertId),
        data: { alertId },
      });
      return;
    }
  } catch {
    // Offline: queue below.
  }
  await enqueueEdit({ kind: 'acknowledgeAlert', label: `Acknowledge alert “${title}”`, method: 'POST', url, ...(body ? { body } : {}), idempotencyKey, createdAt: Date.now() });
  const sync = (self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync;
  await sync?.register(EDIT_SYNC_TAG).catch(() => {});
}

function announceApplied(): void {
  const channel = new BroadcastChannel(EDIT_QUEUE_CHANNEL);
  channel.postMessage({ type: 'changed', report: { applied: 1, failed: [], remaining: 0 } });
  channel.close();
}

/** Focuses an open dashboard tab, or opens one. */
async function openDashboard(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.url.startsWith(self.registration.scope));
  if (open) await open.focus();
  else await self.clients.openWindow(self.registration.scope);
}

/** Shows pushed alerts as notifications with Acknowledge and Open, and handles the clicks. */
export function handlePush(options: PushOptions): void {
  self.addEventListener('push', (event) => {
    const push = parsePush(event);
    if (!push) {
      // A push the page asked for must show something (userVisibleOnly).
      event.waitUntil(self.registration.showNotification('New alert', { body: 'Open the dashboard to see it.', tag: 'crw-alert-unknown' }));
      return;
    }
    const { title, options: shown } = notificationFor(push, options.icon);
    event.waitUntil(self.registration.showNotification(title, shown));
  });

  self.addEventListener('notificationclick', (event) => {
    const { alertId, ack } = (event.notification.data ?? {}) as { alertId?: string; ack?: string };
    event.notification.close();
    if (event.action === 'acknowledge' && alertId) event.waitUntil(acknowledge(alertId, event.notification.title, ack, options));
    else event.waitUntil(openDashboard());
  });
}
