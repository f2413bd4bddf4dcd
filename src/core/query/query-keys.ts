import type { PriceHistoryResolution, RiskTimeframe } from '../protocol/index.js';

/** Every key starts with this, so the library's queries can be found (and cleared) together. */
export const QUERY_ROOT = 'crw' as const;

function sortedIds(ids: readonly string[] | undefined): string[] | null {
  return ids && ids.length ? [...new Set(ids)].sort() : null;
}

/**
 * Query keys for every resource. Lists and their items share a prefix (`['crw', 'portfolios']`),
 * so one invalidation can reach both; id lists are sorted so the same set always hits one entry.
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: queryKeys.portfolios() });
 */
export const queryKeys = {
  all: () => [QUERY_ROOT] as const,
  assets: () => [QUERY_ROOT, 'assets'] as const,
  /** Prices of a set of assets; `null` ids means every asset. */
  prices: (ids?: readonly string[]) => [QUERY_ROOT, 'prices', 'list', sortedIds(ids)] as const,
  /** Prefix of every prices list key. */
  pricesLists: () => [QUERY_ROOT, 'prices', 'list'] as const,
  price: (assetId: string) => [QUERY_ROOT, 'prices', 'one', assetId] as const,
  priceHistory: (assetId: string, resolution: PriceHistoryResolution) => [QUERY_ROOT, 'prices', 'history', assetId, resolution] as const,
  ticker: () => [QUERY_ROOT, 'market', 'ticker'] as const,
  marketSentiment: () => [QUERY_ROOT, 'market', 'sentiment'] as const,
  movers: (n: number) => [QUERY_ROOT, 'market', 'movers', n] as const,
  portfolios: () => [QUERY_ROOT, 'portfolios'] as const,
  portfolio: (id: string) => [QUERY_ROOT, 'portfolios', id] as const,
  portfolioLive: (id: string) => [QUERY_ROOT, 'portfolios', id, 'live'] as const,
  risk: (portfolioId: string) => [QUERY_ROOT, 'portfolios', portfolioId, 'risk'] as const,
  riskHistory: (portfolioId: string, timeframe: RiskTimeframe) => [QUERY_ROOT, 'portfolios', portfolioId, 'risk', 'history', timeframe] as const,
  alerts: () => [QUERY_ROOT, 'alerts'] as const,
  alertRules: () => [QUERY_ROOT, 'alert-rules'] as const,
  watchlist: () => [QUERY_ROOT, 'watchlist'] as const,
} as const;
