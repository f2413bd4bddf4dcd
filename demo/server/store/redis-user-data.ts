import { createHash, randomUUID } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import { release } from '../cluster/shutdown.js';
import type { AlertRule, Holding, Portfolio, WatchlistItem } from '../../../src/core/protocol/index.js';
import { DEMO_USER } from '../auth/principal.js';
import { DEMO_PORTFOLIOS, DEMO_WATCHLIST } from './seed.js';
import {
  UserDataStore,
  type AlertAckRepository,
  type IdempotencyClaim,
  type IdempotencyRepository,
  type OwnedPortfolio,
  type OwnedRule,
  type PortfolioPatch,
  type PortfolioRepository,
  type RemoteChange,
  type RuleRepository,
  type StoredResponse,
  type UserDataRepositories,
  type UserRepository,
  type WatchlistRepository,
} from './user-data.js';

/** Redis could not be reached (or answered too late); the REST layer turns it into a 503. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the user data store is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

export interface RedisUserDataOptions {
  /** Prepended to every key, so several deployments (or tests) can share one Redis. Default `crw:`. */
  keyPrefix?: string;
  /** Called with a warning the operator should see (say, AOF is off). */
  warn?: (message: string) => void;
}

/*
 * Keys (P is the prefix):
 *   P portfolio:<id>       hash  owner, name, holdings (JSON), createdAt, updatedAt
 *   P portfolios:<owner>   zset  portfolio ids by createdAt (ties by id, as SQLite orders them)
 *   P portfolios           zset  every portfolio id
 *   P watchlist:<owner>    zset  asset ids by addedAt
 *   P rule:<id>            hash  owner, rule (JSON)
 *   P rules:<owner>        zset  rule ids by createdAt;  P rules: every rule id
 *   P idem:<sha256>        hash  state (pending|done), token, bodyHash, status, response, createdAt; expires
 *   P acks:<owner>         zset  acknowledged alert ids by time (the newest MAX_ACKS kept)
 *   P users                hash  user id -> first seen
 *   P seeded               string, set once the demo data is written
 *   P changes              pub/sub channel: "<node> portfolio|rule|user <id>" after each write
 * Writes that touch several keys, or read before they write, are single Lua scripts, so two
 * nodes writing at once never see each other half-way. A change is published from inside the
 * script that wrote it, so every node hears the changes in the order they were made.
 */

const CREATE_PORTFOLIO = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local max = tonumber(ARGV[6])
if max >= 0 and redis.call('ZCARD', KEYS[2]) >= max then return 0 end
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'name', ARGV[2], 'holdings', ARGV[3], 'createdAt', ARGV[4], 'updatedAt', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[7])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[7])
redis.call('PUBLISH', ARGV[8], ARGV[9])
return 1`;

const UPDATE_PORTFOLIO = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'name', ARGV[2]) end
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'holdings', ARGV[4]) end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[5])
redis.call('PUBLISH', ARGV[6], ARGV[7])
return redis.call('HGETALL', KEYS[1])`;

/** KEYS: the record, the owner's index, the global index. ARGV: owner, id, change channel, change message. */
const DELETE_OWNED = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

const TOUCH_USER = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return 1`;

/** Check and claim in one step: answers the existing record, or {} after claiming it. */
const IDEMPOTENCY_BEGIN = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
redis.call('HSET', KEYS[1], 'state', 'pending', 'token', ARGV[1], 'bodyHash', ARGV[2], 'createdAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {}`;

/** Stores the answer unless one is already stored (a late finisher never replaces it). */
const IDEMPOTENCY_COMPLETE = `
if redis.call('HGET', KEYS[1], 'state') == 'done' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'done', 'bodyHash', ARGV[1], 'status', ARGV[2], 'createdAt', ARGV[4])
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'response', ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1`;

