import type { Alert } from '../protocol/index.js';

/**
 * The tag of an alert's system notification. The service worker's push notification and the
 * page's own one use the same tag, so the browser keeps one notification per alert, not two.
 */
export function alertNotificationTag(alertId: string): string {
  return `crw-alert-${alertId}`;
}

/** What {@link showAlertNotification} needs from the browser; the defaults are the page's own. */
export interface NotificationEnvironment {
  serviceWorker?: Pick<ServiceWorkerContainer, 'getRegistration'>;
  Notification?: { readonly permission: NotificationPermission; new (title: string, options?: NotificationOptions): unknown };
}

function pageEnvironment(): NotificationEnvironment {
  return {
    serviceWorker: typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
  };
}

/**
 * Shows a system notification for an alert when the page has permission, and says whether it did.
 *
 * With an active service worker the notification goes through its registration: Chrome on
 * Android has no `new Notification()` (it throws), and a notification the worker already showed
 * from a push, with its Acknowledge and Open actions, is left as it is rather than replaced by a
 * plainer copy. Never throws: a notification is a courtesy, and the alert is in the feed anyway.
 */
export async function showAlertNotification(
  alert: Pick<Alert, 'id' | 'title' | 'message'>,
  environment: NotificationEnvironment = pageEnvironment(),
): Promise<boolean> {
  const { serviceWorker, Notification: NotificationApi } = environment;
  if (!NotificationApi || NotificationApi.permission !== 'granted') return false;
  // Text only: the alert's title and message are feed data, never markup.
  const options: NotificationOptions = { body: alert.message, tag: alertNotificationTag(alert.id) };
  try {
    const registration = await serviceWorker?.getRegistration();
    if (registration?.active) {
      if ((await registration.getNotifications({ tag: options.tag })).length > 0) return false;
      await registration.showNotification(alert.title, options);
      return true;
    }
    new NotificationApi(alert.title, options);
    return true;
  } catch (err) {
    console.warn(`Could not show a notification for alert "${alert.title}":`, err);
    return false;
  }
}
