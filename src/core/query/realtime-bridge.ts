import { notifyManager, type Query, type QueryClient, type QueryKey } from '@tanstack/query-core';
import type { Alert, PortfolioLive, Price, PriceParams, PortfolioParams, RiskMetrics } from '../protocol/index.js';
import { systemTimers, type DataMeta, type ResyncEvent, type Timers, type WebSocketClient } from '../socket/index.js';
import { defaultFrameScheduler, type FrameScheduler } from './frame-scheduler.js';
import { liveKeysOf } from './live-keys.js';
import { PriceListIndex } from './price-list-index.js';
import { afterFrameRendered, renderBudgetOf, type RenderBudget } from './render-budget.js';
import { normalizeAlerts } from './query-options.js';
import { queryKeys } from './query-keys.js';

/** The part of the socket client the bridge uses. */
export type RealtimeSource = Pick<WebSocketClient, 'on' | 'getConnectionStatus'>;

export interface RealtimeBridgeOptions {
  /** When to flush coalesced writes. Default: once per animation frame (slow timer when hidden). */
  scheduler?: FrameScheduler;
  /** Invalidations after a lost stream are spread over `0..invalidateJitterMs`. Default 1000. */
  invalidateJitterMs?: number;
  random?: () => number;
  timers?: Timers;
  /** Clock for `updatedAt`. */
  now?: () => number;
  /**
   * Slows the flush down (30 Hz, 15 Hz) while frames run over budget. Default: the query client's
   * shared budget (see `renderBudgetOf`) where there are animation frames; `false` turns it off.
   */
  budget?: RenderBudget | false;
}

/** True while a bridge flushes: the notifications it causes are delivered at once, not a task later. */
let flushing = false;
let schedulerInstalled = false;

/**
 * Query-core hands its notifications to observers in a `setTimeout(0)` task. For a flush that would
 * put the widgets' re-render in a task after the frame, so the change would show a frame late and the
 * render budget would time the wrong frame. During a flush they run at once instead (the widgets then
 * update in the same frame's microtasks); at any other time query-core's default stands.
 */
function installFlushScheduler(): void {
  if (schedulerInstalled) return;
  schedulerInstalled = true;
  notifyManager.setScheduler((callback) => {
    if (!flushing) {
      setTimeout(callback, 0);
      return;
    }
    try {
      callback();
    } catch (err) {
      // An observer's failure is reported as it would have been from its own task, and the flush goes on.
      setTimeout(() => {
        throw err;
      }, 0);
    }
  });
}

/**
 * Feeds socket updates into the query cache.
 *
 * Updates are coalesced: at most one `setQueryData` per key per frame, latest value wins; live
 * alerts are prepended to the alerts list (newest first, de-duplicated, at most 100). Keys written
 * from the live socket are marked live so they never go stale (no refetch on focus or mount)
 * until the socket leaves `connected`. When a stream could not be recovered (`resync`), the
 * matching queries are invalidated after a random delay, so a server restart does not turn into
 * a REST stampede. Query-core's `onlineManager` is never touched: a socket outage is not "offline".
 *
 * @returns A function that disconnects the bridge.
 */
