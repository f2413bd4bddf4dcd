/**
 * What the service worker caches and for how long. Every runtime cache has an entry limit and an
 * age limit; the names carry a version so that a worker with a new policy drops the old caches on
 * activate instead of reading entries written under different rules.
 */
export const CACHE_VERSION = 'v1';
export const CACHE_PREFIX = 'crw-';

export interface CacheLimits {
  /** Most entries kept; the least recently used go first. */
  maxEntries: number;
  /** Entries older than this are deleted and never served, in seconds. */
  maxAgeSeconds: number;
}

export interface CachePolicy {
  /** Same-origin path prefix of the feed's REST API, e.g. `/api/`, or an absolute URL prefix. */
  apiPrefix: string;
  /** Offline fallback page for navigations, relative to the worker's scope. */
  offlinePage: string;
  /** Page cached at install so that the first offline visit has a shell, relative to the scope. */
  startUrl: string;
  /** Seconds an API GET waits for the network before answering from the cache. */
  apiTimeoutSeconds: number;
  /** Seconds a navigation waits for the network before answering from the cache. */
  pageTimeoutSeconds: number;
  api: CacheLimits;
  pages: CacheLimits;
  assets: CacheLimits;
}

const DAY = 24 * 3600;

/** The defaults documented in docs/OFFLINE.md. */
export const DEFAULT_CACHE_POLICY: Readonly<CachePolicy> = Object.freeze({
  apiPrefix: '/api/',
  offlinePage: 'offline.html',
  startUrl: './',
  apiTimeoutSeconds: 3,
  pageTimeoutSeconds: 3,
  api: { maxEntries: 100, maxAgeSeconds: DAY },
  pages: { maxEntries: 20, maxAgeSeconds: 7 * DAY },
  assets: { maxEntries: 60, maxAgeSeconds: 30 * DAY },
});

export const cacheNames = {
  api: `${CACHE_PREFIX}api-${CACHE_VERSION}`,
  pages: `${CACHE_PREFIX}pages-${CACHE_VERSION}`,
  assets: `${CACHE_PREFIX}assets-${CACHE_VERSION}`,
} as const;

function positive(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/**
 * Reads overrides from the worker script's query string, so a page configures the prebuilt worker
 * without rebuilding it: `crw-sw.js?api=/feed/api/&offline=offline.html&api-entries=50&api-max-age=3600`.
 */
export function policyFromSearch(search: string, base: Readonly<CachePolicy> = DEFAULT_CACHE_POLICY): CachePolicy {
  const params = new URLSearchParams(search);
  return {
    apiPrefix: params.get('api') ?? base.apiPrefix,
    offlinePage: params.get('offline') ?? base.offlinePage,
    startUrl: params.get('start') ?? base.startUrl,
    apiTimeoutSeconds: positive(params.get('api-timeout'), base.apiTimeoutSeconds),
    pageTimeoutSeconds: positive(params.get('page-timeout'), base.pageTimeoutSeconds),
    api: { maxEntries: positive(params.get('api-entries'), base.api.maxEntries), maxAgeSeconds: positive(params.get('api-max-age'), base.api.maxAgeSeconds) },
    pages: { maxEntries: positive(params.get('page-entries'), base.pages.maxEntries), maxAgeSeconds: positive(params.get('page-max-age'), base.pages.maxAgeSeconds) },
    assets: { maxEntries: positive(params.get('asset-entries'), base.assets.maxEntries), maxAgeSeconds: positive(params.get('asset-max-age'), base.assets.maxAgeSeconds) },
  };
}
