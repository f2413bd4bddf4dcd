export { createQueryClient, defaultRetry, defaultRetryDelay, DEFAULT_GC_TIME, DEFAULT_STALE_TIME, MAX_QUERY_RETRIES } from './query-client.js';
export { queryKeys, QUERY_ROOT } from './query-keys.js';
export { createQueryOptions, normalizeAlerts, ALERTS_LIST_LIMIT, type QueryOptionsFactory, type QueryOptionsFor } from './query-options.js';
export { connectRealtimeBridge, queryKeysForResync, type RealtimeBridgeOptions, type RealtimeSource } from './realtime-bridge.js';
export { RenderBudget, renderBudgetOf, afterFrameRendered, type RenderBudgetOptions } from './render-budget.js';
export { defaultFrameScheduler, manualFrameScheduler, type FrameScheduler } from './frame-scheduler.js';
export { liveKeysOf, LiveKeys } from './live-keys.js';
export {
  createMutationOptions,
  idempotencyKeyFor,
  type AlertIdVariables,
  type AssetIdVariables,
  type CreatePortfolioVariables,
  type IdempotentVariables,
  type MutationOptionsFactory,
  type PortfolioIdVariables,
  type RollbackContext,
  type UpdatePortfolioVariables,
} from './mutations.js';
export {
  persistQueryCache,
  restoreQueryCache,
  saveQueryCache,
  clearPersistedQueryCache,
  DEFAULT_PERSIST_MAX_AGE,
  DEFAULT_PERSIST_THROTTLE,
  type PersistCacheOptions,
} from './persist-cache.js';
