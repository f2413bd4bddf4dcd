import { getMarketSentiment, getTopGainers, getTopLosers, type PriceLike } from '../../../src/core/analytics/index.js';
import {
  describeIssues,
  marketMoversQuerySchema,
  validate,
  type MarketMoversResponse,
  type MarketSentimentResponse,
} from '../../../src/core/protocol/index.js';

export const DEFAULT_MOVERS = 5;

const list = (prices: Iterable<PriceLike>): PriceLike[] => [...prices];

/** Body of `GET /api/market/sentiment`. */
export function marketSentimentBody(prices: Iterable<PriceLike>, ts: number): MarketSentimentResponse {
  return { ...getMarketSentiment(list(prices)), ts };
}

/** Body of `GET /api/market/movers?n=`: `n` gainers and `n` losers. */
export function marketMoversBody(prices: Iterable<PriceLike>, n: number, ts: number): MarketMoversResponse {
  const all = list(prices);
  const pick = (m: { assetId: string; price: number; changePercent24h: number }) => ({
    assetId: m.assetId,
    price: m.price,
    changePercent24h: m.changePercent24h,
  });
  return { gainers: getTopGainers(all, n).map(pick), losers: getTopLosers(all, n).map(pick), ts };
}

/** Reads `?n=` (1..50, default 5) from a parsed query string. */
export function parseMoversQuery(query: unknown): { ok: true; n: number } | { ok: false; message: string } {
  const checked = validate(marketMoversQuerySchema, query ?? {});
  if (!checked.ok) return { ok: false, message: describeIssues(checked.issues) };
  return { ok: true, n: checked.value.n ?? DEFAULT_MOVERS };
}
