/// <reference lib="webworker" />
import { EDIT_SYNC_TAG, enqueueEdit } from '../core/offline/edit-queue.js';

declare const self: ServiceWorkerGlobalScope;

/** The feed server's push payload (demo/server/push). */
interface AlertPush {
  type: 'alert';
  alert: { id: string; severity: 'info' | 'warning' | 'critical'; title: string; message: string; createdAt: number };
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
      tag: `crw-alert-${alert.id}`,
      timestamp: alert.createdAt,
      requireInteraction: alert.severity === 'critical',
      data: { alertId: alert.id, severity: alert.severity },
      actions: [
        { action: 'acknowledge', title: 'Acknowledge' },
        { action: 'open', title: 'Open' },
      ],
      ...(icon ? { icon: new URL(icon, self.registration.scope).href } : {}),
    } as NotificationOptions & { actions: Array<{ action: string; title: string }> },
  };
}

/** Acknowledges from the notification; without a network the ack joins the offline edit queue. */
async function acknowledge(alertId: string, title: string, options: PushOptions): Promise<void> {
  const url = `${options.apiBase}alerts/${encodeURIComponent(alertId)}/ack`;
  const idempotencyKey = crypto.randomUUID();
  try {
    const response = await fetch(url, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': idempotencyKey }, credentials: 'same-origin' });
    if (response.ok || response.status === 404) return; // 404: the alert is gone; nothing to acknowledge.
    // 401: the worker holds no token; queued, a signed-in page sends it with the user's.
    if (response.status < 500 && response.status !== 401) return;
  } catch {
    // Offline: queue below.
  }
  await enqueueEdit({ kind: 'acknowledgeAlert', label: `Acknowledge alert “${title}”`, method: 'POST', url, idempotencyKey, createdAt: Date.now() });
  const sync = (self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync;
  await sync?.register(EDIT_SYNC_TAG).catch(() => {});
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
    const { alertId } = (event.notification.data ?? {}) as { alertId?: string };
    event.notification.close();
    if (event.action === 'acknowledge' && alertId) event.waitUntil(acknowledge(alertId, event.notification.title, options));
    else event.waitUntil(openDashboard());
  });
}
