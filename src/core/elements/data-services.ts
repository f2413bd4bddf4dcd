import type { QueryClient } from '@tanstack/query-core';
import { ApiClient, type RequestTiming } from '../api/index.js';
import {
  connectRealtimeBridge,
  createMutationOptions,
  createQueryClient,
  createQueryOptions,
  persistQueryCache,
  type MutationOptionsFactory,
  type QueryOptionsFactory,
} from '../query/index.js';
import { getSharedClient, releaseSharedClient, type WebSocketClient } from '../socket/index.js';
import { offlineEdits, withOfflineQueue } from '../offline/index.js';
import { DEFAULT_FEATURE_FLAGS, type FeatureFlags } from './feature-flags.js';

/** Everything a widget needs, handed down by `<crypto-data-provider>` through context. */
export interface CryptoDataServices {
  /** The page's socket client for this feed, or null when realtime is off. */
  readonly socket: WebSocketClient | null;
  readonly api: ApiClient;
  readonly queryClient: QueryClient;
  /** Query options for every resource, bound to `api`. */
  readonly queries: QueryOptionsFactory;
  /** Mutation options (optimistic, with rollback and Idempotency-Key), bound to `api` and `queryClient`. */
  readonly mutations: MutationOptionsFactory;
  readonly flags: Readonly<FeatureFlags>;
  /** REST refetch interval used while the socket is not live, in ms. */
  readonly pollIntervalMs: number;
}

/** What a page configures: where the feed is, and how to talk to it. */
export interface DataServicesConfig {
  /** REST origin, e.g. `https://feed.example.com`. Default: the page's origin. */
  apiUrl?: string;
  /** WebSocket URL. Default: `/ws` on the API origin, with ws: or wss:. */
  wsUrl?: string;
  pollIntervalMs?: number;
  maxReconnectAttempts?: number;
  flags?: Partial<FeatureFlags>;
  /** Ready-made clients, used instead of building new ones. */
  socket?: WebSocketClient | null;
  api?: ApiClient;
  queryClient?: QueryClient;
}

export const DEFAULT_POLL_INTERVAL_MS = 5000;
export const DEFAULT_MAX_RECONNECT_ATTEMPTS = 10;

function pageOrigin(): string {
  return typeof location !== 'undefined' && /^https?:$/.test(location.protocol) ? location.origin : 'http://127.0.0.1:8000';
}

/** Resolves the two feed URLs from whichever the page gave. */
export function resolveFeedUrls(config: Pick<DataServicesConfig, 'apiUrl' | 'wsUrl'>): { apiUrl: string; wsUrl: string } {
  const apiUrl = new URL(config.apiUrl ?? pageOrigin(), pageOrigin()).toString().replace(/\/$/, '');
  let wsUrl: string;
  if (config.wsUrl) {
    const url = new URL(config.wsUrl, apiUrl);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    wsUrl = url.toString();
  } else {
    const url = new URL('/ws', apiUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl = url.toString();
  }
  return { apiUrl, wsUrl };
}

function timingRecorder(flags: FeatureFlags): ((timing: RequestTiming) => void) | undefined {
  if (!flags.performanceMonitoring || typeof performance === 'undefined' || !performance.measure) return undefined;
  return (timing) => {
    const end = performance.now();
    performance.measure(`crw:api ${timing.method} ${timing.path}`, {
      start: end - timing.durationMs,
      end,
      detail: timing,
    });
  };
}

interface SharedEntry {
  services: CryptoDataServices;
  refs: number;
  release: () => void;
}

/** Providers that point at the same feed share the connection, the cache and the bridge. */
const sharedByFeed = new Map<string, SharedEntry>();

/**
 * Builds (or joins) the services for a feed. Pair every call with the returned `release`.
 * Providers with the same URLs and flags share one socket, one query cache and one bridge.
 */
export function acquireDataServices(config: DataServicesConfig): { services: CryptoDataServices; release: () => void } {
  const flags: FeatureFlags = { ...DEFAULT_FEATURE_FLAGS, ...config.flags };
  const { apiUrl, wsUrl } = resolveFeedUrls(config);
  const pollIntervalMs = config.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const injected = config.socket !== undefined || config.api !== undefined || config.queryClient !== undefined;
  const key = JSON.stringify([apiUrl, flags.realtime ? wsUrl : null, pollIntervalMs, flags]);

  if (!injected) {
    const found = sharedByFeed.get(key);
    if (found) {
      found.refs += 1;
      let released = false;
      return { services: found.services, release: () => { if (!released) { released = true; releaseShared(key); } } };
    }
  }

  const api = config.api ?? new ApiClient({ baseUrl: apiUrl, onRequestTiming: timingRecorder(flags) });
  const queryClient = config.queryClient ?? createQueryClient();
  queryClient.mount();
  let socket: WebSocketClient | null = null;
  let ownsSocket = false;
  if (config.socket !== undefined) socket = config.socket;
  else if (flags.realtime) {
    socket = getSharedClient({
      url: wsUrl,
      api,
      pollIntervalMs,
      maxReconnectAttempts: config.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
      debug: flags.debug ? (message, details) => console.debug(`[crypto-risk-widgets] ${message}`, details ?? '') : undefined,
    });
    ownsSocket = true;
  }
  const disconnectBridge = socket ? connectRealtimeBridge(queryClient, socket) : () => {};
  // A PWA keeps its last data in IndexedDB, so a reload (online or not) shows it at once.
  const persistence = flags.pwa && !config.queryClient ? persistQueryCache(queryClient, { key: apiUrl }) : null;
  // ...and queues edits made offline, replaying them when the network is back.
  const detachEdits = flags.pwa ? offlineEdits().attach(queryClient) : () => {};
  const mutations = createMutationOptions(queryClient, api);
  if (socket && socket.getConnectionStatus().state === 'idle') {
    // Connection failures surface through the client's state and `error` events, not this promise.
    socket.connect().catch(() => {});
  }

  const services: CryptoDataServices = {
    socket,
    api,
    queryClient,
    queries: createQueryOptions(api),
    mutations: flags.pwa ? withOfflineQueue(mutations, queryClient, apiUrl) : mutations,
    flags: Object.freeze(flags),
    pollIntervalMs,
  };
  const teardown = () => {
    persistence?.stop();
    detachEdits();
    disconnectBridge();
    if (ownsSocket && socket) releaseSharedClient(socket);
    if (!config.queryClient) queryClient.unmount();
  };

  if (injected) {
    let released = false;
    return { services, release: () => { if (!released) { released = true; teardown(); } } };
  }
  sharedByFeed.set(key, { services, refs: 1, release: teardown });
  let released = false;
  return { services, release: () => { if (!released) { released = true; releaseShared(key); } } };
}

function releaseShared(key: string): void {
  const entry = sharedByFeed.get(key);
  if (!entry) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  sharedByFeed.delete(key);
  entry.release();
}
