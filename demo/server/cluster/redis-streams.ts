import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Position } from '../../../src/core/protocol/index.js';
import type { ReplayResult, Stream, StreamBackend, StreamHistory, StreamMessage, StreamRegistry } from '../streams/stream-registry.js';
import { PUBLISH_LUA } from './publish-script.js';
import { release, settleWithin } from './shutdown.js';

export interface RedisStreamsOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Prefix of every key, so several feeds can share one Redis. Default `crw:`. */
  prefix?: string;
  /** Messages kept per stream (XADD MAXLEN ~). Default 1000. */
  maxLen?: number;
  /** Oldest message kept and replayed, ms. Default 120000. */
  maxAgeMs?: number;
  /**
   * Bytes of frames one replay may span, as an in-memory replay buffer holds at most this many:
   * a client further behind than that is answered `recovered: false`. Default 1 MiB.
   */
  maxReplayBytes?: number;
  /** Key of the leader lease, whose holder alone may publish fenced streams. */
  leaseKey?: string;
  now?: () => number;
}

interface Followed {
  stream: Stream;
  /** Last stream entry id this node has delivered. */
  lastId: string;
  /** Kept even with no subscriber (prices, which every node mirrors). */
  pinned: boolean;
}

/** How long the blocking read waits; also how soon a newly followed stream joins it. */
const BLOCK_MS = 100;
/** A stream nobody on this node listens to any more is still followed this long. */
const RELEASE_AFTER_MS = 30_000;
/** A node re-announces the streams its clients watch this often, and an announcement lives 5 times as long. */
const WATCH_REFRESH_MS = 1000;

/**
 * The streams of a cluster node, kept in Redis Streams.
 *
 * Publishing runs one Lua script that takes the next seq from a counter, builds the wire frame
 * around it (so every node sends the very bytes Redis holds), appends it with the seq as entry id
 * (`<seq>-0`, so XRANGE by position is direct) and trims by length and by age. Fenced streams
 * (prices, risk) are refused unless the caller holds the leader lease.
 *
 * Reading: one blocking XREAD per node covers every stream a client of this node needs, and each
 * entry is handed to the local registry, which fans it out. A stream starts being followed at its
 * current last entry, so nothing after that can be missed; replay is XRANGE up to what this node has
 * delivered, after which live delivery continues with the next seq.
 */
export class RedisStreams implements StreamBackend {
  readonly cmd: Redis;
  readonly #reader: Redis;
  readonly #prefix: string;
  readonly #maxLen: number;
  readonly #maxAgeMs: number;
  readonly #maxReplayBytes: number;
  readonly #leaseKey: string;
  readonly #now: () => number;
  readonly #followed = new Map<string, Followed>();
  readonly #preparing = new Map<string, Promise<void>>();
  readonly #watchedAnywhere = new Set<string>();
  readonly #nodeId = randomBytes(6).toString('hex');
  #registry: StreamRegistry | undefined;
  #fence: () => string | undefined = () => undefined;
  #onMessage: ((stream: Stream, message: StreamMessage) => void) | undefined;
  #onEpochChange: ((epoch: string) => void) | undefined;
  #closed = false;
  #loop: Promise<void> | undefined;
  #watchTimer: NodeJS.Timeout | undefined;
  epoch = '';
  /** Entries read from Redis and delivered locally. */
  delivered = 0;

