import { streamKey, type Portfolio, type PortfolioLive, type RiskMetrics } from '../../../src/core/protocol/index.js';
import type { AlertRuleEngine } from '../alerts/rule-engine.js';
import type { OwnedPortfolio } from '../store/user-data.js';
import type { Stream, StreamRegistry } from '../streams/stream-registry.js';
import { valuePortfolio, type PriceSource } from './valuation.js';

/**
 * Keeps the portfolios (and who owns each) in memory, values them at live prices, and publishes `portfolio_updates`
 * for those someone listens to (only when the value changed). Also owns the `risk_metrics_updates`
 * streams, so the risk engine only has to call `publishRisk`.
 */
export class PortfolioFeed {
  readonly #portfolios = new Map<string, Portfolio>();
  readonly #owners = new Map<string, string>();
  /** The last published value without its timestamp, to skip publishing unchanged values. */
  readonly #lastSignature = new Map<string, string>();
  readonly #changeListeners = new Set<(id: string, removed: boolean) => void>();

  constructor(
    private readonly registry: StreamRegistry,
    initial: readonly OwnedPortfolio[],
    private readonly market: PriceSource,
    private readonly rules: AlertRuleEngine,
    private readonly now: () => number,
    private readonly marketNow: () => number,
  ) {
    for (const { owner, portfolio } of initial) {
      this.#portfolios.set(portfolio.id, portfolio);
      this.#owners.set(portfolio.id, owner);
    }
  }

  /** Who owns the portfolio; undefined when there is none with this id. */
  ownerOf(id: string): string | undefined {
    return this.#owners.get(id);
  }

  has(id: string): boolean {
    return this.#portfolios.has(id);
  }

  get(id: string): Portfolio | undefined {
    return this.#portfolios.get(id);
  }

  ids(): string[] {
    return [...this.#portfolios.keys()];
  }

  live(id: string): PortfolioLive | undefined {
    const p = this.#portfolios.get(id);
    return p ? valuePortfolio(p, this.market, this.now()) : undefined;
  }

  stream(id: string): Stream {
    return this.registry.ensure(streamKey('portfolio_updates', id), { channel: 'portfolio_updates', type: 'portfolio_update' });
  }

  riskStream(id: string): Stream {
    return this.registry.ensure(streamKey('risk_metrics_updates', id), { channel: 'risk_metrics_updates', type: 'risk_metrics_update' });
  }

  /** Publishes the portfolio's value when it differs from the last message (or there is none). */
  refresh(id: string): void {
    const live = this.live(id);
    if (!live) return;
    const signature = JSON.stringify({ ...live, ts: 0 });
    const stream = this.stream(id);
    // In a cluster the latest value may sit in Redis only; the signature alone says it is unchanged.
    if ((stream.latest || this.registry.backend) && this.#lastSignature.get(id) === signature) return;
    this.#lastSignature.set(id, signature);
    this.registry.publish(stream, live, live.ts);
  }

  /** Runs on the portfolio interval: drawdown checks for all, updates for the watched ones. */
  tick(): void {
    const marketNow = this.marketNow();
    for (const [id, p] of this.#portfolios) {
      const live = valuePortfolio(p, this.market, this.now());
      this.rules.evaluatePortfolio(id, p.name, live.totalValue, marketNow);
      if (this.registry.watched(streamKey('portfolio_updates', id))) this.refresh(id);
    }
  }

  /** Calls `listener` after every create, edit or delete (the risk engine follows holdings this way). */
  onChange(listener: (id: string, removed: boolean) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** After a create or an edit: the new value goes out at once. */
  upsert(portfolio: Portfolio, owner: string): void {
    this.#portfolios.set(portfolio.id, portfolio);
    this.#owners.set(portfolio.id, owner);
    for (const listener of this.#changeListeners) listener(portfolio.id, false);
    this.rules.resetPortfolio(portfolio.id);
    if (this.registry.get(streamKey('portfolio_updates', portfolio.id))) this.refresh(portfolio.id);
  }

  remove(id: string): void {
    this.#portfolios.delete(id);
    this.#owners.delete(id);
    for (const listener of this.#changeListeners) listener(id, true);
    this.#lastSignature.delete(id);
    this.rules.resetPortfolio(id);
    this.registry.remove(streamKey('portfolio_updates', id));
    this.registry.remove(streamKey('risk_metrics_updates', id));
  }

  /** The seam for the risk engine: push one portfolio's metrics to its subscribers. */
  publishRisk(portfolioId: string, metrics: RiskMetrics, ts = this.now()): boolean {
    if (!this.#portfolios.has(portfolioId)) return false;
    this.registry.publish(this.riskStream(portfolioId), metrics, ts);
    return true;
  }

}
