import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import {
  assetIdSchema,
  livePricesQuerySchema,
  priceHistoryQuerySchema,
  safeTextSchema,
  type MarketTicker,
  type Price,
} from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import { HttpError, notFound, parse, route } from './http.js';

const assetParamsSchema = z.strictObject({ assetId: assetIdSchema });

export function marketRoutes(app: FastifyInstance, ctx: FeedContext): void {
  const { simulator } = ctx;

  route(app, 'GET', '/api/health', () => ({
    status: 200,
    body: { status: 'ok', uptimeMs: ctx.now() - ctx.startedAt, clients: ctx.clientCount(), version: ctx.version },
  }));

  route(app, 'GET', '/api/assets', () => ({ status: 200, body: { assets: simulator.assetList() } }));

  route(app, 'GET', '/api/prices/live', (req) => {
    const { ids } = parse(livePricesQuerySchema, req.query);
    const ts = ctx.now();
    const wanted = ids && ids.length ? ids : simulator.assets.map((a) => a.id);
    if (ids) {
      ids.forEach((id, i) => parse(assetIdSchema, id, `ids.${i}`));
      const missing = ids.findIndex((id) => !simulator.has(id));
      if (missing >= 0) throw notFound(`asset ${ids[missing]}`, `ids.${missing}`);
    }
    const prices = [...new Set(wanted)].map((id) => simulator.quote(id, ts) as Price);
    return { status: 200, body: { prices, ts } };
  });

  route(app, 'GET', '/api/prices/:assetId/history', (req) => {
    const { assetId } = parse(assetParamsSchema, req.params);
    const { resolution = '1m' } = parse(priceHistoryQuerySchema, req.query);
    if (!simulator.has(assetId)) throw notFound(`asset ${assetId}`, 'assetId');
    const series = simulator.history.closes(assetId, resolution);
    const points = series.values.map((price, i) => ({ ts: series.start + i * series.intervalMs, price }));
    return { status: 200, body: { assetId, resolution, points } };
  });

  route(app, 'GET', '/api/market/ticker', () => ({ status: 200, body: ticker(ctx) }));

  if (!ctx.options.devRoutes) return;
  const devAlertSchema = z.strictObject({
    kind: z.optional(z.enum(['price_move', 'price_threshold', 'portfolio_drawdown', 'risk_level', 'risk_threshold'])),
    severity: z.optional(z.enum(['info', 'warning', 'critical'])),
    title: z.optional(safeTextSchema(200)),
    message: z.optional(safeTextSchema(2000)),
    assetId: z.optional(assetIdSchema),
    portfolioId: z.optional(z.string()),
  });
  route(app, 'POST', '/api/dev/alerts', async (req) => {
    const input = parse(devAlertSchema, req.body ?? {});
    if (input.assetId && !simulator.has(input.assetId)) throw notFound(`asset ${input.assetId}`, 'assetId');
    if (input.portfolioId && !ctx.portfolioFeed.has(input.portfolioId)) throw notFound(`portfolio ${input.portfolioId}`, 'portfolioId');
    // In a cluster, waits for Redis to number it, so the answer carries the real seq and epoch.
    const alert = await ctx.alerts.raiseNumbered({
      kind: input.kind ?? 'price_move',
      severity: input.severity ?? 'info',
      title: input.title ?? 'Test alert',
      message: input.message ?? 'Raised on request.',
      ...(input.assetId ? { assetId: input.assetId } : {}),
      ...(input.portfolioId ? { portfolioId: input.portfolioId } : {}),
    });
    return { status: 201, body: alert };
  });
}

function ticker(ctx: FeedContext): MarketTicker {
  const ts = ctx.now();
  const prices = ctx.simulator.assets.map((_, i) => ctx.simulator.quoteAt(i, ts));
  let totalMarketCap = 0;
  let totalVolume24h = 0;
  let capAgo = 0;
  for (const p of prices) {
    totalMarketCap += p.marketCap;
    totalVolume24h += p.volume24h;
    capAgo += p.price > 0 ? p.marketCap * (p.open24h / p.price) : 0;
  }
  const btc = prices.find((p) => p.assetId === 'BTC');
  if (totalMarketCap <= 0) throw new HttpError(500, 'internal', 'market has no capitalisation');
  return {
    prices,
    totalMarketCap,
    totalVolume24h,
    marketChangePercent24h: capAgo > 0 ? ((totalMarketCap - capAgo) / capAgo) * 100 : 0,
    btcDominance: btc ? (btc.marketCap / totalMarketCap) * 100 : 0,
    ts,
  };
}
