import { http, HttpResponse, ws } from 'msw';
import type { Alert, PortfolioLive, Price, RiskMetrics } from '../../src/core/protocol/index.js';

let counter = 0;

/** Sample data shaped like the feed's, for mocks and stories. */
export function samplePrice(assetId: string, price: number, changePercent24h = 1.25, ts = Date.now()): Price {
  const open = price / (1 + changePercent24h / 100);
  return {
    assetId, price, open24h: open, high24h: Math.max(open, price) * 1.01, low24h: Math.min(open, price) * 0.99,
    volume24h: 2.5e10, change24h: price - open, changePercent24h, marketCap: price * 1.9e7, ts,
  };
}

type Send = (frame: unknown) => void;

export interface MockFeedOptions {
  /** REST answers per path (after the origin), e.g. `{'/api/prices/live': {...}}`. */
  rest?: Record<string, unknown | ((url: URL) => unknown)>;
  /** Called on each client subscribe; send data frames with `send`. Default: answer `subscribed`. */
  onSubscribe?: (frame: { channel: string; params?: Record<string, unknown> }, send: Send) => void;
  /** Refuse WebSocket connections (close at once), to exercise polling and error states. */
  refuseSocket?: boolean;
  /** Close code used when refusing: 1013 ("try again later") puts the client in `suspended`. Default 1011. */
  refuseCode?: number;
}

/**
 * A mocked feed on an origin of its own: REST handlers plus a WebSocket link that speaks the
 * protocol (welcome, subscribed, data frames with per-stream seq). Returns the handlers to pass to
 * `useMocks` and helpers to push frames to every connected client.
 */
export function mockFeed(options: MockFeedOptions = {}) {
  const id = ++counter;
  const origin = `http://feed-${id}.mock`;
  const wsUrl = `ws://feed-${id}.mock/ws`;
  const link = ws.link(wsUrl);
  const clients = new Set<Send>();
  const seqs = new Map<string, number>();
  const nextSeq = (stream: string) => {
    const seq = (seqs.get(stream) ?? 0) + 1;
    seqs.set(stream, seq);
    return seq;
  };

  const restHandlers = Object.entries(options.rest ?? {}).map(([path, body]) =>
    http.all(`${origin}${path}`, async ({ request }) => {
      // A function may answer later (a Promise), or never, to show a loading state.
      const value = await (typeof body === 'function' ? (body as (url: URL) => unknown)(new URL(request.url)) : body);
      if (value instanceof Response) return value;
      return HttpResponse.json(value as object);
    }),
  );

  const socketHandler = link.addEventListener('connection', ({ client }) => {
    if (options.refuseSocket) {
      client.close(options.refuseCode ?? 1011, 'refused by the mock');
      return;
    }
    const send: Send = (frame) => client.send(JSON.stringify(frame));
    clients.add(send);
    client.addEventListener('close', () => clients.delete(send));
    send({ type: 'welcome', sessionId: `mock-${id}`, heartbeatMs: 30000, serverTime: Date.now(), protocolVersion: 1, maxFrameBytes: 65536 });
    client.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data));
      if (frame.type === 'ping') send({ type: 'pong', id: frame.id, serverTime: Date.now() });
      if (frame.type === 'unsubscribe') send({ type: 'unsubscribed', channel: frame.channel, params: frame.params });
      if (frame.type !== 'subscribe') return;
      const streams = frame.channel === 'price_updates'
        ? ((frame.params?.assetIds as string[] | undefined) ?? []).map((a) => `price_updates:${a}`)
        : frame.channel === 'alerts' ? ['alerts'] : [`${frame.channel}:${frame.params?.portfolioId}`];
      const positions = Object.fromEntries(streams.map((s: string) => [s, { epoch: 'mock', seq: seqs.get(s) ?? 0 }]));
      send({ type: 'subscribed', channel: frame.channel, params: frame.params, positions });
      options.onSubscribe?.(frame, send);
    });
  });

  const broadcast = (frame: unknown) => clients.forEach((send) => send(frame));
  return {
    origin,
    wsUrl,
    handlers: [...restHandlers, socketHandler],
    get clientCount() {
      return clients.size;
    },
    pushPrice(price: Price) {
      const stream = `price_updates:${price.assetId}`;
      broadcast({ type: 'price_update', channel: 'price_updates', stream, epoch: 'mock', seq: nextSeq(stream), ts: price.ts, data: price });
    },
    pushPortfolio(data: PortfolioLive) {
      const stream = `portfolio_updates:${data.portfolioId}`;
      broadcast({ type: 'portfolio_update', channel: 'portfolio_updates', stream, epoch: 'mock', seq: nextSeq(stream), ts: data.ts, data });
    },
    pushRisk(data: RiskMetrics) {
      const stream = `risk_metrics_updates:${data.portfolioId}`;
      broadcast({ type: 'risk_metrics_update', channel: 'risk_metrics_updates', stream, epoch: 'mock', seq: nextSeq(stream), ts: data.ts, data });
    },
    pushAlert(data: Alert) {
      broadcast({ type: 'alert', channel: 'alerts', stream: 'alerts', epoch: 'mock', seq: nextSeq('alerts'), ts: data.createdAt, data });
    },
  };
}