  constructor(options: RedisStreamsOptions) {
    this.#prefix = options.prefix ?? 'crw:';
    this.#maxLen = options.maxLen ?? 1000;
    this.#maxAgeMs = options.maxAgeMs ?? 120_000;
    this.#maxReplayBytes = options.maxReplayBytes ?? 1024 * 1024;
    this.#leaseKey = options.leaseKey ?? `${this.#prefix}leader`;
    this.#now = options.now ?? Date.now;
    const common = {
      protocol: 2 as const,
      lazyConnect: true,
      // Keep trying while Redis restarts; commands wait in the offline queue meanwhile.
      retryStrategy: (times: number) => Math.min(50 * times, 1000),
      maxRetriesPerRequest: null,
    };
    this.cmd = new Redis(options.url, { ...common, enableAutoPipelining: true, connectionName: `crw-node-${this.#nodeId}` });
    this.#reader = new Redis(options.url, { ...common, connectionName: `crw-reader-${this.#nodeId}` });
    this.cmd.defineCommand('crwPublish', { numberOfKeys: 4, lua: PUBLISH_LUA });
    this.cmd.defineCommand('crwPublishKept', { numberOfKeys: 6, lua: PUBLISH_LUA });
    // A reconnect may find a Redis that lost its data: then the cluster starts a new epoch.
    this.cmd.on('ready', () => void this.#checkEpoch());
    this.cmd.on('error', () => {});
    this.#reader.on('error', () => {});
  }

  get epochKey(): string {
    return `${this.#prefix}epoch`;
  }

  /** Connects and reads (or creates) the cluster's epoch. */
  async connect(): Promise<string> {
    await Promise.all([this.cmd.connect(), this.#reader.connect()]);
    this.epoch = await this.#ensureEpoch();
    return this.epoch;
  }

  /**
   * Starts reading: entries go to `registry`; `onMessage` sees each one first (the node mirrors
   * prices into its market from there); `fence` names the lease token to publish fenced streams with.
   */
  attach(
    registry: StreamRegistry,
    hooks: {
      fence: () => string | undefined;
      onMessage?: (stream: Stream, message: StreamMessage) => void;
      onEpochChange?: (epoch: string) => void;
    },
  ): void {
    this.#registry = registry;
    this.#fence = hooks.fence;
    this.#onMessage = hooks.onMessage;
    this.#onEpochChange = hooks.onEpochChange;
    this.#loop ??= this.#readLoop();
    this.#watchTimer ??= setInterval(() => void this.#announceWatched(), WATCH_REFRESH_MS);
  }

  /** Follows a stream whether or not anyone here listens (the price streams). */
  pin(stream: Stream): Promise<void> {
    return this.#follow(stream, true);
  }

  /**
   * Appends to the stream; with `history`, the same script also stores `data` under `history.id`
   * in that history (see the publish script), so the history holds exactly what was published.
   */
  async publish(stream: Stream, data: unknown, ts: number, history?: StreamHistory): Promise<number> {
    const fenced = stream.channel === 'price_updates' || stream.channel === 'risk_metrics_updates';
    const fence = fenced ? this.#fence() : '';
    if (fence === undefined) throw new Error('not the leader');
    const head = `{"type":${JSON.stringify(stream.type)},"channel":${JSON.stringify(stream.channel)},"stream":${JSON.stringify(stream.name)},"epoch":"`;
    const maxLen = Math.max(1, stream.replaySize);
    const keys = [this.#key(stream.key), this.#seqKey(stream.key), this.epochKey, this.#leaseKey];
    const args = [newEpoch(this.#now()), fence, head, String(Math.round(ts)), JSON.stringify(data), String(maxLen), String(this.#now() - this.#maxAgeMs)];
    const commands = this.cmd as unknown as CustomCommands;
    const result = (await (history
      ? commands.crwPublishKept(...keys, ...history.keys, ...args, history.id, String(history.keep))
      : commands.crwPublish(...keys, ...args))) as [string, number];
    // Redis lost its data and this publish started a new epoch: every node must start over.
    if (result[0] !== this.epoch) void this.#checkEpoch();
    return Number(result[1]);
  }

  prepare(stream: Stream): Promise<void> {
    return this.#follow(stream, false);
  }

  async replay(stream: Stream, since: Position): Promise<ReplayResult> {
    if (since.epoch !== stream.epoch) return { recovered: false };
    // The client may come from a node a little ahead of this one: wait briefly for this one to catch up.
    const deadline = this.#now() + 1000;
    while (since.seq > stream.seq && this.#now() < deadline) await sleep(10);
    if (since.seq > stream.seq || since.epoch !== stream.epoch) return { recovered: false };
    const kept = stream.sharedReplay;
    const read = kept
      ? (after: number, target: number, count: number) => kept(after, target, count)
      : async (after: number, target: number, count: number) =>
          ((await this.cmd.xrangeBuffer(this.#key(stream.key), `${after + 1}-0`, `${target}-0`, 'COUNT', count)) as Entry[]).map(toMessage);
    const messages: StreamMessage[] = [];
    let after = since.seq;
    let bytes = 0;
    const limit = stream.replaySize;
    // Up to what this node has delivered: what follows reaches the client live, exactly once.
    while (after < stream.seq) {
      const batch = await read(after, stream.seq, limit + 1 - messages.length);
      if (since.epoch !== stream.epoch) return { recovered: false };
      for (const message of batch) {
        if (message.seq !== after + 1) return { recovered: false };
        messages.push(message);
        bytes += message.frame.byteLength;
        after = message.seq;
      }
      if (messages.length > limit || batch.length === 0) return { recovered: false };
      // A stream replayed from Redis is bounded like an in-memory buffer: by count, age and bytes.
      // A kept history (alerts) is bounded like the single process's SQLite one: by count.
      if (!kept && bytes > this.#maxReplayBytes) return { recovered: false };
    }
    const first = messages[0];
    if (!kept && first && first.ts < this.#now() - this.#maxAgeMs) return { recovered: false };
    return { recovered: true, messages };
  }

  /** Stops following a while later, if still nobody here listens: clients come and go, a read per change would churn. */
  release(stream: Stream): void {
    setTimeout(() => {
      const followed = this.#followed.get(stream.key);
      if (followed && !followed.pinned && followed.stream.subscribers.size === 0) this.#followed.delete(stream.key);
    }, RELEASE_AFTER_MS).unref();
  }

  watchedAnywhere(key: string): boolean {
    return this.#watchedAnywhere.has(key);
  }

  /** Stream keys this node reads. */
  followedKeys(): string[] {
    return [...this.#followed.keys()];
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watchTimer);
    this.#reader.disconnect();
    if (this.#loop) await settleWithin(this.#loop);
    await release(this.cmd);
  }

  async #follow(stream: Stream, pinned: boolean): Promise<void> {
    const existing = this.#followed.get(stream.key);
    if (existing) {
      if (pinned) existing.pinned = true;
      return;
    }
    let pending = this.#preparing.get(stream.key);
    if (!pending) {
      pending = (async () => {
        const [last, counter] = await Promise.all([
          this.cmd.xrevrangeBuffer(this.#key(stream.key), '+', '-', 'COUNT', 1) as Promise<Entry[]>,
          this.cmd.get(this.#seqKey(stream.key)),
        ]);
        const entry = last[0];
        const latest = entry ? toMessage(entry) : undefined;
        const seq = Math.max(latest?.seq ?? 0, Number(counter ?? 0));
        if (latest && latest.seq >= stream.seq) stream.latest = latest;
        if (seq > stream.seq) stream.seq = seq;
        this.#followed.set(stream.key, { stream, lastId: `${stream.seq}-0`, pinned });
      })().finally(() => this.#preparing.delete(stream.key));
      this.#preparing.set(stream.key, pending);
    }
    await pending;
    const followed = this.#followed.get(stream.key);
    if (followed && pinned) followed.pinned = true;
  }

  async #readLoop(): Promise<void> {
    while (!this.#closed) {
      const list = [...this.#followed.values()];
      if (list.length === 0) {
        await sleep(BLOCK_MS);
        continue;
      }
      let reply: [Buffer, Entry[]][] | null;
      try {
        reply = (await this.#reader.xreadBuffer(
          'COUNT',
          1000,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...list.map((f) => this.#key(f.stream.key)),
          ...list.map((f) => f.lastId),
        )) as [Buffer, Entry[]][] | null;
      } catch {
        if (this.#closed) return;
        await sleep(200);
        continue;
      }
      if (!reply) continue;
      for (const [rawKey, entries] of reply) {
        const key = rawKey.toString().slice(this.#prefix.length + 2);
        const followed = this.#followed.get(key);
        if (!followed) continue;
        for (const entry of entries) {
          const message = toMessage(entry);
          followed.lastId = `${message.seq}-0`;
          if (message.seq <= followed.stream.seq) continue;
          this.delivered += 1;
          try {
            this.#onMessage?.(followed.stream, message);
            this.#registry?.deliver(followed.stream, message);
          } catch (err) {
            console.error('feed server: failed to deliver a stream message:', err);
          }
        }
      }
    }
  }

  /** Tells the cluster which streams this node's clients watch, and learns which the others watch. */
  async #announceWatched(): Promise<void> {
    if (!this.#registry) return;
    const now = this.#now();
    const key = `${this.#prefix}watched`;
    const mine: string[] = [];
    for (const { stream } of this.#followed.values()) if (stream.subscribers.size > 0) mine.push(String(now + WATCH_REFRESH_MS * 5), stream.key);
    try {
      const pipeline = this.cmd.pipeline();
      if (mine.length) pipeline.call('ZADD', key, ...mine);
      pipeline.zremrangebyscore(key, '-inf', String(now));
      pipeline.zrange(key, '0', '-1');
      pipeline.get(this.epochKey);
      const results = await pipeline.exec();
      const all = (results?.[results.length - 2]?.[1] ?? []) as string[];
      if (results?.[results.length - 1]?.[1] !== this.epoch) void this.#checkEpoch();
      this.#watchedAnywhere.clear();
      for (const k of all) this.#watchedAnywhere.add(k);
    } catch {
      // Redis is away; the next round tries again.
    }
  }

  async #ensureEpoch(): Promise<string> {
    await this.cmd.set(this.epochKey, newEpoch(this.#now()), 'NX');
    return (await this.cmd.get(this.epochKey)) as string;
  }

  #checking: Promise<void> | undefined;

  #checkEpoch(): Promise<void> {
    this.#checking ??= this.#compareEpoch().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #compareEpoch(): Promise<void> {
    if (!this.epoch || this.#closed) return;
    try {
      const epoch = await this.#ensureEpoch();
      if (epoch === this.epoch) return;
      this.epoch = epoch;
      for (const followed of this.#followed.values()) followed.lastId = '0-0';
      this.#registry?.restartEpoch(epoch);
      this.#onEpochChange?.(epoch);
    } catch {
      // Lost the connection again; the next 'ready' checks again.
    }
  }

  #key(streamKey: string): string {
    return `${this.#prefix}s:${streamKey}`;
  }

  #seqKey(streamKey: string): string {
    return `${this.#prefix}seq:${streamKey}`;
  }
}

type Entry = [id: Buffer, fields: Buffer[]];

interface CustomCommands {
  crwPublish(...args: string[]): Promise<unknown>;
  crwPublishKept(...args: string[]): Promise<unknown>;
}


function toMessage([id, fields]: Entry): StreamMessage {
  let ts = 0;
  let frame: Buffer = Buffer.alloc(0);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = (fields[i] as Buffer).toString();
    if (name === 't') ts = Number((fields[i + 1] as Buffer).toString());
    else if (name === 'f') frame = fields[i + 1] as Buffer;
  }
  const text = id.toString();
  return { seq: Number(text.slice(0, text.indexOf('-'))), ts, frame };
}

function newEpoch(now: number): string {
  return `${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
