import { isolate, streamKey, type Portfolio, type RiskHistory, type RiskMetrics, type RiskTimeframe } from '../../../src/core/protocol/index.js';
import type { AlertInput } from '../alerts/alert-service.js';
import type { MarketSimulator } from '../market/simulator.js';
import type { StreamRegistry } from '../streams/stream-registry.js';
import { RiskEngine } from './risk-engine.js';

export interface RiskFeedDeps {
  simulator: MarketSimulator;
  registry: StreamRegistry;
  /** The portfolios to keep risk for, and a way to publish one's metrics. */
  portfolios: { ids(): string[]; get(id: string): Portfolio | undefined; publishRisk(id: string, metrics: RiskMetrics, ts?: number): boolean };
  raiseAlert: (alert: AlertInput) => void;
  /** Wall clock, for message timestamps. */
  now: () => number;
}

/**
 * Connects the risk engine to the running feed: history from the simulator's backfill, every
 * tick into the engine, a reading per portfolio on each interval pushed on
 * `risk_metrics_updates`, and risk alerts (level changes, limits crossed) into the alerts stream.
 */
export class RiskFeed {
  readonly engine: RiskEngine;
  readonly #last = new Map<string, RiskMetrics>();
  #stopTicks: (() => void) | null = null;

  constructor(private readonly deps: RiskFeedDeps) {
    // The engine samples on market time, the clock the simulator's history is kept in.
    this.engine = new RiskEngine({ clock: () => deps.simulator.marketTime });
    this.reloadHistory();
    for (const id of deps.portfolios.ids()) this.upsert(id);
    this.#stopTicks = deps.simulator.history.onTick((tick) => this.engine.onPrice(tick.assetId, tick.price, tick.ts));
  }

  /** Seeds the engine from the simulator's price history (at start, and when a cluster node takes over the market). */
  reloadHistory(): void {
    for (const { id } of this.deps.simulator.assets) {
      const minutes = this.deps.simulator.history.closes(id, '1m');
      const hours = this.deps.simulator.history.closes(id, '1h');
      this.engine.backfill(id, hours.values, hours.intervalMs);
      this.engine.backfill(id, minutes.values, minutes.intervalMs);
    }
  }

  /** A portfolio was created or edited. */
  upsert(id: string): void {
    const portfolio = this.deps.portfolios.get(id);
    if (!portfolio) return;
    this.engine.setPortfolio({ id, holdings: portfolio.holdings });
    this.#last.delete(id);
  }

  remove(id: string): void {
    this.engine.removePortfolio(id);
    this.#last.delete(id);
  }

  /** The current reading, computed now. Undefined for an unknown portfolio. */
  current(id: string): RiskMetrics | undefined {
    if (!this.deps.portfolios.get(id)) return undefined;
    return this.engine.metrics(id, this.#prices(), this.deps.now());
  }

  history(id: string, timeframe: RiskTimeframe): RiskHistory | undefined {
    if (!this.deps.portfolios.get(id)) return undefined;
    return this.engine.history(id, timeframe);
  }

  /**
   * One reading for every portfolio: pushed to the risk stream when someone listens (or when
   * the stream has no value yet, so a subscribe is answered at once), and checked for alerts.
   */
  tick(): void {
    const prices = this.#prices();
    const ts = this.deps.now();
    for (const id of this.deps.portfolios.ids()) {
      const next = this.engine.metrics(id, prices, ts);
      const previous = this.#last.get(id);
      this.#last.set(id, next);
      const key = streamKey('risk_metrics_updates', id);
      const stream = this.deps.registry.get(key);
      // In a cluster this node sees only its own clients' streams; `watched` asks the whole cluster.
      const unset = !stream || (!this.deps.registry.backend && !stream.latest);
      if (unset || this.deps.registry.watched(key)) this.deps.portfolios.publishRisk(id, next, ts);
      for (const alert of this.engine.alertsFor(id, previous, next)) {
        const name = this.deps.portfolios.get(id)?.name ?? id;
        this.deps.raiseAlert({ kind: alert.kind, severity: alert.severity, title: `${isolate(name)}: ${alert.title}`, message: alert.message, portfolioId: id });
      }
    }
  }

  stop(): void {
    this.#stopTicks?.();
    this.#stopTicks = null;
  }

  #prices(): Map<string, number> {
    const prices = new Map<string, number>();
    for (const { id } of this.deps.simulator.assets) {
      const price = this.deps.simulator.priceOf(id);
      if (price !== undefined) prices.set(id, price);
    }
    return prices;
  }
}
