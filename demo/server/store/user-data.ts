import type { AlertRule, AlertWithSeq, Holding, Portfolio, WatchlistItem } from '../../../src/core/protocol/index.js';
import type { StreamHistory } from '../streams/stream-registry.js';

/**
 * The user data a feed server keeps (portfolios with their holdings, watchlists, alert rules,
 * alert acknowledgements, idempotency keys, known users), as one contract with two implementations: SQLite for the
 * single-process default (`sqlite-user-data.ts`) and Redis for a cluster of nodes
 * (`redis-user-data.ts`). Every method is async because Redis is; the contract test
 * (`user-data.contract.ts`) runs the same cases against both.
 */
export interface UserData extends UserDataRepositories {
  readonly kind: 'sqlite' | 'redis';
  /** Writes the demo user's portfolios and watchlist the first time this store is used, never again. */
  seedDemoData(now: number): Promise<void>;
  /**
   * Calls `listener` when another node changed a portfolio or a rule (re-read it to learn how), or
   * with `all` when changes may have been missed (the connection to the store was lost), so the
   * server's in-memory mirrors can follow. A single-process store has no other writers and never calls it.
   */
  onRemoteChange(listener: (change: RemoteChange) => void): () => void;
  /** Releases connections (the SQLite database itself belongs to the server). */
  close(): Promise<void>;
}

/** The parts of a store that hold data, as each store builds them. */
export interface UserDataRepositories {
  readonly portfolios: PortfolioRepository;
  readonly watchlist: WatchlistRepository;
  readonly rules: RuleRepository;
  readonly idempotency: IdempotencyRepository;
  readonly users: UserRepository;
  readonly acks: AlertAckRepository;
}

export interface PortfolioRepository {
  /** One owner's portfolios, oldest first (ties by id). */
  list(owner: string): Promise<Portfolio[]>;
  /** Every portfolio with its owner: the server's own view (valuation, risk). */
  all(): Promise<OwnedPortfolio[]>;
  get(id: string): Promise<Portfolio | undefined>;
  /** Who owns the portfolio; undefined when there is none with this id. */
  ownerOf(id: string): Promise<string | undefined>;
  /** How many portfolios `owner` has. */
  count(owner: string): Promise<number>;
  /**
   * Stores a portfolio with its holdings in one step, unless `owner` already has `maxPerOwner`
   * portfolios: then nothing is written and the answer is undefined. The check and the write are
   * one atomic step, so concurrent creates on several nodes cannot pass the limit.
   */
  create(portfolio: Portfolio, owner: string, maxPerOwner?: number): Promise<Portfolio | undefined>;
  /** Applies a patch in one step; answers the updated portfolio, or undefined when there is none with this id. */
  update(id: string, patch: PortfolioPatch, now: number): Promise<Portfolio | undefined>;
  /** False when there is none with this id. */
  delete(id: string): Promise<boolean>;
}

export interface PortfolioPatch {
  name?: string;
  holdings?: Holding[];
}

export interface OwnedPortfolio {
  owner: string;
  portfolio: Portfolio;
}

export interface WatchlistRepository {
  /** Oldest first (ties by asset id). */
  list(owner: string): Promise<WatchlistItem[]>;
  /** Adds an asset, keeping its first `addedAt` when it is already there. */
  add(owner: string, assetId: string, now: number): Promise<{ item: WatchlistItem; created: boolean }>;
  /** False when the asset was not on the list. */
  remove(owner: string, assetId: string): Promise<boolean>;
}

export interface RuleRepository {
  /** One owner's rules, oldest first (ties by id). */
  list(owner: string): Promise<AlertRule[]>;
  /** Every rule with its owner: the rule engine's view. */
  all(): Promise<OwnedRule[]>;
  /** One rule with its owner, or undefined. */
  get(id: string): Promise<OwnedRule | undefined>;
  ownerOf(id: string): Promise<string | undefined>;
  create(rule: AlertRule, owner: string): Promise<AlertRule>;
  /** Deletes one of `owner`'s rules; false when `owner` has none with this id. */
  delete(owner: string, id: string): Promise<boolean>;
}

export type RemoteChange = { kind: 'portfolio' | 'rule'; id: string } | { kind: 'all' };

export interface OwnedRule {
  owner: string;
  rule: AlertRule;
}

/** The answer stored for an idempotency key. */
export interface StoredResponse {
  bodyHash: string;
  status: number;
  /** JSON text of the body, or null for an empty body (204). */
  response: string | null;
}

/**
 * What `begin` found for a key:
 * - `claimed`: nobody had it; the caller now holds it (until `leaseMs` passes) and must `complete` or `release` it;
 * - `pending`: another request (on this node or another) holds it and has not finished;
 * - `done`: a request with this key already succeeded; replay `stored`.
 */
