/**
 * `on-demand.ts` for the all-in-one IIFE (see vite.config.ts): one file can't fetch chunks, and a
 * dynamic import inlined into it costs more than a static one, so these resolve at once.
 */
import * as performanceMonitor from '../perf/performance-monitor.js';
import * as offlineMutations from '../offline/offline-mutations.js';
import * as offlineEdits from '../offline/offline-edits.js';
import * as persistCache from '../query/persist-cache.js';
import * as pwaController from '../pwa/pwa-controller.js';
import type * as lazy from './on-demand.js';

export const loadPerformanceMonitor: typeof lazy.loadPerformanceMonitor = () => Promise.resolve(performanceMonitor);
export const loadOfflineMutations: typeof lazy.loadOfflineMutations = () => Promise.resolve(offlineMutations);
export const loadOfflineEdits: typeof lazy.loadOfflineEdits = () => Promise.resolve(offlineEdits);
export const loadPersistCache: typeof lazy.loadPersistCache = () => Promise.resolve(persistCache);
export const loadServiceWorkerRegistration: typeof lazy.loadServiceWorkerRegistration = () => Promise.resolve(pwaController);
