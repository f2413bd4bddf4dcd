// `crypto-risk-widgets/sw/routes`: for an app that builds its own service worker with workbox.
export { registerCrwRoutes, deleteOldCaches, warmStartPage, isCacheableApiRequest } from './routes.js';
export { cacheNames, CACHE_PREFIX, CACHE_VERSION, DEFAULT_CACHE_POLICY, policyFromSearch, type CachePolicy, type CacheLimits } from './cache-policy.js';
export { inspectWorker, listCaches, type CacheReport, type WorkerReport } from './inspect.js';
export { handlePush, notificationFor, type PushOptions } from './push.js';
