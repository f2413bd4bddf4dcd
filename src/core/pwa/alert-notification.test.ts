import { expect } from '@open-wc/testing';
import { alertNotificationTag, showAlertNotification, type NotificationEnvironment } from './alert-notification.js';

const alert = { id: 'a-7', title: 'BTC fell 5%', message: 'BTC is down 5.2% in an hour' };

type Shown = { via: 'worker' | 'page'; title: string; options?: NotificationOptions };

/** A browser with notification permission, with or without an active service worker. */
function browser(options: { permission?: NotificationPermission; worker?: boolean; alreadyShown?: string[]; pageThrows?: boolean }) {
  const shown: Shown[] = [];
  const tags = new Set(options.alreadyShown ?? []);
  const registration = {
    active: {},
    getNotifications: async ({ tag }: { tag?: string } = {}) => (tag && tags.has(tag) ? [{ tag }] : []),
    showNotification: async (title: string, opts?: NotificationOptions) => {
      shown.push({ via: 'worker', title, options: opts });
      if (opts?.tag) tags.add(opts.tag);
    },
  };
  class PageNotification {
    static permission: NotificationPermission = options.permission ?? 'granted';
    constructor(title: string, opts?: NotificationOptions) {
      // Chrome on Android: no page notifications, only the worker's.
      if (options.pageThrows) throw new TypeError("Failed to construct 'Notification': Illegal constructor.");
      shown.push({ via: 'page', title, options: opts });
    }
  }
  const environment: NotificationEnvironment = {
    serviceWorker: { getRegistration: async () => (options.worker ? (registration as unknown as ServiceWorkerRegistration) : undefined) },
    Notification: PageNotification,
  };
  return { shown, environment };
}

describe('alert notifications from the page', () => {
  it('goes through the service worker, under the tag a pushed notification of the same alert has', async () => {
    const { shown, environment } = browser({ worker: true });
    expect(await showAlertNotification(alert, environment)).to.equal(true);
    expect(shown).to.deep.equal([{ via: 'worker', title: alert.title, options: { body: alert.message, tag: 'crw-alert-a-7' } }]);
    expect(alertNotificationTag(alert.id)).to.equal('crw-alert-a-7');
  });

  it('leaves a notification the worker already showed from a push, so the alert notifies once', async () => {
    const { shown, environment } = browser({ worker: true, alreadyShown: [alertNotificationTag(alert.id)] });
    expect(await showAlertNotification(alert, environment)).to.equal(false);
    expect(shown).to.deep.equal([]);
  });

  it('shows the same alert once when the page hears of it twice', async () => {
    const { shown, environment } = browser({ worker: true });
    await showAlertNotification(alert, environment);
    await showAlertNotification(alert, environment);
    expect(shown).to.have.length(1);
  });

  it('uses a page notification when no service worker is active', async () => {
    const { shown, environment } = browser({ worker: false });
    expect(await showAlertNotification(alert, environment)).to.equal(true);
    expect(shown).to.deep.equal([{ via: 'page', title: alert.title, options: { body: alert.message, tag: 'crw-alert-a-7' } }]);
  });

  it('shows nothing without permission', async () => {
    for (const permission of ['default', 'denied'] as const) {
      const { shown, environment } = browser({ worker: true, permission });
      expect(await showAlertNotification(alert, environment)).to.equal(false);
      expect(shown).to.deep.equal([]);
    }
  });

  it('never throws where page notifications do not exist', async () => {
    const { shown, environment } = browser({ worker: false, pageThrows: true });
    expect(await showAlertNotification(alert, environment)).to.equal(false);
    expect(shown).to.deep.equal([]);
  });

  it('shows nothing in this test browser, which has no notification permission', async () => {
    expect(Notification.permission).to.not.equal('granted');
    expect(await showAlertNotification(alert)).to.equal(false);
  });
});
