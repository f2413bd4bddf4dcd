import type { AlertService } from './alerts/alert-service.js';
import type { AlertRuleEngine } from './alerts/rule-engine.js';
import type { MarketSimulator } from './market/simulator.js';
import type { ResolvedOptions } from './options.js';
import type { PortfolioFeed } from './portfolio/portfolio-feed.js';
import type { Db } from './store/db.js';
import type { IdempotencyStore } from './store/idempotency.js';
import type { PortfolioStore } from './store/portfolios.js';
import type { RuleStore } from './store/rules.js';
import type { WatchlistStore } from './store/watchlist.js';
import type { StreamRegistry } from './streams/stream-registry.js';

/** Everything the REST routes and the WebSocket layer share. */
export interface FeedContext {
  readonly options: ResolvedOptions;
  readonly now: () => number;
  readonly startedAt: number;
  readonly version: string;
  readonly db: Db;
  readonly simulator: MarketSimulator;
  readonly registry: StreamRegistry;
  readonly portfolios: PortfolioStore;
  readonly watchlist: WatchlistStore;
  readonly rules: RuleStore;
  readonly idempotency: IdempotencyStore;
  readonly alerts: AlertService;
  readonly ruleEngine: AlertRuleEngine;
  readonly portfolioFeed: PortfolioFeed;
  clientCount(): number;
}
