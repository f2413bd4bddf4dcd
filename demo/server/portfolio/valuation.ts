import type { Allocation, Portfolio, PortfolioLive } from '../../../src/core/protocol/index.js';

/** What valuation needs from the market: the price now and 24 h ago. */
export interface PriceSource {
  priceOf(assetId: string): number | undefined;
  open24h(assetId: string): number | undefined;
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
      change24hPercent: open > 0 ? ((price - open) / open) * 100 : 0,
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
    pnlPercent: totalCost > 0 ? (pnl / totalCost) * 100 : 0,
    change24h,
    change24hPercent: value24hAgo > 0 ? (change24h / value24hAgo) * 100 : 0,
    allocation: rows
      .map((r) => ({ ...r, weight: totalValue > 0 ? r.value / totalValue : 0 }))
      .sort((a, b) => b.value - a.value),
    ts,
  };
}
