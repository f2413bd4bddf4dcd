import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession } from 'playwright-core';
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
