/**
 * The layers a provider loads only when its attributes ask for them: the performance monitor
 * (`performance-monitoring`), the offline layer and the service worker registration (`pwa`).
 * Bundlers split each into a chunk of its own, so a page that uses none of them never downloads
 * them. The all-in-one IIFE has no chunks to load: its build swaps this module for
 * `on-demand.bundled.ts`, which imports the same modules statically.
 */
export const loadPerformanceMonitor = () => import('../perf/performance-monitor.js');
export const loadOfflineMutations = () => import('../offline/offline-mutations.js');
export const loadOfflineEdits = () => import('../offline/offline-edits.js');
export const loadPersistCache = () => import('../query/persist-cache.js');
export const loadServiceWorkerRegistration = () => import('../pwa/pwa-controller.js');