export function connectRealtimeBridge(queryClient: QueryClient, socket: RealtimeSource, options: RealtimeBridgeOptions = {}): () => void {
  const scheduler = options.scheduler ?? defaultFrameScheduler();
  const timers = options.timers ?? systemTimers;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => Date.now());
  const jitterMs = options.invalidateJitterMs ?? 1000;
  const live = liveKeysOf(queryClient);
  const priceLists = new PriceListIndex(queryClient);
  const hasFrames = typeof (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame === 'function';
  const budget = options.budget === false ? null : (options.budget ?? (hasFrames ? renderBudgetOf(queryClient) : null));
  const monotonic = () => globalThis.performance?.now() ?? Date.now();
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  installFlushScheduler();

  let prices = new Map<string, { value: Price; live: boolean }>();
  const portfolios = new Map<string, { value: PortfolioLive; live: boolean }>();
  const risks = new Map<string, { value: RiskMetrics; live: boolean }>();
  let alerts: Alert[] = [];
  let alertsLive = false;
  let cancelFrame: (() => void) | null = null;
  // Frames that arrived on the wire (counted before any coalescing, in the Worker too): with the
  // rows they made due, they tell the budget whether spacing flushes out would save any writes.
  const framesReceived = () => (socket as Partial<Pick<WebSocketClient, 'getStats'>>).getStats?.().framesReceived;
  let receivedAtFlush = framesReceived();
  const invalidations = new Set<unknown>();
  let disposed = false;

  const schedule = () => {
    if (!cancelFrame && !disposed) cancelFrame = scheduler.request(onFrame);
  };

  function onFrame(): void {
    cancelFrame = null;
    // A hidden page renders nothing, so it neither waits nor slices.
    const paced = budget && !hidden() ? budget : null;
    const start = monotonic();
    // Over budget: keep coalescing into a later frame.
    if (paced && !paced.shouldFlush(start)) {
      schedule();
      return;
    }
    const waiting = prices.size + portfolios.size + risks.size;
    const received = framesReceived();
    const arrivals = received !== undefined && receivedAtFlush !== undefined ? received - receivedAtFlush : undefined;
    receivedAtFlush = received;
    const rows = flush(paced ? paced.rowQuota(waiting) : Infinity);
    if (paced) afterFrameRendered(start, monotonic, (workMs) => paced.record(workMs, rows, waiting, arrivals));
    // Rows the quota held back keep their previous values and catch up in the next frames.
    if (prices.size) schedule();
  }

  // The query each hot key wrote last time, so a flush writes to it directly: `setQueryData`
  // re-derives options and re-hashes the key on every call, which dominated the flush.
  const cache = queryClient.getQueryCache();
  const written = new Map<string, Query>();
  const write = (id: string, key: () => QueryKey, value: unknown, isLive: boolean, updatedAt: number) => {
    let query = written.get(id);
    if (query && cache.get(query.queryHash) === query) {
      query.setData(value, { updatedAt, manual: true });
    } else {
      const queryKey = key();
      queryClient.setQueryData(queryKey, value, { updatedAt });
      // By hash, as setQueryData itself does: `cache.find` would hash the key of every query in
      // the cache, which made the first write of 1,000 new keys quadratic (seconds of frames).
      query = cache.get(queryClient.defaultQueryOptions({ queryKey }).queryHash);
      if (query) written.set(id, query);
      else written.delete(id);
    }
    if (isLive && query && !live.has(query.queryHash)) live.add(query.queryKey);
  };

  /** The first `quota` pending prices (the longest waiting: a new tick keeps its key's place), taken out of `prices`. */
  function takePrices(quota: number): Map<string, { value: Price; live: boolean }> {
    if (prices.size <= quota) {
      const all = prices;
      prices = new Map();
      return all;
    }
    const some = new Map<string, { value: Price; live: boolean }>();
    for (const [assetId, entry] of prices) {
      if (some.size >= quota) break;
      some.set(assetId, entry);
    }
    for (const assetId of some.keys()) prices.delete(assetId);
    return some;
  }

  /** Writes what is pending, at most `quota` prices of it; returns how many keys it wrote. */
  function flush(quota = Infinity): number {
    const updatedAt = now();
    const stillLive = socket.getConnectionStatus().state === 'connected';
    const due = takePrices(Math.max(0, quota - portfolios.size - risks.size));
    const rows = due.size + portfolios.size + risks.size;
    const outer = flushing;
    flushing = true;
    try {
      notifyManager.batch(() => writeAll(due, updatedAt, stillLive));
    } finally {
      flushing = outer;
    }
    portfolios.clear();
    risks.clear();
    alerts = [];
    alertsLive = false;
    return rows;
  }

  function writeAll(due: ReadonlyMap<string, { value: Price; live: boolean }>, updatedAt: number, stillLive: boolean): void {
    for (const [assetId, { value, live: isLive }] of due) write(`p:${assetId}`, () => queryKeys.price(assetId), value, isLive && stillLive, updatedAt);
    if (due.size) {
      for (const [query, ids] of priceLists.listsFor(due.keys())) {
        const old = query.state.data as Price[] | undefined;
        if (!old) continue; // a partial list would pose as the full one
        query.setData(mergePrices(old, ids, due), { updatedAt, manual: true });
      }
    }
    for (const [id, { value, live: isLive }] of portfolios) write(`v:${id}`, () => queryKeys.portfolioLive(id), value, isLive && stillLive, updatedAt);
    for (const [id, { value, live: isLive }] of risks) write(`r:${id}`, () => queryKeys.risk(id), value, isLive && stillLive, updatedAt);
    if (alerts.length) {
      const fresh = alerts;
      // Only extend a list that was loaded: live alerts alone would hide the history.
      if (queryClient.getQueryData(queryKeys.alerts()) !== undefined) {
        queryClient.setQueryData<Alert[]>(queryKeys.alerts(), (old) => normalizeAlerts([...fresh, ...(old ?? [])]), { updatedAt });
        if (alertsLive && stillLive) live.add(queryKeys.alerts());
      }
    }
  }

  const isLive = (meta: DataMeta) => meta.transport === 'websocket';
  const offs = [
    socket.on('price_update', (msg, meta) => {
      prices.set(msg.data.assetId, { value: msg.data, live: isLive(meta) });
      schedule();
    }),
    socket.on('portfolio_update', (msg, meta) => {
      portfolios.set(msg.data.portfolioId, { value: msg.data, live: isLive(meta) });
      schedule();
    }),
    socket.on('risk_metrics_update', (msg, meta) => {
      risks.set(msg.data.portfolioId, { value: msg.data, live: isLive(meta) });
      schedule();
    }),
    socket.on('alert', (msg, meta) => {
      alerts.unshift(msg.data);
      if (alerts.length > 100) alerts.length = 100;
      alertsLive ||= isLive(meta);
      schedule();
    }),
    socket.on('statechange', ({ to }) => {
      if (to !== 'connected') live.clear();
    }),
    // A fresh alerts subscription starts at the server's current position; alerts raised between
    // the list's REST read and that moment would be missed, so the list is read again.
    socket.on('subscribed', (event) => {
      if (event.channel !== 'alerts' || event.recovered) return;
      if (queryClient.getQueryState(queryKeys.alerts()) !== undefined) void queryClient.invalidateQueries({ queryKey: queryKeys.alerts(), exact: true });
    }),
    socket.on('resync', (event) => {
      const handle = timers.setTimeout(() => {
        invalidations.delete(handle);
        if (!disposed) void invalidateFor(queryClient, event);
      }, random() * jitterMs);
      invalidations.add(handle);
    }),
  ];

  return () => {
    if (disposed) return;
    disposed = true;
    for (const off of offs) off();
    priceLists.dispose();
    written.clear();
    cancelFrame?.();
    cancelFrame = null;
    for (const handle of invalidations) timers.clearTimeout(handle);
    invalidations.clear();
    live.clear();
  };
}

