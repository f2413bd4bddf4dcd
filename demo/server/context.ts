import type { AlertService } from './alerts/alert-service.js';
import type { AlertRuleEngine } from './alerts/rule-engine.js';
import type { MarketSimulator } from './market/simulator.js';
import type { ResolvedOptions } from './options.js';
import type { PortfolioFeed } from './portfolio/portfolio-feed.js';
import type { Db } from './store/db.js';
import type { IdempotencyStore } from './store/idempotency.js';
import type { PortfolioStore } from './store/portfolios.js';
import type { RuleStore } from './store/rules.js';
import type { UserStore } from './store/users.js';
import type { WatchlistStore } from './store/watchlist.js';
import type { Authenticate } from './rest/http.js';
import type { TokenVerifier } from './auth/tokens.js';
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
  readonly users: UserStore;
  readonly tokens: TokenVerifier;
  /** The REST caller from `Authorization: Bearer`, recorded as a known user. */
  readonly authenticate: Authenticate;
  clientCount(): number;
}
