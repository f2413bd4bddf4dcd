/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { matchPrecache } from 'workbox-precaching';
import { registerRoute, type Route } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { cacheNames, DEFAULT_CACHE_POLICY, type CachePolicy, type CacheLimits } from './cache-policy.js';

declare const self: ServiceWorkerGlobalScope;

/** Paths under the API that must never be answered from a cache. */
const UNCACHED_API_PATHS = ['push/', 'auth/'];

function expiration(limits: CacheLimits): ExpirationPlugin {
  // purgeOnQuotaError: a full disk empties our runtime caches before the browser evicts the origin.
  return new ExpirationPlugin({ maxEntries: limits.maxEntries, maxAgeSeconds: limits.maxAgeSeconds, purgeOnQuotaError: true });
}

/** Absolute URL prefix of the API, resolved against the worker's scope. */
function apiBase(policy: CachePolicy): string {
  return new URL(policy.apiPrefix, self.registration?.scope ?? self.location.href).href;
}

/** True for a GET to the feed's REST API that may be cached. */
export function isCacheableApiRequest(url: URL, request: Request, policy: CachePolicy): boolean {
  if (request.method !== 'GET') return false;
  const base = apiBase(policy);
  if (!url.href.startsWith(base)) return false;
  const rest = url.href.slice(base.length);
  return !UNCACHED_API_PATHS.some((path) => rest.startsWith(path));
}

const STATIC_DESTINATIONS = new Set<RequestDestination>(['script', 'style', 'font', 'image', 'manifest', 'worker']);

/**
 * Registers the library's runtime routes on workbox-routing's default router:
 * - feed API GETs: network first with a short timeout, then the cache (`crw-api-v1`);
 * - navigations: network first, then the cached page, then the offline page (`crw-pages-v1`);
 * - same-origin static files not in the precache: cache first (`crw-assets-v1`).
 * Each cache has entry and age limits. An app with its own workbox worker calls this after its
 * own `precacheAndRoute()`; the prebuilt `crw-sw.js` does the same.
 *
 * @example
 * import { precacheAndRoute } from 'workbox-precaching';
 * import { registerCrwRoutes } from 'crypto-risk-widgets/sw/routes';
 * precacheAndRoute(self.__WB_MANIFEST);
 * registerCrwRoutes({ apiPrefix: '/api/' });
 */
export function registerCrwRoutes(overrides: Partial<CachePolicy> = {}): Route[] {
  const policy: CachePolicy = { ...DEFAULT_CACHE_POLICY, ...overrides };
  const ok = new CacheableResponsePlugin({ statuses: [200] });

  const api = new NetworkFirst({
    cacheName: cacheNames.api,
    networkTimeoutSeconds: policy.apiTimeoutSeconds,
    plugins: [ok, expiration(policy.api)],
  });
  const pages = new NetworkFirst({
    cacheName: cacheNames.pages,
    networkTimeoutSeconds: policy.pageTimeoutSeconds,
    plugins: [ok, expiration(policy.pages)],
  });
  const assets = new CacheFirst({ cacheName: cacheNames.assets, plugins: [ok, expiration(policy.assets)] });
  const offlineUrl = new URL(policy.offlinePage, self.registration?.scope ?? self.location.href).href;

  return [
    registerRoute(({ url, request }) => isCacheableApiRequest(url, request, policy), api),
    registerRoute(
      ({ request }) => request.mode === 'navigate',
      async (options) => {
        try {
          return await pages.handle(options);
        } catch {
          const fallback = (await matchPrecache(offlineUrl)) ?? (await caches.match(offlineUrl));
          return fallback ?? new Response('You are offline and this page has not been saved yet.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
        }
      },
    ),
    registerRoute(({ url, request }) => url.origin === self.location.origin && STATIC_DESTINATIONS.has(request.destination), assets),
  ];
}

/** Caches the start page at install, so that the first offline visit has a page to show. */
export async function warmStartPage(policy: CachePolicy): Promise<void> {
  const url = new URL(policy.startUrl, self.registration?.scope ?? self.location.href).href;
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (response.ok) await (await caches.open(cacheNames.pages)).put(url, response);
  } catch {
    // Installing offline is possible (a cached worker script); the page gets cached on the next visit.
  }
}

/** Deletes the library's runtime caches from earlier cache versions. */
export async function deleteOldCaches(): Promise<string[]> {
  const current = new Set<string>(Object.values(cacheNames));
  const stale = (await caches.keys()).filter((name) => name.startsWith('crw-') && !current.has(name));
  await Promise.all(stale.map((name) => caches.delete(name)));
  return stale;
}
