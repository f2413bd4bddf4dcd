import type { Allocation, Holding, Portfolio } from '../protocol/index.js';
import {
  componentRisk,
  covarianceMatrix,
  historyOf,
  simpleReturns,
  type PriceHistories,
} from './portfolio-math.js';
import { price24hAgo, toPriceMap, type PriceSource } from './price-source.js';

/** Holdings, or anything that carries them (a protocol `Portfolio`). */
export type HoldingsInput = readonly Holding[] | Pick<Portfolio, 'holdings'>;

/** A portfolio valued at given prices: the fields of `PortfolioLive` without the transport ones. */
export interface PortfolioStats {
  readonly totalValue: number;
  readonly totalCost: number;
  /** `totalValue - totalCost`. */
  readonly pnl: number;
  /** `pnl / totalCost` in percent; 0 when nothing was paid. */
  readonly pnlPercent: number;
  /** Value change over 24 h of today's quantities. */
  readonly change24h: number;
  /** `change24h` over the value 24 h ago, in percent; 0 when that is unknown or 0. */
  readonly change24hPercent: number;
  /** One entry per asset (repeated holdings merged), in the order first held. */
  readonly allocation: Allocation[];
}

function holdingsOf(input: HoldingsInput): readonly Holding[] {
  return Array.isArray(input) ? (input as readonly Holding[]) : (input as Pick<Portfolio, 'holdings'>).holdings;
}

/** Same-asset holdings merged: quantities and cost bases add up. */
export function mergeHoldings(holdings: readonly Holding[]): Holding[] {
  const merged = new Map<string, Holding>();
  for (const h of holdings) {
    const prior = merged.get(h.assetId);
    merged.set(h.assetId, prior ? { assetId: h.assetId, quantity: prior.quantity + h.quantity, costBasis: prior.costBasis + h.costBasis } : { ...h });
  }
  return [...merged.values()];
}

const percent = (num: number, den: number): number => (den > 0 ? (num / den) * 100 : 0);

/**
 * Value, cost, profit and loss, 24 h change and allocation at the given prices. An asset without
 * a price is valued at 0; one without a 24 h reference adds no 24 h change.
 */
export function getPortfolioStats(portfolio: HoldingsInput, prices: PriceSource): PortfolioStats {
  const map = toPriceMap(prices);
  const rows = mergeHoldings(holdingsOf(portfolio)).map((h) => {
    const p = map.get(h.assetId);
    const price = p?.price ?? 0;
    const before = p ? price24hAgo(p) : undefined;
    const value = h.quantity * price;
    return {
      h,
      price,
      value,
      valueBefore: before === undefined ? value : h.quantity * before,
      change24hPercent: before === undefined ? 0 : percent(price - before, before),
    };
  });
  const totalValue = rows.reduce((acc, r) => acc + r.value, 0);
  const totalCost = rows.reduce((acc, r) => acc + r.h.costBasis, 0);
  const valueBefore = rows.reduce((acc, r) => acc + r.valueBefore, 0);
  const change24h = totalValue - valueBefore;
  return {
    totalValue,
    totalCost,
    pnl: totalValue - totalCost,
    pnlPercent: percent(totalValue - totalCost, totalCost),
    change24h,
    change24hPercent: percent(change24h, valueBefore),
    allocation: rows.map((r) => ({
      assetId: r.h.assetId,
      quantity: r.h.quantity,
      price: r.price,
      value: r.value,
      weight: totalValue > 0 ? r.value / totalValue : 0,
      pnl: r.value - r.h.costBasis,
      change24hPercent: r.change24hPercent,
    })),
  };
}

/** An allocation entry with its return on cost. */
export type HoldingPerformance = Allocation & { readonly pnlPercent: number };

export interface TopPerformersOptions {
  /** Rank by return on cost (default) or by 24 h change. */
  by?: 'pnlPercent' | 'change24hPercent';
}

/** The `n` best holdings, best first (ties by asset id). */
export function getTopPerformers(
  portfolio: HoldingsInput,
  prices: PriceSource,
  n: number,
  options: TopPerformersOptions = {},
): HoldingPerformance[] {
  const by = options.by ?? 'pnlPercent';
  const costs = new Map(mergeHoldings(holdingsOf(portfolio)).map((h) => [h.assetId, h.costBasis]));
  return getPortfolioStats(portfolio, prices)
    .allocation.map((a) => ({ ...a, pnlPercent: percent(a.pnl, costs.get(a.assetId) ?? 0) }))
    .sort((a, b) => b[by] - a[by] || a.assetId.localeCompare(b.assetId))
    .slice(0, Math.max(0, Math.floor(n)));
}

/** One holding's part in portfolio risk. */
export interface HoldingRisk {
  readonly assetId: string;
  readonly weight: number;
  /** The asset's own annualised volatility. */
  readonly volatility: number;
  /** Its component of annualised portfolio volatility; the components sum to the total. */
  readonly contribution: number;
  /** `contribution / portfolio volatility`; the shares sum to 1. */
  readonly share: number;
}

/**
 * The `n` holdings that add the most to portfolio volatility (component risk
 * `w_i (S w)_i / sigma_p` from the sample covariance of the assets' returns over their common
 * history), largest first. Holdings without a price or a history are left out.
 */
export function getHighestRisk(
  portfolio: HoldingsInput,
  prices: PriceSource,
  histories: PriceHistories,
  n: number,
  options: { annualization?: number } = {},
): HoldingRisk[] {
  const annualization = options.annualization ?? 365;
  const allocation = getPortfolioStats(portfolio, prices).allocation.filter(
    (a) => a.value > 0 && (historyOf(histories, a.assetId)?.length ?? 0) > 1,
  );
  if (allocation.length === 0) return [];
  const returns = allocation.map((a) => simpleReturns(historyOf(histories, a.assetId) as readonly number[]));
  const length = Math.min(...returns.map((r) => r.length));
  const cov = covarianceMatrix(returns.map((r) => r.slice(r.length - length)));
  const total = allocation.reduce((acc, a) => acc + a.value, 0);
  const weights = allocation.map((a) => a.value / total);
  const parts = componentRisk(weights, cov);
  const root = Math.sqrt(annualization);
  return allocation
    .map((a, i) => ({
      assetId: a.assetId,
      weight: weights[i] as number,
      volatility: Math.sqrt((cov[i] as number[])[i] as number) * root,
      contribution: (parts.contributions[i] as number) * root,
      share: parts.shares[i] as number,
    }))
    .sort((a, b) => b.contribution - a.contribution || a.assetId.localeCompare(b.assetId))
    .slice(0, Math.max(0, Math.floor(n)));
}
