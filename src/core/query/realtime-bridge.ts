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

  const prices = new Map<string, { value: Price; live: boolean }>();
  const portfolios = new Map<string, { value: PortfolioLive; live: boolean }>();
  const risks = new Map<string, { value: RiskMetrics; live: boolean }>();
  let alerts: Alert[] = [];
  let alertsLive = false;
  let cancelFrame: (() => void) | null = null;
  const invalidations = new Set<unknown>();
  let disposed = false;

  const schedule = () => {
    if (!cancelFrame && !disposed) cancelFrame = scheduler.request(onFrame);
  };

  function onFrame(): void {
    cancelFrame = null;
    // Over budget: keep coalescing into a later frame. A hidden page renders nothing, so it never waits.
    if (budget && !hidden() && !budget.shouldFlush()) {
      schedule();
      return;
    }
    const start = monotonic();
    flush();
    if (budget) afterFrameRendered(start, monotonic, (workMs) => budget.record(workMs));
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
      query = cache.find({ queryKey, exact: true });
      if (query) written.set(id, query);
      else written.delete(id);
    }
    if (isLive && query && !live.has(query.queryHash)) live.add(query.queryKey);
  };

  function flush(): void {
    const updatedAt = now();
    const stillLive = socket.getConnectionStatus().state === 'connected';
    notifyManager.batch(() => {
      for (const [assetId, { value, live: isLive }] of prices) write(`p:${assetId}`, () => queryKeys.price(assetId), value, isLive && stillLive, updatedAt);
      if (prices.size) {
        for (const [query, ids] of priceLists.listsFor(prices.keys())) {
          const old = query.state.data as Price[] | undefined;
          if (!old) continue; // a partial list would pose as the full one
          query.setData(mergePrices(old, ids, prices), { updatedAt, manual: true });
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
    });
    prices.clear();
    portfolios.clear();
    risks.clear();
    alerts = [];
    alertsLive = false;
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
