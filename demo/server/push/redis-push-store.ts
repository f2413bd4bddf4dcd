import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AlertSeverity } from '../../../src/core/protocol/index.js';
import { guard } from '../store/redis-user-data.js';
import type { PushSubscriptions, StoredSubscription } from './push-store.js';

/*
 * Keys (P is the prefix):
 *   P push:sub:<sha256 of endpoint>  hash  endpoint, p256dh, auth, severities (JSON), createdAt, userId ('' for none)
 *   P push:subs                      set   every endpoint
 *   P push:user:<userId>             set   that user's endpoints
 * Each write is one script, so an endpoint moving to another user is never in both users' sets.
 */

/** KEYS: record, all, the new owner's set. ARGV: endpoint, p256dh, auth, severities, createdAt, userId, prefix of user sets. */
const PUT = `
local existed = redis.call('EXISTS', KEYS[1])
local previous = redis.call('HGET', KEYS[1], 'userId')
if previous and previous ~= '' and previous ~= ARGV[6] then redis.call('SREM', ARGV[7] .. previous, ARGV[1]) end
redis.call('HSET', KEYS[1], 'endpoint', ARGV[1], 'p256dh', ARGV[2], 'auth', ARGV[3], 'severities', ARGV[4], 'userId', ARGV[6])
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[1])
if ARGV[6] ~= '' then redis.call('SADD', KEYS[3], ARGV[1]) end
return 1 - existed`;

/** KEYS: record, all. ARGV: endpoint, '1' to require the owner, the owner, prefix of user sets. */
const DELETE = `
local owner = redis.call('HGET', KEYS[1], 'userId')
if not owner then return 0 end
if ARGV[2] == '1' and owner ~= ARGV[3] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
if owner ~= '' then redis.call('SREM', ARGV[4] .. owner, ARGV[1]) end
return 1`;

/** The cluster's push subscriptions, in the Redis every node shares. */
export class RedisPushStore implements PushSubscriptions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'crw:',
  ) {}

  put(sub: StoredSubscription): Promise<boolean> {
    return guard(async () => {
      const created = await this.redis.eval(
        PUT,
        3,
        this.#record(sub.endpoint),
        this.#all(),
        this.#userSet(sub.userId ?? ''),
        sub.endpoint,
        sub.p256dh,
        sub.auth,
        JSON.stringify(sub.severities),
        String(sub.createdAt),
        sub.userId ?? '',
        this.#userSet(''),
      );
      return created === 1;
    });
  }

  get(endpoint: string): Promise<StoredSubscription | undefined> {
    return guard(async () => fromHash(await this.redis.hgetall(this.#record(endpoint))));
  }

  list(): Promise<StoredSubscription[]> {
    return guard(async () => this.#load(await this.redis.smembers(this.#all())));
  }

  listFor(userId: string): Promise<StoredSubscription[]> {
    return guard(async () => this.#load(await this.redis.smembers(this.#userSet(userId))));
  }

  delete(endpoint: string, userId?: string): Promise<boolean> {
    return guard(async () => {
      const deleted = await this.redis.eval(DELETE, 2, this.#record(endpoint), this.#all(), endpoint, userId === undefined ? '0' : '1', userId ?? '', this.#userSet(''));
      return deleted === 1;
    });
  }

  async #load(endpoints: string[]): Promise<StoredSubscription[]> {
    if (endpoints.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const endpoint of endpoints) pipeline.hgetall(this.#record(endpoint));
    const rows = (await pipeline.exec()) ?? [];
    const subs: StoredSubscription[] = [];
    for (const [err, row] of rows) {
      if (err) throw err;
      const sub = fromHash(row as Record<string, string>);
      if (sub) subs.push(sub);
    }
    return subs.sort((a, b) => a.createdAt - b.createdAt);
  }

  #record(endpoint: string): string {
    return `${this.prefix}push:sub:${createHash('sha256').update(endpoint).digest('hex')}`;
  }

  #all(): string {
    return `${this.prefix}push:subs`;
  }

  #userSet(userId: string): string {
    return `${this.prefix}push:user:${userId}`;
  }
}

function fromHash(f: Record<string, string>): StoredSubscription | undefined {
  if (f.endpoint === undefined) return undefined;
  return {
    endpoint: f.endpoint,
    p256dh: f.p256dh as string,
    auth: f.auth as string,
    severities: JSON.parse(f.severities as string) as AlertSeverity[],
    userId: f.userId ? f.userId : null,
    createdAt: Number(f.createdAt),
  };
}