const IDEMPOTENCY_RELEASE = `
if redis.call('HGET', KEYS[1], 'state') == 'pending' and redis.call('HGET', KEYS[1], 'token') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

type Fields = Record<string, string>;

/** Acknowledgements kept per user; older ones go (their alerts are long out of every list). */
export const MAX_ACKS = 10_000;

/** HGETALL as a script returns it: a flat [field, value, …] list. */
function pairs(flat: unknown): Fields {
  const list = flat as string[];
  const out: Fields = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i] as string] = list[i + 1] as string;
  return out;
}

function toPortfolio(id: string, f: Fields): Portfolio {
  return {
    id,
    name: f.name as string,
    holdings: JSON.parse(f.holdings as string) as Holding[],
    createdAt: Number(f.createdAt),
    updatedAt: Number(f.updatedAt),
  };
}

/**
 * The cluster store: user data in Redis, shared by every feed-server node. Run Redis with
 * `appendonly yes` (see docs/DURABILITY.md); the server warns at start when AOF is off.
 */
export class RedisUserData extends UserDataStore {
  /** Prepended to every key. */
  readonly prefix: string;
  readonly #repositories: RedisRepositories;
  readonly #known: Set<string>;
  readonly #listeners = new Set<(change: RemoteChange) => void>();
  /** Changes heard before anyone listened (the server is still loading its mirrors). */
  #unheard: RemoteChange[] | undefined = [];

  private constructor(
    readonly redis: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    knownUsers: string[],
  ) {
    const repositories = new RedisRepositories(redis, prefix, randomUUID());
    const known = new Set(knownUsers);
    super('redis', repositories.all(known));
    this.#repositories = repositories;
    this.prefix = prefix;
    this.#known = known;
    subscriber.on('message', (_channel: string, message: string) => this.#heard(message));
    let connects = 0;
    subscriber.on('ready', () => {
      // ioredis subscribes again by itself; whatever was published meanwhile is lost, so resync.
      connects += 1;
      if (connects > 1) void this.#resync();
    });
  }

  onRemoteChange(listener: (change: RemoteChange) => void): () => void {
    this.#listeners.add(listener);
    const early = this.#unheard ?? [];
    this.#unheard = undefined;
    for (const change of early) listener(change);
    return () => this.#listeners.delete(listener);
  }

  #heard(message: string): void {
    const [node, kind, ...rest] = message.split(' ');
    const id = rest.join(' ');
    if (node === this.#repositories.node || !id) return;
    if (kind === 'user') this.#known.add(id);
    else if (kind === 'portfolio' || kind === 'rule') this.#emit({ kind, id });
  }

  #emit(change: RemoteChange): void {
    if (this.#unheard) {
      this.#unheard.push(change);
      // Past this many, one full resync is cheaper than replaying them one by one.
      if (this.#unheard.length > 1000) this.#unheard = [{ kind: 'all' }];
    }
    for (const listener of this.#listeners) listener(change);
  }

  async #resync(): Promise<void> {
    try {
      for (const id of await this.redis.hkeys(`${this.prefix}users`)) this.#known.add(id);
    } catch {
      // Redis went away again; the next reconnect resyncs.
    }
    this.#emit({ kind: 'all' });
  }

  /** Connects (failing fast with a readable error when Redis is not there) and loads the known users. */
  static async connect(url: string, options: RedisUserDataOptions = {}): Promise<RedisUserData> {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 5_000,
      // A request fails after a few attempts instead of hanging while Redis is away; the client
      // keeps reconnecting in the background, so the node recovers when Redis is back.
      maxRetriesPerRequest: 3,
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    });
    redis.on('error', () => {
      // Reported through the failing commands; without a listener ioredis prints every retry.
    });
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new Error(`could not reach Redis at ${redactUrl(url)}: ${(err as Error).message}`);
    }
    const prefix = options.keyPrefix ?? 'crw:';
    try {
      const aof = (await redis.config('GET', 'appendonly')) as string[];
      if (aof[1] === 'no') {
        options.warn?.(`Redis at ${redactUrl(url)} runs without AOF (appendonly no): user data written since its last snapshot is lost if it stops; see docs/DURABILITY.md`);
      }
    } catch {
      // Managed Redis often refuses CONFIG; durability is then the operator's to check.
    }
    const subscriber = redis.duplicate();
    subscriber.on('error', () => undefined);
    try {
      await subscriber.subscribe(`${prefix}changes`);
      const users = await redis.hkeys(`${prefix}users`);
      return new RedisUserData(redis, subscriber, prefix, users);
    } catch (err) {
      subscriber.disconnect();
      redis.disconnect();
      throw new Error(`could not read from Redis at ${redactUrl(url)}: ${(err as Error).message}`);
    }
  }

  async seedDemoData(now: number): Promise<void> {
    await guard(async () => {
      if (await this.redis.exists(`${this.prefix}seeded`)) return;
      // Fixed ids, so two nodes seeding at once write the same records once.
      for (const p of DEMO_PORTFOLIOS) {
        await this.#repositories.create({ ...p, holdings: p.holdings.map((h) => ({ ...h })), createdAt: now, updatedAt: now }, DEMO_USER, -1);
      }
      const multi = this.redis.multi();
      DEMO_WATCHLIST.forEach((id, i) => multi.zadd(`${this.prefix}watchlist:${DEMO_USER}`, 'NX', now + i, id));
      multi.hsetnx(`${this.prefix}users`, DEMO_USER, String(now));
      multi.set(`${this.prefix}seeded`, String(now), 'NX');
      await exec(multi);
    });
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    for (const connection of [this.subscriber, this.redis]) await release(connection);
  }
}

/** The repositories of the Redis store, over one connection and key prefix. */
class RedisRepositories {
  readonly channel: string;

  constructor(
    readonly redis: Redis,
    readonly p: string,
    /** Tells this node's own changes from the others' on the change channel. */
    readonly node: string,
  ) {
    this.channel = `${p}changes`;
  }

  change(kind: 'portfolio' | 'rule' | 'user', id: string): string {
    return `${this.node} ${kind} ${id}`;
  }

  all(known: Set<string>): UserDataRepositories {
    return {
      portfolios: this.portfolioRepository(),
      watchlist: this.watchlistRepository(),
      rules: this.ruleRepository(),
      idempotency: this.idempotencyRepository(),
      users: this.userRepository(known),
      acks: this.ackRepository(),
    };
  }

  async create(portfolio: Portfolio, owner: string, max: number): Promise<number> {
    const p = this.p;
    return (await this.redis.eval(
      CREATE_PORTFOLIO,
      3,
      `${p}portfolio:${portfolio.id}`,
      `${p}portfolios:${owner}`,
      `${p}portfolios`,
      owner,
      portfolio.name,
      JSON.stringify(portfolio.holdings),
      String(portfolio.createdAt),
      String(portfolio.updatedAt),
      String(max),
      portfolio.id,
      this.channel,
      this.change('portfolio', portfolio.id),
    )) as number;
  }

  async portfoliosByIds(ids: string[]): Promise<OwnedPortfolio[]> {
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const id of ids) multi.hgetall(`${this.p}portfolio:${id}`);
    const rows = (await exec(multi)) as Fields[];
    const out: OwnedPortfolio[] = [];
    rows.forEach((f, i) => {
      // Deleted between the index read and this one.
      if (f.owner !== undefined) out.push({ owner: f.owner, portfolio: toPortfolio(ids[i] as string, f) });
    });
    return out;
  }

  portfolioRepository(): PortfolioRepository {
    const p = this.p;
    const key = (id: string) => `${p}portfolio:${id}`;
    return {
      list: (owner) => guard(async () => (await this.portfoliosByIds(await this.redis.zrange(`${p}portfolios:${owner}`, '0', '-1'))).map((e) => e.portfolio)),
      all: () => guard(async () => this.portfoliosByIds(await this.redis.zrange(`${p}portfolios`, '0', '-1'))),
      get: (id) =>
        guard(async () => {
          const f = await this.redis.hgetall(key(id));
          return f.owner === undefined ? undefined : toPortfolio(id, f);
        }),
      ownerOf: (id) => guard(async () => (await this.redis.hget(key(id), 'owner')) ?? undefined),
      count: (owner) => guard(() => this.redis.zcard(`${p}portfolios:${owner}`)),
      create: async (portfolio, owner, max = Number.POSITIVE_INFINITY) => {
        const result = await guard(() => this.create(portfolio, owner, Number.isFinite(max) ? max : -1));
        if (result === -1) throw new Error(`portfolio ${portfolio.id} already exists`);
        return result === 1 ? portfolio : undefined;
      },
      update: (id, patch: PortfolioPatch, now) =>
        guard(async () => {
          const flat = await this.redis.eval(
            UPDATE_PORTFOLIO,
            1,
            key(id),
            patch.name === undefined ? '0' : '1',
            patch.name ?? '',
            patch.holdings === undefined ? '0' : '1',
            patch.holdings === undefined ? '' : JSON.stringify(patch.holdings),
            String(now),
            this.channel,
            this.change('portfolio', id),
          );
          return flat === null ? undefined : toPortfolio(id, pairs(flat));
        }),
      delete: (id) =>
        guard(async () => {
          const owner = await this.redis.hget(key(id), 'owner');
          if (owner === null) return false;
          const args = [owner, id, this.channel, this.change('portfolio', id)];
          return (await this.redis.eval(DELETE_OWNED, 3, key(id), `${p}portfolios:${owner}`, `${p}portfolios`, ...args)) === 1;
        }),
    };
  }

  watchlistRepository(): WatchlistRepository {
    const key = (owner: string) => `${this.p}watchlist:${owner}`;
    return {
      list: (owner) =>
        guard(async () => {
          const flat = await this.redis.zrange(key(owner), '0', '-1', 'WITHSCORES');
          const items: WatchlistItem[] = [];
          for (let i = 0; i + 1 < flat.length; i += 2) items.push({ assetId: flat[i] as string, addedAt: Number(flat[i + 1]) });
          return items;
        }),
      add: (owner, assetId, now) =>
        guard(async () => {
          const [added, score] = (await exec(this.redis.multi().zadd(key(owner), 'NX', now, assetId).zscore(key(owner), assetId))) as [number, string];
          return { item: { assetId, addedAt: Number(score) }, created: added === 1 };
        }),
      remove: (owner, assetId) => guard(async () => (await this.redis.zrem(key(owner), assetId)) === 1),
    };
  }

  ruleRepository(): RuleRepository {
    const p = this.p;
    const key = (id: string) => `${p}rule:${id}`;
    const byIds = async (ids: string[]): Promise<OwnedRule[]> => {
      if (ids.length === 0) return [];
      const multi = this.redis.multi();
      for (const id of ids) multi.hmget(key(id), 'owner', 'rule');
      const rows = (await exec(multi)) as [string | null, string | null][];
      return rows.flatMap(([owner, rule]) => (owner !== null && rule !== null ? [{ owner, rule: JSON.parse(rule) as AlertRule }] : []));
    };
    return {
      list: (owner) => guard(async () => (await byIds(await this.redis.zrange(`${p}rules:${owner}`, '0', '-1'))).map((e) => e.rule)),
      all: () => guard(async () => byIds(await this.redis.zrange(`${p}rules`, '0', '-1'))),
      get: (id) => guard(async () => (await byIds([id]))[0]),
      ownerOf: (id) => guard(async () => (await this.redis.hget(key(id), 'owner')) ?? undefined),
      create: (rule, owner) =>
        guard(async () => {
          const multi = this.redis
            .multi()
            .hset(key(rule.id), 'owner', owner, 'rule', JSON.stringify(rule))
            .zadd(`${p}rules:${owner}`, rule.createdAt, rule.id)
            .zadd(`${p}rules`, rule.createdAt, rule.id)
            .publish(this.channel, this.change('rule', rule.id));
          await exec(multi);
          return rule;
        }),
      delete: (owner, id) =>
        guard(async () => {
          const args = [owner, id, this.channel, this.change('rule', id)];
          return (await this.redis.eval(DELETE_OWNED, 3, key(id), `${p}rules:${owner}`, `${p}rules`, ...args)) === 1;
        }),
    };
  }

  idempotencyRepository(): IdempotencyRepository {
    // Scope and key are hashed together: keys stay short whatever the client sends.
    const key = (scope: string, k: string) => `${this.p}idem:${createHash('sha256').update(scope).update('\n').update(k).digest('hex')}`;
    return {
      begin: (scope, k, bodyHash, now, leaseMs) =>
        guard(async (): Promise<IdempotencyClaim> => {
          const token = randomUUID();
          const f = pairs(await this.redis.eval(IDEMPOTENCY_BEGIN, 1, key(scope, k), token, bodyHash, String(leaseMs), String(now)));
          if (f.state === undefined) return { state: 'claimed', token };
          if (f.state === 'pending') return { state: 'pending', bodyHash: f.bodyHash as string };
          const stored: StoredResponse = { bodyHash: f.bodyHash as string, status: Number(f.status), response: f.response ?? null };
          return { state: 'done', stored };
        }),
      complete: (scope, k, _token, stored, now, ttlMs) =>
        guard(async () => {
          await this.redis.eval(
            IDEMPOTENCY_COMPLETE,
            1,
            key(scope, k),
            stored.bodyHash,
            String(stored.status),
            stored.response ?? '',
            String(now),
            stored.response === null ? '0' : '1',
            String(ttlMs),
          );
        }),
      release: (scope, k, token) =>
        guard(async () => {
          await this.redis.eval(IDEMPOTENCY_RELEASE, 1, key(scope, k), token);
        }),
      // Every answer carries its own expiry, so there is nothing to sweep.
      prune: async () => 0,
    };
  }

  ackRepository(): AlertAckRepository {
    const key = (owner: string) => `${this.p}acks:${owner}`;
    return {
      acknowledge: (owner, alertId, now) =>
        guard(async () => {
          await exec(this.redis.multi().zadd(key(owner), 'NX', now, alertId).zremrangebyrank(key(owner), 0, -(MAX_ACKS + 1)));
        }),
      acknowledged: (owner, alertIds) =>
        guard(async () => {
          if (alertIds.length === 0) return new Set<string>();
          const scores = await this.redis.zmscore(key(owner), ...alertIds);
          return new Set(alertIds.filter((_, i) => scores[i] !== null));
        }),
    };
  }

  userRepository(known: Set<string>): UserRepository {
    return {
      touch: (id, now) => {
        if (known.has(id)) return Promise.resolve(false);
        known.add(id);
        return guard(async () => {
          await this.redis.eval(TOUCH_USER, 1, `${this.p}users`, id, String(now), this.channel, this.change('user', id));
          return true;
        });
      },
      has: (id) => known.has(id),
      ids: () => [...known],
    };
  }
}

/** Runs a MULTI, failing on the first command that failed. */
async function exec(multi: ReturnType<Redis['multi']>): Promise<unknown[]> {
  const results = await multi.exec();
  if (results === null) throw new Error('Redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** A Redis reply error is a bug (bad script, wrong type): it stays a 500. Anything else means Redis is not reachable. */
export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ReplyError || (err as Error)?.name === 'ReplyError') throw err;
    throw new StoreUnavailableError(err);
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given URL';
  }
}