export type IdempotencyClaim =
  | { state: 'claimed'; token: string }
  | { state: 'pending'; bodyHash: string }
  | { state: 'done'; stored: StoredResponse };

/**
 * Answers to mutating requests by `Idempotency-Key`, per scope (user, method and route). Checking a
 * key and claiming it is one atomic step, so of two requests with one key (on one node or on two)
 * exactly one runs; the other waits for the stored answer.
 */
export interface IdempotencyRepository {
  begin(scope: string, key: string, bodyHash: string, now: number, leaseMs: number): Promise<IdempotencyClaim>;
  /** Stores the answer of a claimed key; it is kept for `ttlMs`. */
  complete(scope: string, key: string, token: string, stored: StoredResponse, now: number, ttlMs: number): Promise<void>;
  /** Gives a claimed key up (the request failed), so a retry runs again. */
  release(scope: string, key: string, token: string): Promise<void>;
  /** Forgets answers stored before `before`; answers how many went. */
  prune(before: number): Promise<number>;
}

/**
 * Which alerts each user has marked read. Alerts themselves belong to the alert streams; this
 * keeps only the user's acknowledgement, so it holds across nodes once alerts do.
 */
export interface AlertAckRepository {
  /** Records that `owner` has read alert `alertId` (again is a no-op). */
  acknowledge(owner: string, alertId: string, now: number): Promise<void>;
  /** The ones among `alertIds` that `owner` has acknowledged. */
  acknowledged(owner: string, alertIds: readonly string[]): Promise<Set<string>>;
}

/** A page of one owner's alerts, oldest first. */
export interface AlertPage {
  alerts: AlertWithSeq[];
  /** Older (for `latest`) or newer (for `since`) alerts exist beyond this page. */
  hasMore: boolean;
}

/**
 * The alert history behind `GET /api/alerts` and alert replay: each owner's alerts with their
 * seq in that owner's alerts stream, and whether the owner has acknowledged them. SQLite in one
 * process (`alerts.ts`, every alert kept), Redis in a cluster (`redis-alerts.ts`, written by the
 * same script that appends the alert to its stream, so the two never disagree). Acknowledged is
 * always the current state, whichever node the acknowledgement went through.
 */
export interface AlertHistoryRepository {
  /** Where the history lives: `redis` means every node reads the same one. */
  readonly kind: 'sqlite' | 'redis';
  /** `owner`'s alerts after `afterSeq`, oldest first. */
  since(owner: string, afterSeq: number, limit: number): Promise<AlertPage>;
  /** `owner`'s newest `limit` alerts, oldest first. */
  latest(owner: string, limit: number): Promise<AlertPage>;
  /** The highest seq in `owner`'s history; 0 when empty. */
  lastSeq(owner: string): Promise<number>;
  /** Marks one of `owner`'s alerts read; the alert as it now stands, or undefined when `owner` has no alert with this id. */
  acknowledge(owner: string, id: string, now: number): Promise<AlertWithSeq | undefined>;
}

/**
 * A history every node of a cluster shares: alerts enter it with their stream append (see
 * `StreamBackend.publish`), and replay reads it.
 */
export interface SharedAlertHistory extends AlertHistoryRepository {
  /** Where an alert of `owner` is kept, for the publish that appends it. */
  historyFor(owner: string, id: string): StreamHistory;
  /** `owner`'s alerts with `afterSeq < seq <= uptoSeq`, oldest first, at most `max`. */
  range(owner: string, afterSeq: number, uptoSeq: number, max: number): Promise<AlertWithSeq[]>;
}

/**
 * Users the server has seen with a valid token. `has` and `ids` answer from memory (the alert
 * service needs them synchronously): the users loaded at start plus those touched since.
 */
export interface UserRepository {
  /** Records `id`; true when this server had not known it. */
  touch(id: string, now: number): Promise<boolean>;
  has(id: string): boolean;
  ids(): string[];
}

/**
 * The store's repositories as its fields, typed by merging with the class below and assigned whole
 * by its constructor, so the list of repositories is written once (in `UserDataRepositories`).
 */
export interface UserDataStore extends UserDataRepositories {}

/** What the SQLite and Redis stores share: their repositories, handed over once by the subclass. */
export abstract class UserDataStore implements UserData {
  constructor(
    readonly kind: UserData['kind'],
    repositories: UserDataRepositories,
  ) {
    Object.assign(this, repositories);
  }

  abstract seedDemoData(now: number): Promise<void>;
  abstract onRemoteChange(listener: (change: RemoteChange) => void): () => void;
  abstract close(): Promise<void>;
}
