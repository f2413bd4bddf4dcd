import type { Redis } from 'ioredis';
import type { Alert, AlertWithSeq } from '../../../src/core/protocol/index.js';
import type { StreamHistory } from '../streams/stream-registry.js';
import { guard, MAX_ACKS } from './redis-user-data.js';
import type { AlertPage, SharedAlertHistory } from './user-data.js';

/** Alerts kept per owner in a cluster; older ones go (a single process keeps every one). */
export const ALERT_HISTORY_KEEP = 10_000;

/** Marks an alert read if the owner has it; answers its record and seq, or nil. */
const ACKNOWLEDGE = `
local record = redis.call('HGET', KEYS[2], ARGV[1])
if not record then return false end
redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(tonumber(ARGV[3]) + 1))
return { record, redis.call('ZSCORE', KEYS[1], ARGV[1]) }`;

/*
 * Keys (P is the prefix, owner '' is the public stream):
 *   P alerts:<owner>   zset  alert id by seq in the owner's alerts stream
 *   P alert:<owner>    hash  alert id -> the alert as published (JSON)
 *   P acks:<owner>     zset  acknowledged alert ids (the user data's acknowledgements)
 * The publish script writes the first two with the stream entry (see publish-script.ts), so the
 * history and the stream hold the same alerts with the same seqs.
 */

/**
 * The cluster's alert history, in the Redis every node shares: `GET /api/alerts` answers the same
 * on every node, an acknowledgement made through one node shows through all of them, and alerts
 * replayed over a WebSocket are read from here with their current acknowledgement.
 */
export class RedisAlertHistory implements SharedAlertHistory {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'crw:',
  ) {}

  /** Where the publish script keeps alert `id` of `owner`. */
  historyFor(owner: string, id: string): StreamHistory {
    return { keys: [this.#index(owner), this.#records(owner)], id, keep: ALERT_HISTORY_KEEP };
  }

  since(owner: string, afterSeq: number, limit: number): Promise<AlertPage> {
    return guard(async () => {
      const flat = await this.redis.zrangebyscore(this.#index(owner), `(${afterSeq}`, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1);
      const entries = withScores(flat);
      return { alerts: await this.#load(owner, entries.slice(0, limit)), hasMore: entries.length > limit };
    });
  }

  /** Alerts with `afterSeq < seq <= uptoSeq`, oldest first, at most `max`. */
  range(owner: string, afterSeq: number, uptoSeq: number, max: number): Promise<AlertWithSeq[]> {
    return guard(async () => {
      const flat = await this.redis.zrangebyscore(this.#index(owner), `(${afterSeq}`, String(uptoSeq), 'WITHSCORES', 'LIMIT', 0, max);
      return this.#load(owner, withScores(flat));
    });
  }

  latest(owner: string, limit: number): Promise<AlertPage> {
    return guard(async () => {
      const entries = withScores(await this.redis.zrevrange(this.#index(owner), 0, limit, 'WITHSCORES'));
      return { alerts: (await this.#load(owner, entries.slice(0, limit))).reverse(), hasMore: entries.length > limit };
    });
  }

  lastSeq(owner: string): Promise<number> {
    return guard(async () => withScores(await this.redis.zrevrange(this.#index(owner), 0, 0, 'WITHSCORES'))[0]?.[1] ?? 0);
  }

  acknowledge(owner: string, id: string, now: number): Promise<AlertWithSeq | undefined> {
    return guard(async () => {
      const found = (await this.redis.eval(ACKNOWLEDGE, 3, this.#index(owner), this.#records(owner), this.#acks(owner), id, String(now), String(MAX_ACKS))) as
        | [string, string]
        | null;
      if (!found) return undefined;
      return { ...(JSON.parse(found[0]) as Alert), acknowledged: true, seq: Number(found[1]) };
    });
  }

  /** The records of `entries` ([id, seq], in order) with their acknowledgement as it is now. */
  async #load(owner: string, entries: [string, number][]): Promise<AlertWithSeq[]> {
    if (entries.length === 0) return [];
    const ids = entries.map(([id]) => id);
    const [records, acked] = await Promise.all([this.redis.hmget(this.#records(owner), ...ids), this.redis.zmscore(this.#acks(owner), ...ids)]);
    const alerts: AlertWithSeq[] = [];
    entries.forEach(([, seq], i) => {
      const record = records[i];
      // Trimmed between the two reads.
      if (record == null) return;
      alerts.push({ ...(JSON.parse(record) as Alert), acknowledged: acked[i] != null, seq });
    });
    return alerts;
  }

  #index(owner: string): string {
    return `${this.prefix}alerts:${owner}`;
  }

  #records(owner: string): string {
    return `${this.prefix}alert:${owner}`;
  }

  #acks(owner: string): string {
    return `${this.prefix}acks:${owner}`;
  }
}

function withScores(flat: string[]): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as string, Number(flat[i + 1])]);
  return out;
}