/** `old` with the fresh prices of `ids` in place, in the same order; assets new to the list go last. */
function mergePrices(old: readonly Price[], ids: readonly string[], fresh: ReadonlyMap<string, { value: Price }>): Price[] {
  const missing = new Set(ids);
  const next = old.map((price) => {
    if (!missing.delete(price.assetId)) return price;
    return fresh.get(price.assetId)!.value;
  });
  for (const id of missing) next.push(fresh.get(id)!.value);
  return next;
}

/** The queries a lost stream fed, refetched if observed. */
export function queryKeysForResync(event: Pick<ResyncEvent, 'channel' | 'params'>): QueryKey[] {
  switch (event.channel) {
    case 'price_updates': {
      const ids = (event.params as PriceParams | undefined)?.assetIds;
      return ids ? [...ids.map((id) => queryKeys.price(id)), queryKeys.pricesLists()] : [[...queryKeys.all(), 'prices']];
    }
    case 'portfolio_updates':
      return [queryKeys.portfolioLive((event.params as PortfolioParams).portfolioId)];
    case 'risk_metrics_updates':
      return [queryKeys.risk((event.params as PortfolioParams).portfolioId)];
    case 'alerts':
      return [queryKeys.alerts()];
  }
}

async function invalidateFor(queryClient: QueryClient, event: ResyncEvent): Promise<void> {
  await Promise.all(queryKeysForResync(event).map((queryKey) => queryClient.invalidateQueries({ queryKey, exact: false })));
}
