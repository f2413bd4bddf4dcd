export { CryptoDataProvider } from './crypto-data-provider.js';
export { cryptoDataContext } from './context.js';
export {
  acquireDataServices,
  resolveFeedUrls,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  DEFAULT_POLL_INTERVAL_MS,
  type AcquiredDataServices,
  type CryptoDataServices,
  type DataServicesConfig,
} from './data-services.js';
export { DEFAULT_FEATURE_FLAGS, parseFlag, type FeatureFlags } from './feature-flags.js';
export { configure, getPageDefault, onPageDefaultChange, resetPageDefault } from './page-default.js';
export * from './controllers/index.js';
export type { ConnectionState, ConnectionStatus } from '../socket/index.js';
export type { OptimizeResult, PerformanceAlert, PerformanceSample, PerformanceSummary, PerformanceThresholds, EndpointStats } from '../perf/index.js';
export { PwaController, pwaController, registerServiceWorker, PushSubscriber, type PushState, type PwaState, type RegisterOptions } from '../pwa/index.js';
export { OfflineEdits, offlineEdits, replayEdits, listEdits, type OfflineEditsState, type QueuedEdit, type EditFailure } from '../offline/index.js';
