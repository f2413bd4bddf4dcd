/// <reference lib="webworker" />
// The prebuilt service worker (`crypto-risk-widgets/sw`, dist/sw/crw-sw.js): a versioned
// precache, the library's runtime routes, old-cache cleanup, and the messages the page sends.
// It imports no DOM code and no Lit.
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { EDIT_SYNC_TAG, listEdits, replayEdits } from '../core/offline/edit-queue.js';
import { describeReplayCredential, forgetReplayCredential, replayCredential } from '../core/offline/replay-credential.js';
import { policyFromSearch } from './cache-policy.js';
import { inspectWorker } from './inspect.js';
import { handlePush } from './push.js';
import { deleteOldCaches, registerCrwRoutes, warmStartPage } from './routes.js';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };
/** Background Sync's event (not in every TypeScript DOM library). */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}
declare const __CRW_SW_VERSION__: string;

const VERSION = typeof __CRW_SW_VERSION__ === 'string' ? __CRW_SW_VERSION__ : 'dev';
const policy = policyFromSearch(self.location.search);

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerCrwRoutes(policy);
handlePush({
  apiBase: new URL(policy.apiPrefix, self.registration.scope).href,
  ...(new URLSearchParams(self.location.search).get('icon') ? { icon: new URLSearchParams(self.location.search).get('icon')! } : {}),
});

self.addEventListener('install', (event) => {
  // A new worker waits until the page says "reload" (workbox-window's messageSkipWaiting); only the
  // very first one takes over at once, since no page is running older code yet.
  event.waitUntil(warmStartPage(policy));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteOldCaches().then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  } else if (data?.type === 'CRW_INSPECT') {
    const port = event.ports[0];
    event.waitUntil(
      Promise.all([inspectWorker(VERSION), listEdits().catch(() => []), describeReplayCredential().catch(() => null)]).then(([report, queuedEdits, replayCredential]) =>
        port?.postMessage({ ...report, queuedEdits, replayCredential }),
      ),
    );
  } else if (data?.type === 'CRW_VERSION') {
    event.ports[0]?.postMessage({ version: VERSION });
  }
});

// Offline edits: the browser fires this when the network is back, even with no tab open. The
// edits go with the token the page lent for them (see replay-credential.ts), while it is valid; a
// 401 drops the token and leaves the edits for the next signed-in page. A replay that stops early
// for the network or the server rejects, so the browser tries again later; one that lacks a valid
// token does not, since a retry without a page would lack it too.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== EDIT_SYNC_TAG) return;
  sync.waitUntil(
    replayEdits({
      token: async () => (await replayCredential())?.token,
      onUnauthorized: (token) => forgetReplayCredential(token ?? ''),
    }).then(async (report) => {
      if (report.remaining === 0) await forgetReplayCredential();
      else if (report.stoppedBy !== 'sign-in' && !sync.lastChance) throw new Error(`${report.remaining} edits still waiting`);
    }),
  );
});
