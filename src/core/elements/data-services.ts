import type { QueryClient } from '@tanstack/query-core';
import { ApiClient, ApiError, TokenSource, useBearerToken, type RequestTiming, type TokenGetter } from '../api/index.js';
import {
  connectRealtimeBridge,
  createMutationOptions,
  createQueryClient,
  createQueryOptions,
  type MutationOptionsFactory,
  type QueryOptionsFactory,
} from '../query/index.js';
import { getSharedClient, releaseSharedClient, sharedClientRefs, type WebSocketClient } from '../socket/index.js';
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/names.js';
import { SocketTransport, socketTransportOf, type WorkerMode } from '../worker/index.js';
import { Logger, LogHub } from '../logging/index.js';
import type { PerformanceMonitor } from '../perf/index.js';
import { LazyPerformanceMonitor } from './lazy-performance-monitor.js';
import { loadOfflineLayer } from './offline-layer.js';
import { DEFAULT_FEATURE_FLAGS, type FeatureFlags } from './feature-flags.js';
import { logQueryCache, socketLogTap } from './service-logging.js';

/** Everything a widget needs, handed down by `<crypto-data-provider>` through context. */
export interface CryptoDataServices {
  /** The page's socket client for this feed, or null when realtime is off. */
  readonly socket: WebSocketClient | null;
  readonly api: ApiClient;
  /** The bearer token REST requests and the socket sign in with; set it to sign in, out, or as someone else. */
  readonly auth: TokenSource;
  readonly queryClient: QueryClient;
  /** Query options for every resource, bound to `api`. */
  readonly queries: QueryOptionsFactory;
  /** Mutation options (optimistic, with rollback and Idempotency-Key), bound to `api` and `queryClient`. */
  readonly mutations: MutationOptionsFactory;
  /**
   * The flags these services were first built with. `debug` and `performanceMonitoring` are per
   * consumer and can change without a rebuild: see `perf.running` and each provider's logger.
   */
  readonly flags: Readonly<FeatureFlags>;
  /** REST refetch interval used while the socket is not live, in ms. */
  readonly pollIntervalMs: number;
  /**
   * The performance monitor of this feed, or null until it is first wanted: its code loads on
   * demand, when a provider sets `performance-monitoring`, a `<perf-monitor>` shows it, or
   * {@link loadPerf} is called. It runs while at least one provider has `performance-monitoring`.
   */
  readonly perf: PerformanceMonitor | null;
  /** Loads the performance monitor (once) and resolves with it; it runs only while a provider holds monitoring on. */
  loadPerf(): Promise<PerformanceMonitor>;
  /** Calls `listener` with the performance monitor once it is loaded (at once if it is); returns an unsubscribe. */
  onPerf(listener: (perf: PerformanceMonitor) => void): () => void;
  /**
   * Settles once the layers loaded on demand for these flags are in place: with `pwa`, the
   * persisted query cache and the offline edit queue. Resolved at once otherwise; never rejects.
   */
  readonly ready: Promise<void>;
  /** Where the socket, API, query cache, service worker and monitor write their debug lines; each provider's logger attaches here. */
  readonly log: LogHub;
}

/** What {@link acquireDataServices} hands to one consumer (a provider, or `configure()`). */
export interface AcquiredDataServices {
  services: CryptoDataServices;
  /** This consumer's debug logger (on when `flags.debug`); attached to `services.log` until release. */
  logger: Logger;
  /** Turns this consumer's hold on `services.perf` on or off; the monitor runs while anyone holds it. */
  setPerformanceMonitoring(on: boolean): void;
  /** Drops this consumer's references; call once. */
  release: () => void;
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
  /** Shown in this consumer's debug lines, to tell providers apart. */
  logLabel?: string;
  /** A bearer token to sign in with (providers sharing a feed share one identity; the last set wins). */
  token?: string | null;
  /** Gets a bearer token, asked again after a 401 and before the socket's token expires. Wins over `token`. */
  getToken?: TokenGetter;
  /** Where the socket, parsing and coalescing run: `auto` (default) moves them into a Worker above a measured rate. */
  worker?: WorkerMode;
}

