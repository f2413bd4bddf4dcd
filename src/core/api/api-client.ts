import { checkLivePrices } from '../protocol/fast-checks.js';
import type {
  AlertRule,
  AlertRuleCreate,
  AlertsResponse,
  Asset,
  MarketMoversResponse,
  MarketSentimentResponse,
  MarketTicker,
  Portfolio,
  PortfolioCreate,
  PortfolioLive,
  PortfolioPatch,
  Price,
  PriceHistory,
  PriceHistoryResolution,
  RiskHistory,
  RiskMetrics,
  RiskTimeframe,
  WatchlistItem,
} from '../protocol/index.js';
import { createInterceptors, type ApiInterceptors } from './interceptors.js';
import { bodySchema, defaultSleep, performRequest, type BodySchema, type CallOptions, type MutationCallOptions, type RequestSpec, type RequestTiming, type TransportConfig } from './request.js';

/** Options of {@link ApiClient}. */
export interface ApiClientOptions {
  /** The feed server's origin (or origin plus prefix), e.g. `http://127.0.0.1:8080`. Paths start with `/api`. */
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout in ms. Default 10000. */
  timeoutMs?: number;
  /**
   * Retries of a mutation (it carries an `Idempotency-Key`) after its first attempt, for transient
   * failures (network, timeout, 5xx, 429). Default 2. Reads are never retried here: the query
   * cache retries them.
   */
  retries?: number;
  /** First retry's backoff ceiling in ms (full jitter, doubling). Default 300. */
  retryBaseMs?: number;
  /** Largest retry wait in ms, `Retry-After` included. Default 5000. */
  retryMaxMs?: number;
  /** Called after every attempt, successful or not. Must be cheap; errors thrown are ignored. */
  onRequestTiming?: (timing: RequestTiming) => void;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** @internal Seams for tests. */
  random?: () => number;
  /** @internal */
  now?: () => number;
  /** @internal */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Query of {@link ApiClient.getAlerts}: alerts after a position in the alerts stream. */
export interface AlertsQuery {
  /** Sequence number after which alerts are wanted. */
  since?: number;
  /** Epoch `since` belongs to; a mismatch makes the server answer from the start of its history. */
  epoch?: string;
  /** At most this many (1..1000). */
  limit?: number;
}

const ok = null;

/**
 * Typed, validated access to the feed server's REST API.
 *
 * Every answer is checked against the protocol's schemas; a mismatch rejects with an
 * {@link ApiError} of code `invalid_response`. Mutations carry an `Idempotency-Key` that stays the
 * same across retries of one call.
 *
 * @example
 * const api = new ApiClient({ baseUrl: 'http://127.0.0.1:8080' });
 * const prices = await api.getLivePrices(['BTC', 'ETH']);
 */
export class ApiClient {
  /** The resolved base URL. */
  readonly baseUrl: string;
  /**
   * Request interceptors run before every attempt (add headers, such as `Authorization`); response
   * interceptors see every answer first and may send the attempt again (a fresh token after a 401).
   *
   * @example
   * const eject = api.interceptors.request.use((req) => { req.headers['x-trace'] = traceId(); });
   */
  readonly interceptors: ApiInterceptors = createInterceptors();
  readonly #config: TransportConfig;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl;
    const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (!fetchImpl) throw new Error('ApiClient: no fetch implementation available; pass options.fetch');
    this.#config = {
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: Math.max(0, options.retries ?? 2),
      retryBaseMs: options.retryBaseMs ?? 300,
      retryMaxMs: options.retryMaxMs ?? 5000,
      random: options.random ?? Math.random,
      now: options.now ?? (() => (globalThis.performance ?? Date).now()),
      sleep: options.sleep ?? defaultSleep,
      onRequestTiming: options.onRequestTiming,
      headers: options.headers,
      interceptors: this.interceptors,
    };
  }

  #request<S extends BodySchema<unknown> | null>(spec: RequestSpec<S>) {
    return performRequest(this.#config, spec);
  }

  /** `GET /api/health`. */
  getHealth(options: CallOptions = {}) {
    return this.#request({ method: 'GET', path: '/api/health', schema: bodySchema('healthResponseSchema'), signal: options.signal });
  }

  /** `GET /api/assets`. */
  async getAssets(options: CallOptions = {}): Promise<Asset[]> {
    return (await this.#request({ method: 'GET', path: '/api/assets', schema: bodySchema('assetsResponseSchema'), signal: options.signal })).assets;
  }

  /** `GET /api/prices/live?ids=`; every asset when `assetIds` is absent. */
  async getLivePrices(assetIds?: readonly string[], options: CallOptions = {}): Promise<Price[]> {
    const ids = assetIds && assetIds.length ? [...assetIds].join(',') : undefined;
    const answer = await this.#request({ method: 'GET', path: '/api/prices/live', query: { ids }, schema: bodySchema('livePricesResponseSchema', checkLivePrices), signal: options.signal });
    return answer.prices;
  }

  /** Recent closes of one asset: 1-minute points for the last day, or hourly for the last 30 days. */
  getPriceHistory(assetId: string, resolution: PriceHistoryResolution = '1m', options: CallOptions = {}): Promise<PriceHistory> {
    return this.#request({
      method: 'GET',
      path: `/api/prices/${encodeURIComponent(assetId)}/history`,
      query: { resolution },
      schema: bodySchema('priceHistorySchema'),
      signal: options.signal,
    });
  }

  /** `GET /api/market/ticker`. */
  getMarketTicker(options: CallOptions = {}): Promise<MarketTicker> {
    return this.#request({ method: 'GET', path: '/api/market/ticker', schema: bodySchema('marketTickerSchema'), signal: options.signal });
  }

  /** `GET /api/market/sentiment`. */
  getMarketSentiment(options: CallOptions = {}): Promise<MarketSentimentResponse> {
    return this.#request({ method: 'GET', path: '/api/market/sentiment', schema: bodySchema('marketSentimentSchema'), signal: options.signal });
  }

  /** `GET /api/market/movers?n=`: the `n` biggest gainers and losers (server default 5). */
  getMarketMovers(n?: number, options: CallOptions = {}): Promise<MarketMoversResponse> {
    return this.#request({ method: 'GET', path: '/api/market/movers', query: { n }, schema: bodySchema('marketMoversSchema'), signal: options.signal });
  }

  /** `GET /api/portfolios`. */
  async getPortfolios(options: CallOptions = {}): Promise<Portfolio[]> {
    return (await this.#request({ method: 'GET', path: '/api/portfolios', schema: bodySchema('portfoliosResponseSchema'), signal: options.signal })).portfolios;
  }

  /** `GET /api/portfolios/:id`. */
  getPortfolio(id: string, options: CallOptions = {}): Promise<Portfolio> {
    return this.#request({ method: 'GET', path: `/api/portfolios/${encodeURIComponent(id)}`, schema: bodySchema('portfolioSchema'), signal: options.signal });
  }

  /** `GET /api/portfolios/:id/live`: the portfolio valued at live prices. */
  getPortfolioLiveData(portfolioId: string, options: CallOptions = {}): Promise<PortfolioLive> {
    return this.#request({ method: 'GET', path: `/api/portfolios/${encodeURIComponent(portfolioId)}/live`, schema: bodySchema('portfolioLiveSchema'), signal: options.signal });
  }

  /** `POST /api/portfolios`. */
  createPortfolio(body: PortfolioCreate, options: MutationCallOptions = {}): Promise<Portfolio> {
    return this.#request({ method: 'POST', path: '/api/portfolios', body, schema: bodySchema('portfolioSchema'), ...options });
  }

  /** `PATCH /api/portfolios/:id`. */
  updatePortfolio(id: string, patch: PortfolioPatch, options: MutationCallOptions = {}): Promise<Portfolio> {
    return this.#request({ method: 'PATCH', path: `/api/portfolios/${encodeURIComponent(id)}`, body: patch, schema: bodySchema('portfolioSchema'), ...options });
  }

  /** `DELETE /api/portfolios/:id`. Any body in the answer is ignored. */
  deletePortfolio(id: string, options: MutationCallOptions = {}): Promise<void> {
    return this.#request({ method: 'DELETE', path: `/api/portfolios/${encodeURIComponent(id)}`, schema: ok, ...options });
  }

  /** `GET /api/alerts?since=&epoch=&limit=`: alerts after a stream position, plus the position read. */
  getAlerts(query: AlertsQuery = {}, options: CallOptions = {}): Promise<AlertsResponse> {
    return this.#request({
      method: 'GET',
      path: '/api/alerts',
      query: { since: query.since, epoch: query.epoch, limit: query.limit },
      schema: bodySchema('alertsResponseSchema'),
      signal: options.signal,
    });
  }

  /** `POST /api/alerts/:id/ack`. Any body in the answer is ignored. */
  acknowledgeAlert(id: string, options: MutationCallOptions = {}): Promise<void> {
    return this.#request({ method: 'POST', path: `/api/alerts/${encodeURIComponent(id)}/ack`, schema: ok, ...options });
  }

  /** `GET /api/alert-rules`. */
  async getAlertRules(options: CallOptions = {}): Promise<AlertRule[]> {
    return (await this.#request({ method: 'GET', path: '/api/alert-rules', schema: bodySchema('alertRulesResponseSchema'), signal: options.signal })).rules;
  }

  /** `POST /api/alert-rules`. */
  createAlertRule(body: AlertRuleCreate, options: MutationCallOptions = {}): Promise<AlertRule> {
    return this.#request({ method: 'POST', path: '/api/alert-rules', body, schema: bodySchema('alertRuleSchema'), ...options });
  }

  /** `DELETE /api/alert-rules/:id`. */
  deleteAlertRule(id: string, options: MutationCallOptions = {}): Promise<void> {
    return this.#request({ method: 'DELETE', path: `/api/alert-rules/${encodeURIComponent(id)}`, schema: ok, ...options });
  }

  /** `GET /api/watchlist`. */
  async getWatchlist(options: CallOptions = {}): Promise<WatchlistItem[]> {
    return (await this.#request({ method: 'GET', path: '/api/watchlist', schema: bodySchema('watchlistResponseSchema'), signal: options.signal })).items;
  }

  /** `PUT /api/watchlist/:assetId`. Any body in the answer is ignored. */
  addToWatchlist(assetId: string, options: MutationCallOptions = {}): Promise<void> {
    return this.#request({ method: 'PUT', path: `/api/watchlist/${encodeURIComponent(assetId)}`, schema: ok, ...options });
  }

  /** `DELETE /api/watchlist/:assetId`. */
  removeFromWatchlist(assetId: string, options: MutationCallOptions = {}): Promise<void> {
    return this.#request({ method: 'DELETE', path: `/api/watchlist/${encodeURIComponent(assetId)}`, schema: ok, ...options });
  }

  /** `GET /api/portfolios/:id/risk`. */
  getRiskMetrics(portfolioId: string, options: CallOptions = {}): Promise<RiskMetrics> {
    return this.#request({ method: 'GET', path: `/api/portfolios/${encodeURIComponent(portfolioId)}/risk`, schema: bodySchema('riskMetricsSchema'), signal: options.signal });
  }

  /** `GET /api/portfolios/:id/risk/history?timeframe=`. */
  getRiskMetricsHistory(portfolioId: string, timeframe: RiskTimeframe, options: CallOptions = {}): Promise<RiskHistory> {
    return this.#request({
      method: 'GET',
      path: `/api/portfolios/${encodeURIComponent(portfolioId)}/risk/history`,
      query: { timeframe },
      schema: bodySchema('riskHistorySchema'),
      signal: options.signal,
    });
  }
}