// Portfolio and risk samples. Kept in their own block (with their own type import) so other
// sample helpers can be appended independently.
import type { Holding, Portfolio, RiskLevel } from '../../src/core/protocol/index.js';

const SAMPLE_HOLDINGS: Holding[] = [
  { assetId: 'BTC', quantity: 0.5, costBasis: 20000 },
  { assetId: 'ETH', quantity: 4, costBasis: 8000 },
  { assetId: 'SOL', quantity: 30, costBasis: 3000 },
];

/** A stored portfolio (`GET /api/portfolios/:id`). */
export function samplePortfolio(id = 'p1', name = 'Main', holdings: Holding[] = SAMPLE_HOLDINGS, ts = Date.now()): Portfolio {
  return { id, name, holdings: holdings.map((h) => ({ ...h })), createdAt: ts - 86_400_000, updatedAt: ts };
}

/**
 * A portfolio valued at live prices (`GET /api/portfolios/:id/live`), worth `totalValue` and split
 * by `weights` (asset → share, summing to 1). The cost basis is 80 % of the value.
 */
export function samplePortfolioLive(
  portfolioId = 'p1',
  totalValue = 50000,
  overrides: Partial<Omit<PortfolioLive, 'allocation'>> & { weights?: Record<string, number> } = {},
): PortfolioLive {
  const { weights = { BTC: 0.6, ETH: 0.3, SOL: 0.1 }, ...rest } = overrides;
  const totalCost = totalValue * 0.8;
  const change24hPercent = rest.change24hPercent ?? 1.5;
  const allocation = Object.entries(weights).map(([assetId, weight]) => {
    const value = totalValue * weight;
    const price = assetId === 'BTC' ? 60000 : assetId === 'ETH' ? 3000 : 100;
    return { assetId, quantity: value / price, price, value, weight, pnl: value * 0.2, change24hPercent };
  });
  return {
    portfolioId,
    name: 'Main',
    totalValue,
    totalCost,
    pnl: totalValue - totalCost,
    pnlPercent: ((totalValue - totalCost) / totalCost) * 100,
    change24h: totalValue - totalValue / (1 + change24hPercent / 100),
    change24hPercent,
    allocation,
    ts: Date.now(),
    ...rest,
  };
}

/** The level the feed gives a score: low below 25, medium from 25, high from 50, critical from 75. */
export function sampleRiskLevel(score: number): RiskLevel {
  return score >= 75 ? 'critical' : score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low';
}

