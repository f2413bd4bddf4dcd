import type { MarketSentimentLabel } from '../protocol/index.js';
import { price24hAgo, toPriceMap, type PriceLike, type PriceSource } from './price-source.js';

/** The sentiment and every number it was read from. */
export interface MarketSentiment {
  readonly sentiment: MarketSentimentLabel;
  /** Composite in -1..1: the mean of breadth and the capped cap-weighted change. */
  readonly score: number;
  /** `(advancers - decliners) / assets`, -1..1. */
  readonly breadth: number;
  /** Market-cap-weighted 24 h change in percent (equal weights when caps are unknown). */
  readonly capWeightedChangePercent: number;
  readonly advancers: number;
  readonly decliners: number;
  readonly unchanged: number;
  readonly assets: number;
}

export interface MarketSentimentOptions {
  /** Cap-weighted change (percent) that counts as a full-strength move. Default 5. */
  fullMovePercent?: number;
  /** Score from which the market is bullish (and below minus which bearish). Default 0.2. */
  threshold?: number;
}

/** 24 h change in percent: `changePercent24h`, or derived from `open24h`; NaN when unknown. */
export function changePercentOf(p: PriceLike): number {
  if (p.changePercent24h !== undefined) return p.changePercent24h;
  const before = price24hAgo(p);
  return before === undefined ? Number.NaN : (p.price / before - 1) * 100;
}

function entries(prices: PriceSource): PriceLike[] {
  return [...toPriceMap(prices).values()];
}

/**
 * Bullish, neutral or bearish from two readings: breadth (share of advancers minus share of
 * decliners) and the cap-weighted 24 h change, scaled by `fullMovePercent` and capped to ±1.
 * The score is their mean; at or above `threshold` bullish, at or below `-threshold` bearish.
 * Assets with an unknown change are left out; with none left the market is neutral.
 */
export function getMarketSentiment(prices: PriceSource, options: MarketSentimentOptions = {}): MarketSentiment {
  const fullMove = options.fullMovePercent ?? 5;
  const threshold = options.threshold ?? 0.2;
  const known = entries(prices)
    .map((p) => ({ change: changePercentOf(p), cap: p.marketCap }))
    .filter((x) => Number.isFinite(x.change));
  const advancers = known.filter((x) => x.change > 0).length;
  const decliners = known.filter((x) => x.change < 0).length;
  const assets = known.length;
  const capsKnown = known.length > 0 && known.every((x) => x.cap !== undefined && x.cap > 0);
  const totalWeight = known.reduce((acc, x) => acc + (capsKnown ? (x.cap as number) : 1), 0);
  const capWeightedChangePercent =
    totalWeight > 0 ? known.reduce((acc, x) => acc + (capsKnown ? (x.cap as number) : 1) * x.change, 0) / totalWeight : 0;
  const breadth = assets > 0 ? (advancers - decliners) / assets : 0;
  const move = Math.max(-1, Math.min(1, capWeightedChangePercent / fullMove));
  const score = (breadth + move) / 2;
  return {
    sentiment: score >= threshold ? 'bullish' : score <= -threshold ? 'bearish' : 'neutral',
    score,
    breadth,
    capWeightedChangePercent,
    advancers,
    decliners,
    unchanged: assets - advancers - decliners,
    assets,
  };
}

/** One asset ranked by its 24 h change. */
export interface Mover {
  readonly assetId: string;
  readonly price: number;
  readonly changePercent24h: number;
}

function movers(prices: PriceSource, keep: (c: number) => boolean, order: 1 | -1): Mover[] {
  return entries(prices)
    .map((p) => ({ assetId: p.assetId, price: p.price, changePercent24h: changePercentOf(p) }))
    .filter((m) => Number.isFinite(m.changePercent24h) && keep(m.changePercent24h))
    .sort((a, b) => order * (a.changePercent24h - b.changePercent24h) || a.assetId.localeCompare(b.assetId));
}

/** Up to `n` assets that rose, largest rise first (ties by asset id). */
export function getTopGainers(prices: PriceSource, n: number): Mover[] {
  return movers(prices, (c) => c > 0, -1).slice(0, Math.max(0, Math.floor(n)));
}

/** Up to `n` assets that fell, largest fall first (ties by asset id). */
export function getTopLosers(prices: PriceSource, n: number): Mover[] {
  return movers(prices, (c) => c < 0, 1).slice(0, Math.max(0, Math.floor(n)));
}

/** Cross-section of 24 h changes (percent). */
export interface PriceChangeStats {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  /** Sample (n - 1) standard deviation of the changes: how far apart the assets moved. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly advancers: number;
  readonly decliners: number;
  readonly unchanged: number;
}

/**
 * Mean, median, dispersion and counts of 24 h changes, from prices or plain percent changes.
 * Unknown (NaN) changes are left out. NaN statistics for no changes; std NaN for one.
 */
export function getPriceChangeStats(input: PriceSource | readonly number[]): PriceChangeStats {
  const changes = (
    Array.isArray(input) && input.every((x) => typeof x === 'number')
      ? (input as readonly number[]).slice()
      : entries(input as PriceSource).map(changePercentOf)
  ).filter((x) => Number.isFinite(x));
  const n = changes.length;
  const sorted = changes.slice().sort((a, b) => a - b);
  const mean = n ? changes.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const median = n === 0 ? Number.NaN : n % 2 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  const std = n > 1 ? Math.sqrt(changes.reduce((acc, x) => acc + (x - mean) * (x - mean), 0) / (n - 1)) : Number.NaN;
  const advancers = changes.filter((x) => x > 0).length;
  const decliners = changes.filter((x) => x < 0).length;
  return {
    count: n,
    mean,
    median,
    std,
    min: n ? (sorted[0] as number) : Number.NaN,
    max: n ? (sorted[n - 1] as number) : Number.NaN,
    advancers,
    decliners,
    unchanged: n - advancers - decliners,
  };
}
