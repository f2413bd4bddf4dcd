import type { Redis } from 'ioredis';
import { getMeta, setMeta, type Db } from '../store/db.js';
import { guard } from '../store/redis-user-data.js';

/**
 * Where the push keys (the VAPID pair, the ack-grant HMAC key) live: one process keeps them in
 * its database; a cluster keeps one set in Redis for every node, so every node signs pushes with
 * the same VAPID key (a browser's subscription is bound to it) and checks the grants any node made.
 */
export interface PushSecrets {
  /**
   * The value under `name`, made with `make` if there is none (or the stored one is not `valid`).
   * In a cluster the first node to ask writes it, atomically; every other node reads that one.
   */
  getOrCreate(name: string, make: () => string, valid?: (stored: string) => boolean): Promise<string>;
}

export function sqliteSecrets(db: Db): PushSecrets {
  return {
    getOrCreate: async (name, make, valid = () => true) => {
      const stored = getMeta(db, name);
      if (stored && valid(stored)) return stored;
      const value = make();
      setMeta(db, name, value);
      return value;
    },
  };
}

/** Keeps the first valid value; a damaged one is replaced only if it is still the one read. */
const TAKE_FIRST = `
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[2] then redis.call('SET', KEYS[1], ARGV[1]) return ARGV[1] end
return current`;

export function redisSecrets(redis: Redis, prefix: string): PushSecrets {
  return {
    getOrCreate: (name, make, valid = () => true) =>
      guard(async () => {
        const key = `${prefix}secret:${name}`;
        let seen = '';
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const value = String(await redis.eval(TAKE_FIRST, 1, key, make(), seen));
          if (valid(value)) return value;
          seen = value;
        }
        throw new Error(`the shared ${name} in Redis is not valid and could not be replaced`);
      }),
  };
}