function applyCredentials(auth: TokenSource, config: DataServicesConfig): void {
  if (config.getToken !== undefined) auth.setGetter(config.getToken);
  if (config.token !== undefined) auth.setToken(config.token);
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
  if (config.wsUrl?.trim()) {
    // Several URLs (the nodes of a cluster) are separated by spaces; each resolves on its own.
    wsUrl = config.wsUrl.trim().split(/\s+/).map((one) => {
      const url = new URL(one, apiUrl);
      if (url.protocol === 'http:') url.protocol = 'ws:';
      if (url.protocol === 'https:') url.protocol = 'wss:';
      return url.toString();
    }).join(' ');
  } else {
    const url = new URL('/ws', apiUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl = url.toString();
  }
  return { apiUrl, wsUrl };
}

/** Every REST attempt goes to the monitor (which ignores it while stopped), to `performance.measure` while monitoring, and to the `api` log. */
function timingRecorder(perf: () => LazyPerformanceMonitor | undefined, log: LogHub): (timing: RequestTiming) => void {
  return (timing) => {
    const monitor = perf();
    monitor?.recordRequest(timing);
    if (monitor?.wanted && typeof performance !== 'undefined' && performance.measure) {
      const end = performance.now();
      performance.measure(`crw:api ${timing.method} ${timing.path}`, { start: end - timing.durationMs, end, detail: timing });
    }
    if (log.wants('api')) {
      log.emit('api', `${timing.method} ${timing.path} → ${timing.status || 'no answer'} in ${Math.round(timing.durationMs)} ms${timing.attempt > 1 ? ` (attempt ${timing.attempt})` : ''}`);
    }
  };
}

interface SharedEntry {
  services: CryptoDataServices;
  perf: LazyPerformanceMonitor;
  refs: number;
  /** Consumers holding the monitor on. */
  monitorHolds: number;
  release: () => void;
}

/** Providers that point at the same feed share the connection, the cache and the bridge. */
const sharedByFeed = new Map<string, SharedEntry>();

/**
 * Builds (or joins) the services for a feed. Pair every call with the returned `release`.
 * Providers with the same URLs, poll interval and `realtime`/`pwa` flags share one socket, one
 * query cache, one monitor and one bridge; `debug` and `performanceMonitoring` are per consumer
 * and never cause a rebuild.
 */
export function acquireDataServices(config: DataServicesConfig): AcquiredDataServices {
  const flags: FeatureFlags = { ...DEFAULT_FEATURE_FLAGS, ...config.flags };
  const { apiUrl, wsUrl } = resolveFeedUrls(config);
  const pollIntervalMs = config.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const injected = config.socket !== undefined || config.api !== undefined || config.queryClient !== undefined;
  const key = JSON.stringify([apiUrl, flags.realtime ? wsUrl : null, pollIntervalMs, flags.realtime, flags.pwa]);

  let entry = injected ? undefined : sharedByFeed.get(key);
  if (entry) {
    entry.refs += 1;
    applyCredentials(entry.services.auth, config);
  } else {
    entry = buildEntry(config, flags, apiUrl, wsUrl, pollIntervalMs);
    if (!injected) sharedByFeed.set(key, entry);
  }
  return consumerOf(entry, injected ? null : key, config, flags);
}

function buildEntry(config: DataServicesConfig, flags: FeatureFlags, apiUrl: string, wsUrl: string, pollIntervalMs: number): SharedEntry {
  const log = new LogHub();
  let perf: LazyPerformanceMonitor | undefined;
  const api = config.api ?? new ApiClient({ baseUrl: apiUrl, onRequestTiming: timingRecorder(() => perf, log) });
  const auth = new TokenSource();
  applyCredentials(auth, config);
  const stopBearer = useBearerToken(api, auth);
  const queryClient = config.queryClient ?? createQueryClient();
  queryClient.mount();
  // Credentials set after the widgets asked (a script setting getToken late): what was refused, asks again.
  const stopRetryOnSignIn = auth.subscribe(() => {
    void queryClient.refetchQueries({ predicate: (query) => query.state.error instanceof ApiError && query.state.error.status === 401 });
  });
  let socket: WebSocketClient | null = null;
  let ownsSocket = false;
  let untap = () => {};
  if (config.socket !== undefined) socket = config.socket;
  else if (flags.realtime) {
    const tap = socketLogTap(wsUrl);
    // The first holder of a URL builds its client, so its transport is the one that counts.
    const transport = sharedClientRefs(wsUrl) === 0 ? new SocketTransport({ mode: config.worker ?? 'auto', maxFrameBytes: DEFAULT_MAX_FRAME_BYTES * 16, debug: tap.write }) : null;
    socket = getSharedClient({
      ...(transport ? { WebSocket: transport.WebSocket, pipeline: transport.pipeline } : {}),
      url: wsUrl,
      api,
      auth,
      pollIntervalMs,
      maxReconnectAttempts: config.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
      debug: tap.write,
    });
    transport?.attach(socket);
    untap = tap.add(log);
    ownsSocket = true;
  }
  const monitor = new LazyPerformanceMonitor({ queryClient, socket, log });
  perf = monitor;
  const stopQueryLog = logQueryCache(queryClient, log);
  const disconnectBridge = socket ? connectRealtimeBridge(queryClient, socket) : () => {};
  const mutations = createMutationOptions(queryClient, api);
  // The persisted cache and the offline edit queue load only for a `pwa` feed.
  const offline = flags.pwa
    ? loadOfflineLayer({ queryClient, mutations, apiUrl, persist: !config.queryClient, token: () => auth.get(), signIn: auth })
    : null;
  if (socket && socket.getConnectionStatus().state === 'idle') {
    // Connection failures surface through the client's state and `error` events, not this promise.
    socket.connect().catch(() => {});
  }

  const services: CryptoDataServices = {
    socket,
    api,
    auth,
    queryClient,
    queries: createQueryOptions(api),
    mutations: offline ? offline.mutations : mutations,
    flags: Object.freeze({ ...flags }),
    pollIntervalMs,
    get perf() {
      return monitor.current;
    },
    loadPerf: () => monitor.load(),
    onPerf: (listener) => monitor.whenLoaded(listener),
    ready: offline ? offline.ready : Promise.resolve(),
    log,
  };
  return {
    services,
    perf: monitor,
    refs: 1,
    monitorHolds: 0,
    release: () => {
      offline?.stop();
      monitor.dispose();
      stopQueryLog();
      untap();
      disconnectBridge();
      stopBearer();
      stopRetryOnSignIn();
      if (ownsSocket && socket) {
        const transport = socketTransportOf(socket);
        releaseSharedClient(socket);
        if (sharedClientRefs(wsUrl) === 0) transport?.dispose();
      }
      if (!config.queryClient) queryClient.unmount();
    },
  };
}

function consumerOf(entry: SharedEntry, key: string | null, config: DataServicesConfig, flags: FeatureFlags): AcquiredDataServices {
  const { services } = entry;
  const logger = new Logger({ label: config.logLabel, enabled: flags.debug });
  const detachLogger = services.log.attach(logger);
  let holding = false;
  let released = false;
  const setPerformanceMonitoring = (on: boolean) => {
    if (released || on === holding) return;
    holding = on;
    entry.monitorHolds += on ? 1 : -1;
    entry.perf.setRunning(entry.monitorHolds > 0);
  };
  setPerformanceMonitoring(flags.performanceMonitoring);
  return {
    services,
    logger,
    setPerformanceMonitoring,
    release: () => {
      if (released) return;
      setPerformanceMonitoring(false);
      released = true;
      detachLogger();
      if (key === null) entry.release();
      else releaseShared(key);
    },
  };
}

function releaseShared(key: string): void {
  const entry = sharedByFeed.get(key);
  if (!entry) return;
  entry.refs -= 1;
  if (entry.refs > 0) return;
  sharedByFeed.delete(key);
  entry.release();
}
