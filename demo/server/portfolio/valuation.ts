import type { Allocation, Portfolio, PortfolioLive } from '../../../src/core/protocol/index.js';

/** What valuation needs from the market: the price now and 24 h ago. */
export interface PriceSource {
  priceOf(assetId: string): number | undefined;
  open24h(assetId: string): number | undefined;
}

/**
 * `part` as a percentage of `whole` (0 when there is no whole). A whole can be tiny (a cost basis of
 * 5e-324 is a valid number), and the quotient then overflows: it is held at the largest finite
 * value, so every figure of a valuation stays a finite number.
 */
function percentOf(part: number, whole: number): number {
  if (!(whole > 0)) return 0;
  const percent = (part / whole) * 100;
  return Number.isFinite(percent) ? percent : Math.sign(percent) * Number.MAX_VALUE;
}

/**
 * Values a portfolio at live prices. Holdings of the same asset are merged so the allocation has
 * one row per asset; weights are shares of the total value (0 when the portfolio is worth 0).
 */
export function valuePortfolio(portfolio: Portfolio, market: PriceSource, ts: number): PortfolioLive {
  const merged = new Map<string, { quantity: number; cost: number }>();
  for (const h of portfolio.holdings) {
    const row = merged.get(h.assetId) ?? { quantity: 0, cost: 0 };
    row.quantity += h.quantity;
    row.cost += h.costBasis;
    merged.set(h.assetId, row);
  }
  let totalValue = 0;
  let totalCost = 0;
  let value24hAgo = 0;
  const rows: Omit<Allocation, 'weight'>[] = [];
  for (const [assetId, { quantity, cost }] of merged) {
    const price = market.priceOf(assetId) ?? 0;
    const open = market.open24h(assetId) ?? price;
    const value = quantity * price;
    totalValue += value;
    totalCost += cost;
    value24hAgo += quantity * open;
    rows.push({
      assetId,
      quantity,
      price,
      value,
      pnl: value - cost,
      change24hPercent: percentOf(price - open, open),
    });
  }
  const pnl = totalValue - totalCost;
  const change24h = totalValue - value24hAgo;
  return {
    portfolioId: portfolio.id,
    name: portfolio.name,
    totalValue,
    totalCost,
    pnl,
    pnlPercent: percentOf(pnl, totalCost),
    change24h,
    change24hPercent: percentOf(change24h, value24hAgo),
    allocation: rows
      .map((r) => ({ ...r, weight: totalValue > 0 ? r.value / totalValue : 0 }))
      .sort((a, b) => b.value - a.value),
    ts,
  };
}
