import { randomUUID } from 'node:crypto';
import type { Portfolio } from '../../../src/core/protocol/index.js';
import type { Db } from './db.js';
import { IdempotencyStore } from './idempotency.js';
import { PortfolioStore } from './portfolios.js';
import { RuleStore } from './rules.js';
import { seedDemoData } from './seed.js';
import { UserDataStore, type AlertAckRepository, type IdempotencyClaim, type IdempotencyRepository, type PortfolioRepository, type StoredResponse } from './user-data.js';
import { UserStore } from './users.js';
import { WatchlistStore } from './watchlist.js';

/**
 * The single-process store: the synchronous SQLite classes behind the async contract. Each call
 * runs to completion before it answers, so every write is as atomic as it was before.
 */
export class SqliteUserData extends UserDataStore {
  constructor(private readonly db: Db) {
    const watchlist = new WatchlistStore(db);
    const rules = new RuleStore(db);
    const users = new UserStore(db);
    super('sqlite', {
      portfolios: sqlitePortfolios(db, new PortfolioStore(db)),
      watchlist: promised(watchlist, 'list', 'add', 'remove'),
      rules: { ...promised(rules, 'list', 'get', 'ownerOf', 'create', 'delete'), all: async () => rules.entries() },
      idempotency: new SqliteIdempotency(new IdempotencyStore(db)),
      users: { ...promised(users, 'touch'), has: (id) => users.has(id), ids: () => users.ids() },
      acks: sqliteAcks(db),
    });
  }

  async seedDemoData(now: number): Promise<void> {
    seedDemoData(this.db, now);
  }

  onRemoteChange(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}

function sqlitePortfolios(db: Db, store: PortfolioStore): PortfolioRepository {
  const createWithin = db.transaction((portfolio: Portfolio, owner: string, max: number): Portfolio | undefined =>
    store.count(owner) >= max ? undefined : store.create(portfolio, owner),
  );
  return {
    ...promised(store, 'list', 'get', 'ownerOf', 'count', 'update', 'delete'),
    all: async () => store.entries(),
    create: async (portfolio, owner, max = Number.POSITIVE_INFINITY) => createWithin(portfolio, owner, max),
  };
}

type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

/**
 * The async face of a synchronous store: its methods `names`, each answering a promise (a throw
 * becomes a rejection, as it would from Redis).
 */
function promised<S extends object, K extends keyof S>(store: S, ...names: K[]): { [P in K]: Promised<S[P]> } {
  const face = {} as { [P in K]: Promised<S[P]> };
  for (const name of names) {
    const method = store[name] as (...args: unknown[]) => unknown;
    face[name] = (async (...args: unknown[]) => method.apply(store, args)) as Promised<S[typeof name]>;
  }
  return face;
}

/** Acknowledgements are the `acknowledged` flag of the user's own copy of the alert. */
function sqliteAcks(db: Db): AlertAckRepository {
  const mark = db.prepare('UPDATE alerts SET acknowledged = 1 WHERE owner = ? AND id = ?');
  return {
    acknowledge: async (owner, alertId) => void mark.run(owner, alertId),
    acknowledged: async (owner, alertIds) => {
      const found = new Set<string>();
      // Well under SQLite's limit of bound parameters per statement.
      for (let i = 0; i < alertIds.length; i += 500) {
        const chunk = alertIds.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT id FROM alerts WHERE owner = ? AND acknowledged = 1 AND id IN (${chunk.map(() => '?').join(', ')})`)
          .all(owner, ...chunk) as { id: string }[];
        for (const row of rows) found.add(row.id);
      }
      return found;
    },
  };
}

/**
 * Stored answers live in SQLite; claims in flight live in memory, which is enough because one
 * process owns the database file (it is opened with an exclusive lock).
 */
class SqliteIdempotency implements IdempotencyRepository {
  readonly #claims = new Map<string, { token: string; bodyHash: string; until: number }>();

  constructor(private readonly store: IdempotencyStore) {}

  async begin(scope: string, key: string, bodyHash: string, now: number, leaseMs: number): Promise<IdempotencyClaim> {
    const id = claimId(scope, key);
    const stored = this.store.get(scope, key);
    if (stored) return { state: 'done', stored };
    const claim = this.#claims.get(id);
    if (claim && claim.until > now) return { state: 'pending', bodyHash: claim.bodyHash };
    const token = randomUUID();
    this.#claims.set(id, { token, bodyHash, until: now + leaseMs });
    return { state: 'claimed', token };
  }

  async complete(scope: string, key: string, token: string, stored: StoredResponse, now: number): Promise<void> {
    const id = claimId(scope, key);
    if (this.#claims.get(id)?.token === token) this.#claims.delete(id);
    this.store.put(scope, key, stored, now);
  }

  async release(scope: string, key: string, token: string): Promise<void> {
    const id = claimId(scope, key);
    if (this.#claims.get(id)?.token === token) this.#claims.delete(id);
  }

  async prune(before: number): Promise<number> {
    return this.store.prune(before);
  }
}

const claimId = (scope: string, key: string) => `${scope}\n${key}`;
