import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
// @ts-expect-error plain JS helper without type declarations
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

export { launchChromium } from './support.js';

/** Chromium with a real (temporary) profile: what installability, and surviving a browser restart, need. */
export async function launchPersistentChromium(userDataDir = mkdtempSync(join(tmpdir(), 'crw-profile-')), options: { offline?: boolean } = {}): Promise<{
  context: BrowserContext;
  userDataDir: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}> {
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS, offline: options.offline ?? false });
  return {
    context,
    userDataDir,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

interface RegistrationsUpdated { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }

/**
 * Follows, over CDP, the service-worker registration whose scope is `${origin}/`: what
 * `ServiceWorker.deliverPushMessage` and `dispatchSyncEvent` need. The domain is enabled before this
 * returns, so a registration made earlier is reported as well as one made later. The returned
 * function waits for the id, at most `timeoutMs` from when it is called, and fails with a message
 * instead of hanging the test.
 */
export async function followRegistration(cdp: CDPSession, origin: string): Promise<(timeoutMs?: number) => Promise<string>> {
  const scope = `${origin}/`;
  let id: string | undefined;
  const waiting = new Set<(found: string) => void>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event: RegistrationsUpdated) => {
    for (const registration of event.registrations) {
      if (registration.scopeURL !== scope) continue;
      id = registration.isDeleted ? undefined : registration.registrationId;
    }
    if (id === undefined) return;
    for (const resolve of waiting) resolve(id);
    waiting.clear();
  });
  await cdp.send('ServiceWorker.enable');
  return (timeoutMs = 30_000) => {
    if (id !== undefined) return Promise.resolve(id);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(found);
        reject(new Error(`no service-worker registration for ${scope} within ${timeoutMs} ms`));
      }, timeoutMs);
      const found = (registrationId: string) => {
        clearTimeout(timer);
        resolve(registrationId);
      };
      waiting.add(found);
    });
  };
}

/**
 * Reads until `done` holds, against the clock (not a count of sleeps, which overruns when each read
 * is slow under load), and fails naming `what` and the last value read.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Our service worker as Playwright sees it now; waits for it when it isn't running. */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url().includes('crw-sw.js')) ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
}

/**
 * The titles and bodies of the notifications shown with `tag`, read through the page's own
 * registration, so the read doesn't depend on a worker handle that Chromium may have replaced.
 */
export function shownNotifications(page: Page, tag: string): Promise<string[]> {
  return page.evaluate(async (t) => (await (await navigator.serviceWorker.ready).getNotifications({ tag: t })).map((n) => `${n.title} · ${n.body}`), tag);
}

/**
 * Has the worker note each notification once Chrome has shown it (showNotification resolved).
 * Chrome stores a notification, loads its icon, then shows it, and a getNotifications() that runs in
 * between can leave it out of the list for good. So a test waits for {@link waitUntilShown} before it
 * reads the list, instead of polling the list while the push is being handled.
 */
export async function recordShownNotifications(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const scope = self as unknown as ServiceWorkerGlobalScope & { crwShown?: string[] };
    if (scope.crwShown) return;
    const shown: string[] = (scope.crwShown = []);
    const registration = scope.registration;
    const show = registration.showNotification.bind(registration);
    registration.showNotification = (title, options) => show(title, options).then(() => void shown.push(options?.tag ?? ''));
  });
}

/** Waits until Chrome has shown a notification tagged `tag` for the `times`-th time (see {@link recordShownNotifications}). */
export async function waitUntilShown(worker: Worker, tag: string, times = 1): Promise<void> {
  const count = () => worker.evaluate((t) => ((self as unknown as { crwShown?: string[] }).crwShown ?? []).filter((shown) => shown === t).length, tag);
  await eventually(count, (n) => n >= times, `Chrome showing the notification ${tag}${times > 1 ? ` (time ${times})` : ''}`);
}