/** Risk metrics (`GET /api/portfolios/:id/risk`) with a score and a breakdown whose contributions sum to it. */
export function sampleRisk(portfolioId = 'p1', score = 62, overrides: Partial<RiskMetrics> = {}): RiskMetrics {
  const shares: Array<[RiskMetrics['breakdown'][number]['factor'], number, number]> = [
    ['volatility', 0.3, 0.68],
    ['valueAtRisk', 0.25, 0.045],
    ['drawdown', 0.2, -0.31],
    ['concentration', 0.15, 0.46],
    ['correlation', 0.1, 0.72],
  ];
  return {
    portfolioId,
    score,
    level: sampleRiskLevel(score),
    trend: 'stable',
    breakdown: shares.map(([factor, weight, value]) => ({ factor, value, score, weight, contribution: score * weight })),
    valueAtRisk: { confidence: 0.95, horizonDays: 1, historical: 2250, parametric: 2100 },
    expectedShortfall: { confidence: 0.95, horizonDays: 1, historical: 3100, parametric: 2900 },
    volatility: 0.68,
    maxDrawdown: -0.31,
    sharpeRatio: 1.12,
    concentration: 0.46,
    ts: Date.now(),
    ...overrides,
  };
}

// Alert, market and watchlist samples, in a block of their own like the one above.
import type { AlertsResponse, MarketMoversResponse, MarketSentimentResponse, MoverEntry, WatchlistItem } from '../../src/core/protocol/index.js';

let alertCounter = 0;

/** An alert as the feed sends it (an `alert` frame's data, or an entry of `GET /api/alerts`). */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  alertCounter += 1;
  return {
    id: `alert-${alertCounter}`,
    kind: 'price_move',
    severity: 'warning',
    title: 'BTC moved 5 %',
    message: 'BTC rose 5.2 % in the last hour.',
    assetId: 'BTC',
    createdAt: Date.now() - 1000 + alertCounter,
    acknowledged: false,
    ...overrides,
  };
}

/** `GET /api/alerts` answering with `alerts` (any order); `seq` follows creation time. */
export function sampleAlertsPage(alerts: Alert[]): AlertsResponse {
  const byTime = [...alerts].sort((a, b) => a.createdAt - b.createdAt);
  return {
    alerts: byTime.map((alert, i) => ({ ...alert, seq: i + 1 })).reverse(),
    position: { epoch: 'mock', seq: byTime.length },
    hasMore: false,
  };
}

/** `GET /api/market/movers?n=`: the gainers and losers among `prices`, ranked like the feed ranks them. */
export function sampleMovers(prices: Price[], n = 5, ts = Date.now()): MarketMoversResponse {
  const entry = (p: Price): MoverEntry => ({ assetId: p.assetId, price: p.price, changePercent24h: p.changePercent24h });
  const ranked = (keep: (c: number) => boolean, order: 1 | -1) =>
    prices
      .filter((p) => keep(p.changePercent24h))
      .sort((a, b) => order * (a.changePercent24h - b.changePercent24h) || a.assetId.localeCompare(b.assetId))
      .slice(0, n)
      .map(entry);
  return { gainers: ranked((c) => c > 0, -1), losers: ranked((c) => c < 0, 1), ts };
}

/** `GET /api/market/sentiment` with the given reading; the counts match `breadth` over 10 assets. */
export function sampleSentiment(overrides: Partial<MarketSentimentResponse> = {}): MarketSentimentResponse {
  const breadth = overrides.breadth ?? 0.4;
  const assets = overrides.assets ?? 10;
  const advancers = Math.round(((1 + breadth) / 2) * assets);
  return {
    sentiment: 'bullish',
    score: 0.32,
    breadth,
    capWeightedChangePercent: 1.2,
    advancers,
    decliners: assets - advancers,
    unchanged: 0,
    assets,
    ts: Date.now(),
    ...overrides,
  };
}

/** `GET /api/watchlist` items for the given asset ids, added one second apart. */
export function sampleWatchlist(assetIds: string[] = ['BTC', 'ETH'], ts = Date.now()): WatchlistItem[] {
  return assetIds.map((assetId, i) => ({ assetId, addedAt: ts - (assetIds.length - i) * 1000 }));
}
