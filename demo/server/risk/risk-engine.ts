import {
  getRiskAlerts,
  getRiskTrend,
  type PriceLike,
  type RiskAlert,
  type RiskAlertLimits,
  type RiskAlertState,
  type RiskScoreConfig,
  type RiskTrendOptions,
} from '../../../src/core/analytics/index.js';
import type {
  MarketMoversResponse,
  MarketSentimentResponse,
  RiskHistory,
  RiskMetrics,
  RiskTimeframe,
} from '../../../src/core/protocol/index.js';
import { AssetBook } from './asset-book.js';
import { CorrelationTimeline, replayRiskHistory, type BackfillSeries } from './history-backfill.js';
import { marketMoversBody, marketSentimentBody } from './market-endpoints.js';
import { historyKeeps } from './risk-history.js';
import { normalizeHoldings, PortfolioTrack, type TrackedHolding } from './portfolio-track.js';
import { readRisk, weightedCorrelation } from './risk-reading.js';

const DAY_MS = 86_400_000;

export interface RiskEngineOptions {
  /** Days per year the market trades. Default 365. */
  annualization?: number;
  /** Default 0.95. */
  confidence?: number;
  /** Default 1. */
  horizonDays?: number;
  /** Sampled returns in the rolling window. Default 1440 (24 h of minutes). */
  windowSize?: number;
  /** Time between samples. Default 60 000 ms. */
  sampleIntervalMs?: number;
  clock?: () => number;
  score?: RiskScoreConfig;
  alertLimits?: RiskAlertLimits;
  /** Trend over the last `window` readings (one a minute at most). Default window 10, tolerance 5. */
  trend?: RiskTrendOptions;
}

export interface EnginePortfolio {
  readonly id: string;
  readonly holdings: readonly TrackedHolding[];
}

/** A risk alert with the portfolio it concerns; the server stores it as an `Alert`. */
export type PortfolioRiskAlert = RiskAlert & { readonly portfolioId: string };

/**
 * Keeps portfolio risk current from a stream of prices. A tick costs O(1): it records the price;
 * once per sample interval the engine closes a sample for every asset (O(assets²) for the
 * covariance) and pushes each portfolio's value into its rolling window (O(holdings)).
 * `metrics` then reads a portfolio in O(holdings² + tail) without touching the history.
 */
export class RiskEngine {
  readonly annualization: number;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly windowSize: number;
  readonly sampleIntervalMs: number;
  readonly #clock: () => number;
  readonly #options: RiskEngineOptions;
  readonly #book: AssetBook;
  readonly #tracks = new Map<string, PortfolioTrack>();
  readonly #holdingKeys = new Map<string, string>();
  /** Backfilled closes at an interval other than the sample interval (hourly), per asset. */
  readonly #coarse = new Map<string, { closes: readonly number[]; intervalMs: number; endTs: number }>();
  #slot: number | undefined;
  /**
   * Correlation timelines shared by every portfolio's history replay, per ring and length; dropped
   * whenever the closes they were computed from change (a backfill, a closed sample).
   */
  readonly #timelines = new Map<string, CorrelationTimeline>();

  constructor(options: RiskEngineOptions = {}) {
    this.#options = options;
    this.annualization = options.annualization ?? 365;
    this.confidence = options.confidence ?? 0.95;
    this.horizonDays = options.horizonDays ?? 1;
    this.windowSize = options.windowSize ?? 1440;
    this.sampleIntervalMs = options.sampleIntervalMs ?? 60_000;
    this.#clock = options.clock ?? Date.now;
    this.#book = new AssetBook(this.windowSize, Math.ceil(DAY_MS / this.sampleIntervalMs) + 1);
  }

