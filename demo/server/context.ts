import type { AlertService } from './alerts/alert-service.js';
import type { AlertRuleEngine } from './alerts/rule-engine.js';
import type { MarketSimulator } from './market/simulator.js';
import type { ResolvedOptions } from './options.js';
import type { PortfolioFeed } from './portfolio/portfolio-feed.js';
import type { Db } from './store/db.js';
import type { IdempotencyRepository, PortfolioRepository, RuleRepository, UserData, UserRepository, WatchlistRepository } from './store/user-data.js';
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
  /** User data: SQLite, or Redis with `--redis`; the fields below are its parts. */
  readonly userData: UserData;
  readonly portfolios: PortfolioRepository;
  readonly watchlist: WatchlistRepository;
  readonly rules: RuleRepository;
  readonly idempotency: IdempotencyRepository;
  readonly alerts: AlertService;
  readonly ruleEngine: AlertRuleEngine;
  readonly portfolioFeed: PortfolioFeed;
  readonly users: UserRepository;
  readonly tokens: TokenVerifier;
  /** The REST caller from `Authorization: Bearer`, recorded as a known user. */
  readonly authenticate: Authenticate;
  clientCount(): number;
}
