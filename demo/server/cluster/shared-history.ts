import type { Redis } from 'ioredis';
import { CAPACITY, INTERVAL_MS, type PriceHistory, type Resolution } from '../market/history.js';

const RESOLUTIONS: readonly Resolution[] = ['1m', '1h'];

/** KEYS: the list, the lease. ARGV: token, ts, entry, capacity. Appends only after the newest sample, and only for the lease holder. */
const APPEND = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return redis.error_reply('FENCED this node does not hold the leader lease') end
local last = redis.call('LINDEX', KEYS[1], -1)
if last and tonumber(string.match(last, '^(%S+)')) >= tonumber(ARGV[2]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[3])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[4]), -1)
return 1`;

/** KEYS: the list. ARGV: entries. Writes a whole history only where there is none yet. */
const SEED = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('RPUSH', KEYS[1], unpack(ARGV))
return 1`;

/** How often a follower reads the samples the leader added. */
const SYNC_MS = 1000;

/*
 * Keys (P is the prefix):
 *   P hist:1m, P hist:1h   list  "<market ts> <price>,<price>,…" (asset order), oldest first, capped
 *   P market-origin        string  the market clock's origin, set by the first node
 */

/**
 * The price history (1-minute and 1-hour closes behind `/api/market/history`, sparklines and the
 * risk engine's backfill), kept once for the cluster in Redis. The first node writes its own;
 * every node then loads the cluster's, so REST answers agree across nodes. The leader appends each
 * sample as its market steps (fenced by the lease, and never twice for one time); followers read
 * the new ones every second. A node that takes over syncs first and continues from the last
 * sample and the last published prices, so the series has no gap and no repeat.
 */
export class SharedPriceHistory {
  #timer: NodeJS.Timeout | undefined;
  #stopSamples: (() => void) | undefined;
  #syncing: Promise<void> | undefined;
  /** The market clock's origin, the same on every node. */
  origin = 0;
  /** Samples the leader failed to write (Redis away): followers reload around the hole. */
  lost = 0;

  constructor(
    private readonly redis: Redis,
    private readonly history: PriceHistory,
    private readonly fence: () => string | undefined,
    private readonly leaseKey: string,
    private readonly prefix = 'crw:',
  ) {}

  /** Agrees on the market clock and the history with the cluster, writing this node's when it is the first. */
  async init(startedAt: number): Promise<void> {
    await this.redis.set(`${this.prefix}market-origin`, String(startedAt), 'NX');
    this.origin = Number(await this.redis.get(`${this.prefix}market-origin`));
    for (const resolution of RESOLUTIONS) {
      const series = this.history.closes(this.history.assetIds[0] as string, resolution);
      const columns = this.history.assetIds.map((id) => this.history.closes(id, resolution).values);
      const entries = series.values.map((_, i) => entry(series.start + i * series.intervalMs, columns.map((c) => c[i] as number)));
      if (entries.length) await this.redis.eval(SEED, 1, this.#key(resolution), ...entries);
    }
    await this.#reload();
    this.#stopSamples = this.history.onSample((resolution, ts, prices) => void this.#append(resolution, ts, prices));
    this.#timer = setInterval(() => void this.sync().catch(() => undefined), SYNC_MS);
  }

  /** Reads the samples the leader added since the last read (followers, every second). */
  sync(): Promise<void> {
    if (this.fence() !== undefined) return Promise.resolve();
    return this.#pullOnce();
  }

  /** A node that has just taken the lease reads what the last leader wrote before it steps the market. */
  takeOver(): Promise<void> {
    return this.#pullOnce();
  }

  #pullOnce(): Promise<void> {
    this.#syncing ??= this.#pull().finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#stopSamples?.();
  }

  async #append(resolution: Resolution, ts: number, prices: Float64Array): Promise<void> {
    const token = this.fence();
    if (token === undefined) return;
    try {
      await this.redis.eval(APPEND, 2, this.#key(resolution), this.leaseKey, token, String(ts), entry(ts, prices), String(CAPACITY[resolution]));
    } catch {
      this.lost += 1;
    }
  }

  async #pull(): Promise<void> {
    for (const resolution of RESOLUTIONS) {
      const lastTs = this.history.lastSampleTs(resolution);
      const tail = (await this.redis.lrange(this.#key(resolution), -5, -1)).map(parse);
      const fresh = tail.filter((s) => s.ts > lastTs);
      if (fresh.length === 0) continue;
      // A hole between what this node has and the newest: read the whole history again.
      if ((fresh[0] as Sample).ts !== lastTs + INTERVAL_MS[resolution] || fresh.length === tail.length) {
        await this.#reload(resolution);
        continue;
      }
      for (const s of fresh) this.history.append(resolution, s.ts, s.prices);
    }
  }

  /** Replaces this node's history with the cluster's, holes filled with the close before them. */
  async #reload(only?: Resolution): Promise<void> {
    for (const resolution of only ? [only] : RESOLUTIONS) {
      const samples = (await this.redis.lrange(this.#key(resolution), 0, -1)).map(parse);
      const first = samples[0];
      if (!first) continue;
      const step = INTERVAL_MS[resolution];
      const columns = this.history.assetIds.map(() => [] as number[]);
      let k = 0;
      let current = first.prices;
      for (let ts = first.ts; ts <= (samples.at(-1) as Sample).ts; ts += step) {
        while (k < samples.length && (samples[k] as Sample).ts <= ts) current = (samples[k++] as Sample).prices;
        columns.forEach((c, a) => c.push(current[a] as number));
      }
      // Past the capacity only the newest count.
      const keep = CAPACITY[resolution];
      const trimmed = columns.map((c) => c.slice(-keep));
      const length = trimmed[0]?.length ?? 0;
      this.history.load(resolution, (samples.at(-1) as Sample).ts - (length - 1) * step, trimmed);
    }
  }

  #key(resolution: Resolution): string {
    return `${this.prefix}hist:${resolution}`;
  }
}

interface Sample {
  ts: number;
  prices: number[];
}

function entry(ts: number, prices: ArrayLike<number>): string {
  return `${ts} ${Array.from(prices).join(',')}`;
}

function parse(text: string): Sample {
  const space = text.indexOf(' ');
  return { ts: Number(text.slice(0, space)), prices: text.slice(space + 1).split(',').map(Number) };
}