  /** Periods per year and horizon in periods at a sampling interval. */
  #scale(intervalMs: number): { annualization: number; horizon: number } {
    const perDay = DAY_MS / intervalMs;
    return { annualization: this.annualization * perDay, horizon: this.horizonDays * perDay };
  }

  /**
   * Loads past closes of one asset, oldest first, the newest being the last sample before now.
   * At the sample interval they seed the rolling window; at another interval (hourly) they seed
   * the long risk history (7d, 30d).
   */
  backfill(assetId: string, closes: readonly number[], intervalMs: number): void {
    const now = this.#clock();
    if (intervalMs === this.sampleIntervalMs) {
      this.#book.load(assetId, closes);
      this.#slot = Math.floor(now / this.sampleIntervalMs);
      for (const t of this.#tracks.values()) t.stale = true;
    } else {
      this.#coarse.set(assetId, { closes: closes.slice(), intervalMs, endTs: Math.floor(now / intervalMs) * intervalMs - 1 });
    }
    for (const t of this.#tracks.values()) t.historyStale = true;
    this.#timelines.clear();
  }

  /** One tick. Closes any samples that ended before `ts`, then records the price. */
  onPrice(assetId: string, price: number, ts: number): void {
    if (!(price > 0) || !Number.isFinite(price)) return;
    const slot = Math.floor(ts / this.sampleIntervalMs);
    if (this.#slot === undefined) this.#slot = slot;
    if (slot > this.#slot) {
      const steps = Math.min(slot - this.#slot, this.windowSize + 1);
      for (let k = 0; k < steps; k += 1) this.#closeSample();
      this.#slot = slot;
    }
    this.#book.setLast(assetId, price);
  }

  #closeSample(): void {
    this.#book.closeSample();
    this.#timelines.clear();
    for (const t of this.#tracks.values()) {
      if (t.stale) continue;
      const { value } = t.valueAt((id) => this.#book.last(id));
      t.risk.push(value);
    }
  }

  /**
   * A portfolio was created or its holdings changed. Costs O(holdings): its rolling window and its
   * history are rebuilt when it is next read (the next risk tick, a history request), so a burst
   * of edits to one portfolio costs one replay, not one per edit.
   */
  setPortfolio(portfolio: EnginePortfolio): void {
    const { holdings, key } = normalizeHoldings(portfolio.holdings);
    if (this.#holdingKeys.get(portfolio.id) === key && this.#tracks.has(portfolio.id)) return;
    this.#holdingKeys.set(portfolio.id, key);
    this.#tracks.set(portfolio.id, new PortfolioTrack(portfolio.id, holdings, this.windowSize));
  }

  removePortfolio(id: string): void {
    this.#tracks.delete(id);
    this.#holdingKeys.delete(id);
  }

  get portfolioIds(): string[] {
    return [...this.#tracks.keys()];
  }

  #track(id: string): PortfolioTrack {
    const track = this.#tracks.get(id);
    if (!track) throw new Error(`risk engine: unknown portfolio "${id}"`);
    this.#refresh(track);
    return track;
  }

  /** Rebuilds what a backfill or a holdings change made stale. */
  #refresh(track: PortfolioTrack): void {
    if (track.stale) {
      track.resetRisk();
      const depth = Math.min(this.#book.depth, this.windowSize + 1);
      const series = track.holdings.map((h) => this.#book.closes(h.assetId, depth));
      for (let t = 0; t < depth; t += 1) {
        let value = 0;
        track.holdings.forEach((h, i) => (value += h.quantity * ((series[i] as number[])[t] ?? 0)));
        track.risk.push(value);
      }
      track.stale = false;
    }
    if (track.historyStale) {
      this.#replayHistory(track);
      track.historyStale = false;
    }
  }

  #replayHistory(track: PortfolioTrack): void {
    track.history.clear();
    const base = { confidence: this.confidence, ...(this.#options.score ? { score: this.#options.score } : {}) };
    const coarse = track.holdings.map((h) => this.#coarse.get(h.assetId));
    const first = coarse[0];
    if (first && coarse.every((c) => c && c.intervalMs === first.intervalMs)) {
      const closes = new Map<string, readonly number[]>();
      for (const [id, c] of this.#coarse) if (c.intervalMs === first.intervalMs) closes.set(id, c.closes);
      const points = this.#replay(track, `coarse ${first.intervalMs} ${first.endTs}`, closes, {
        ...base,
        ...this.#scale(first.intervalMs),
        positions: track.holdings.map((h, i) => ({ quantity: h.quantity, closes: coarse[i]!.closes })),
        intervalMs: first.intervalMs,
        endTs: first.endTs,
        keep: historyKeeps('coarse', first.endTs, first.intervalMs),
        windowSize: Math.max(2, Math.round((this.windowSize * this.sampleIntervalMs) / first.intervalMs)),
      });
      for (const p of points) track.history.coarse.record(p);
    }
    const depth = this.#book.depth;
    const endTs = (this.#slot ?? Math.floor(this.#clock() / this.sampleIntervalMs)) * this.sampleIntervalMs - 1;
    const fine = this.#replay(track, `fine ${endTs}`, () => new Map(this.#book.ids.map((id) => [id, this.#book.closes(id, depth)])), {
      ...base,
      ...this.#scale(this.sampleIntervalMs),
      positions: track.holdings.map((h) => ({ quantity: h.quantity, closes: this.#book.closes(h.assetId, depth) })),
      intervalMs: this.sampleIntervalMs,
      endTs,
      keep: historyKeeps('fine', endTs, this.sampleIntervalMs),
      windowSize: this.windowSize,
    });
    for (const p of fine) track.history.record(p);
  }

  /**
   * Replays one portfolio's history, reading pair correlations from the timeline of every asset's
   * closes (built by the first portfolio replayed since the closes last changed).
   */
  #replay(
    track: PortfolioTrack,
    ring: string,
    closes: ReadonlyMap<string, readonly number[]> | (() => ReadonlyMap<string, readonly number[]>),
    input: BackfillSeries,
  ) {
    const length = input.positions.length === 0 ? 0 : Math.min(...input.positions.map((p) => p.closes.length));
    if (length < 3 || input.positions.length < 2) return replayRiskHistory(input);
    const key = `${ring} ${length} ${input.windowSize}`;
    let timeline = this.#timelines.get(key);
    if (!timeline) {
      timeline = new CorrelationTimeline(typeof closes === 'function' ? closes() : closes, length, input);
      this.#timelines.set(key, timeline);
    }
    const correlationAt = timeline.reader(track.holdings.map((h) => h.assetId));
    return replayRiskHistory(correlationAt ? { ...input, correlationAt } : input);
  }

  /** The portfolio's risk now, at the given prices (the last tick of an asset fills a gap). */
  metrics(portfolioId: string, prices: ReadonlyMap<string, number>, ts: number): RiskMetrics {
    const track = this.#track(portfolioId);
    const { value, values } = track.valueAt((id) => prices.get(id) ?? this.#book.last(id));
    const weights = values.map((v) => (value > 0 ? v / value : 0));
    const snapshot = track.risk.snapshot(
      { ...this.#scale(this.sampleIntervalMs), confidence: this.confidence },
      value > 0 ? value : undefined,
    );
    const index = track.holdings.map((h) => this.#book.indexOf(h.assetId));
    const correlation = weightedCorrelation(weights, (i, j) => {
      const a = index[i];
      const b = index[j];
      return a === undefined || b === undefined ? Number.NaN : this.#book.correlation(a, b);
    });
    const reading = readRisk(snapshot, weights, correlation, this.#options.score);
    const window = Math.max(2, this.#options.trend?.window ?? 10);
    const trend = getRiskTrend([...track.history.recentScores(window - 1), reading.score], this.#options.trend);
    const money = (fraction: number): number => (Number.isFinite(fraction) ? fraction * value : 0);
    const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
    const loss = (historical: number, parametric: number) => ({
      confidence: this.confidence,
      horizonDays: this.horizonDays,
      historical: money(historical),
      parametric: money(parametric),
    });
    const metrics: RiskMetrics = {
      portfolioId,
      score: reading.score,
      level: reading.level,
      trend,
      breakdown: reading.breakdown,
      valueAtRisk: loss(snapshot.historicalVaR, snapshot.parametricVaR),
      expectedShortfall: loss(snapshot.historicalES, snapshot.parametricES),
      volatility: finite(snapshot.volatility),
      maxDrawdown: finite(snapshot.maxDrawdown),
      sharpeRatio: Number.isFinite(snapshot.sharpeRatio) ? snapshot.sharpeRatio : null,
      concentration: finite(reading.inputs.concentration),
      ts,
    };
    track.history.record({ ts, score: metrics.score, level: metrics.level, volatility: metrics.volatility, valueAtRisk: metrics.valueAtRisk.historical });
    track.rememberValue(ts, value);
    return metrics;
  }

  /** Risk readings over a timeframe: backfilled at start-up, then one per computed snapshot. */
  history(portfolioId: string, timeframe: RiskTimeframe): RiskHistory {
    return this.#track(portfolioId).history.read(portfolioId, timeframe, this.#clock());
  }

  /** Alerts for the step between two readings of a portfolio (level change, limits crossed). */
  alertsFor(portfolioId: string, previous: RiskMetrics | undefined, next: RiskMetrics): PortfolioRiskAlert[] {
    const track = this.#tracks.get(portfolioId);
    const state = (m: RiskMetrics): RiskAlertState => ({
      score: m.score,
      level: m.level,
      valueAtRisk: Math.max(m.valueAtRisk.historical, m.valueAtRisk.parametric),
      value: track ? track.valueRecordedAt(m.ts) : 0,
      concentration: m.concentration,
    });
    return getRiskAlerts(previous && state(previous), state(next), this.#options.alertLimits).map((a) => ({ ...a, portfolioId }));
  }

  sentiment(prices: Iterable<PriceLike>, ts: number): MarketSentimentResponse {
    return marketSentimentBody(prices, ts);
  }

  movers(prices: Iterable<PriceLike>, n: number, ts: number): MarketMoversResponse {
    return marketMoversBody(prices, n, ts);
  }
}
