import type { QueryKey, QueryObserverOptions } from '@tanstack/query-core';
import type { ApiClient } from '../api/index.js';
import type {
  Alert,
  AlertRule,
  Asset,
  MarketMoversResponse,
  MarketSentimentResponse,
  MarketTicker,
  Portfolio,
  PortfolioLive,
  Price,
  PriceHistory,
  PriceHistoryResolution,
  RiskHistory,
  RiskMetrics,
  RiskTimeframe,
  WatchlistItem,
} from '../protocol/index.js';
import { queryKeys } from './query-keys.js';

/** Most alerts kept in the alerts list, newest first. */
export const ALERTS_LIST_LIMIT = 100;

/** Options ready for `new QueryObserver(client, options)` or `client.fetchQuery(options)`. */
export type QueryOptionsFor<T, K extends QueryKey> = QueryObserverOptions<T, Error, T, T, K> & { queryKey: K };

function options<T, K extends QueryKey>(queryKey: K, queryFn: (signal: AbortSignal) => Promise<T>): QueryOptionsFor<T, K> {
  return { queryKey, queryFn: ({ signal }) => queryFn(signal) };
}

/** Newest first, one entry per id, at most {@link ALERTS_LIST_LIMIT}. */
export function normalizeAlerts(alerts: readonly Alert[]): Alert[] {
  const seen = new Set<string>();
  const out: Alert[] = [];
  for (const alert of [...alerts].sort((a, b) => b.createdAt - a.createdAt)) {
    if (seen.has(alert.id)) continue;
    seen.add(alert.id);
    out.push(alert);
    if (out.length === ALERTS_LIST_LIMIT) break;
  }
  return out;
}

/**
 * Query-option factories, one per resource, bound to an {@link ApiClient}.
 *
 * @example
 * const q = createQueryOptions(api);
 * const observer = new QueryObserver(queryClient, q.portfolioLive('p1'));
 */
export function createQueryOptions(api: ApiClient) {
  return {
    assets: () => options<Asset[], ReturnType<typeof queryKeys.assets>>(queryKeys.assets(), (signal) => api.getAssets({ signal })),
    prices: (ids?: readonly string[]) =>
      options<Price[], ReturnType<typeof queryKeys.prices>>(queryKeys.prices(ids), (signal) => api.getLivePrices(ids, { signal })),
    price: (assetId: string) =>
      options<Price, ReturnType<typeof queryKeys.price>>(queryKeys.price(assetId), async (signal) => {
        const [price] = await api.getLivePrices([assetId], { signal });
        if (!price) throw new Error(`no price for ${assetId}`);
        return price;
      }),
    priceHistory: (assetId: string, resolution: PriceHistoryResolution) =>
      options<PriceHistory, ReturnType<typeof queryKeys.priceHistory>>(queryKeys.priceHistory(assetId, resolution), (signal) =>
        api.getPriceHistory(assetId, resolution, { signal }),
      ),
    ticker: () => options<MarketTicker, ReturnType<typeof queryKeys.ticker>>(queryKeys.ticker(), (signal) => api.getMarketTicker({ signal })),
    marketSentiment: () =>
      options<MarketSentimentResponse, ReturnType<typeof queryKeys.marketSentiment>>(queryKeys.marketSentiment(), (signal) => api.getMarketSentiment({ signal })),
    movers: (n: number) =>
      options<MarketMoversResponse, ReturnType<typeof queryKeys.movers>>(queryKeys.movers(n), (signal) => api.getMarketMovers(n, { signal })),
    portfolios: () => options<Portfolio[], ReturnType<typeof queryKeys.portfolios>>(queryKeys.portfolios(), (signal) => api.getPortfolios({ signal })),
    portfolio: (id: string) => options<Portfolio, ReturnType<typeof queryKeys.portfolio>>(queryKeys.portfolio(id), (signal) => api.getPortfolio(id, { signal })),
    portfolioLive: (id: string) =>
      options<PortfolioLive, ReturnType<typeof queryKeys.portfolioLive>>(queryKeys.portfolioLive(id), (signal) => api.getPortfolioLiveData(id, { signal })),
    risk: (portfolioId: string) =>
      options<RiskMetrics, ReturnType<typeof queryKeys.risk>>(queryKeys.risk(portfolioId), (signal) => api.getRiskMetrics(portfolioId, { signal })),
    riskHistory: (portfolioId: string, timeframe: RiskTimeframe) =>
      options<RiskHistory, ReturnType<typeof queryKeys.riskHistory>>(queryKeys.riskHistory(portfolioId, timeframe), (signal) =>
        api.getRiskMetricsHistory(portfolioId, timeframe, { signal }),
      ),
    /** The latest alerts, newest first (at most 100); the realtime bridge prepends live ones. */
    alerts: () =>
      options<Alert[], ReturnType<typeof queryKeys.alerts>>(queryKeys.alerts(), async (signal) => {
        const page = await api.getAlerts({ limit: ALERTS_LIST_LIMIT }, { signal });
        return normalizeAlerts(page.alerts.map(({ seq: _seq, ...alert }) => alert));
      }),
    alertRules: () => options<AlertRule[], ReturnType<typeof queryKeys.alertRules>>(queryKeys.alertRules(), (signal) => api.getAlertRules({ signal })),
    watchlist: () => options<WatchlistItem[], ReturnType<typeof queryKeys.watchlist>>(queryKeys.watchlist(), (signal) => api.getWatchlist({ signal })),
  };
}

export type QueryOptionsFactory = ReturnType<typeof createQueryOptions>;
