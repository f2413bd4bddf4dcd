import { QueryClient, type DefaultOptions, type Query, type QueryClientConfig } from '@tanstack/query-core';
import { ApiError, isClientError } from '../api/index.js';
import { liveKeysOf } from './live-keys.js';

/** Default freshness of REST data, in ms. */
export const DEFAULT_STALE_TIME = 30_000;
/** Default retention of unobserved data, in ms. */
export const DEFAULT_GC_TIME = 5 * 60_000;
export const MAX_QUERY_RETRIES = 3;

/** Retries transient failures up to three times; a 4xx never gets better by asking again. */
export function defaultRetry(failureCount: number, error: unknown): boolean {
  return !isClientError(error) && failureCount < MAX_QUERY_RETRIES;
}

/** The server's `Retry-After` when it sent one, else `min(1000 * 2^attempt, 30000)` ms. */
export function defaultRetryDelay(attempt: number, error?: unknown): number {
  const asked = error instanceof ApiError ? error.retryAfterMs : undefined;
  return Math.min(asked ?? 1000 * 2 ** attempt, 30_000);
}

/**
 * A QueryClient with the library's defaults: data fresh for 30 s (forever while a live socket
 * feeds it), kept 5 min after its last observer leaves, at most 3 retries of a query with
 * exponential delay (or the server's `Retry-After`) and none for 4xx answers; mutations are
 * retried by ApiClient only. `overrides` are merged over these defaults.
 *
 * @example
 * const queryClient = createQueryClient();
 * queryClient.mount();
 */
export function createQueryClient(overrides: QueryClientConfig = {}): QueryClient {
  let client: QueryClient | undefined;
  const staleTime = (query: Query) => (client && liveKeysOf(client).has(query.queryHash) ? Infinity : DEFAULT_STALE_TIME);
  const defaults: DefaultOptions = {
    ...overrides.defaultOptions,
    queries: {
      staleTime,
      gcTime: DEFAULT_GC_TIME,
      retry: defaultRetry,
      retryDelay: defaultRetryDelay,
      ...overrides.defaultOptions?.queries,
    },
    // ApiClient retries mutations itself, under one Idempotency-Key; retrying here too would
    // multiply the attempts (and mint new keys).
    mutations: {
      retry: false,
      ...overrides.defaultOptions?.mutations,
    },
  };
  client = new QueryClient({ ...overrides, defaultOptions: defaults });
  return client;
}
