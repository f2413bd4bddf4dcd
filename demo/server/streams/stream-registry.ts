import type { Channel, DataMessageType, Position } from '../../../src/core/protocol/index.js';

/** One message of a stream, serialized once and shared by every subscriber. */
export interface StreamMessage {
  readonly seq: number;
  readonly ts: number;
  /** The frame as sent: JSON text encoded once as UTF-8. */
  readonly frame: Buffer;
}

/** Anything that can receive frames: a WebSocket connection, or a test probe. */
export interface Subscriber {
  send(frame: Buffer): void;
}

/** Reads missed messages from durable storage instead of memory (the alerts stream uses SQLite). */
export type DurableReplay = (afterSeq: number, max: number) => StreamMessage[];

/** Cluster mode: reads messages `afterSeq < seq <= uptoSeq` (at most `max`) from a history kept next to the shared log. */
export type SharedReplay = (afterSeq: number, uptoSeq: number, max: number) => Promise<StreamMessage[]>;

export interface StreamOptions {
  channel: Channel;
  /** The stream's name in frames and positions; default the registry key. Each user's alerts stream is named `alerts`. */
  name?: string;
  type: DataMessageType;
  epoch?: string;
  /** The seq of the last message already sent in this epoch (for streams that survive restarts). */
  seq?: number;
  /** 0 turns the in-memory replay buffer off (latest-value-only streams). */
  replaySize?: number;
  durableReplay?: DurableReplay;
  /** Cluster mode: replay from this history instead of the stream (alerts, so acknowledgements are current). */
  sharedReplay?: SharedReplay;
}

/** Where a published message is also kept (alerts: the owner's history), written in the same step as the append. */
export interface StreamHistory {
  /** The history's index (id by seq) and its records (data by id). */
  keys: [string, string];
  id: string;
  /** Entries the history keeps; the oldest go. */
  keep: number;
}

export type ReplayResult = { recovered: true; messages: StreamMessage[] } | { recovered: false };

/**
 * Where streams live when the server is a node of a cluster (`--redis`): messages are numbered and
 * kept by a shared log, and come back to every node that follows the stream through
 * {@link StreamRegistry.deliver}. Without a backend the registry is the log itself.
 */
export interface StreamBackend {
  /** Appends a message to the shared log (and, with `history`, to that history in the same step); resolves with the seq it was given. */
  publish(stream: Stream, data: unknown, ts: number, history?: StreamHistory): Promise<number>;
  /** Follows `stream` on this node, so its `seq` and `latest` are current and new messages arrive. */
  prepare(stream: Stream): Promise<void>;
  /** The messages after `since` up to the stream's current seq on this node (call right after `prepare`). */
  replay(stream: Stream, since: Position): Promise<ReplayResult>;
  /** Nobody on this node listens to `stream` any more. */
  release(stream: Stream): void;
  /** Whether a client anywhere in the cluster listens to the stream `key`. */
  watchedAnywhere(key: string): boolean;
}

export class Stream {
  readonly key: string;
  /** What clients see in `stream` and `positions`. */
  readonly name: string;
  readonly channel: Channel;
  readonly type: DataMessageType;
  /** Changes only in cluster mode, when the shared log lost its data and starts a new epoch. */
  epoch: string;
  seq: number;
  latest: StreamMessage | undefined;
  /** Subscribers with a count: one connection may reach a stream through two subscriptions. */
  readonly subscribers = new Map<Subscriber, number>();
  readonly buffer: StreamMessage[] = [];
  /** Bytes held in `buffer`. */
  bufferBytes = 0;
  readonly replaySize: number;
  readonly durableReplay: DurableReplay | undefined;
  readonly sharedReplay: SharedReplay | undefined;

  constructor(key: string, options: StreamOptions & { epoch: string; replaySize: number }) {
    this.key = key;
    this.name = options.name ?? key;
    this.channel = options.channel;
    this.type = options.type;
    this.epoch = options.epoch;
    this.seq = options.seq ?? 0;
    this.replaySize = options.replaySize;
    this.durableReplay = options.durableReplay;
    this.sharedReplay = options.sharedReplay;
  }

  get position(): Position {
    return { epoch: this.epoch, seq: this.seq };
  }
}

export interface StreamRegistryOptions {
  /** Epoch of every stream that lives only in memory: a new one per server start (in cluster mode, the cluster's). */
  epoch: string;
  /** Cluster mode: streams live in a shared log instead of memory. */
  backend?: StreamBackend;
  /** Messages kept per replaying stream. Default 1000. */
  replaySize?: number;
  /** Age beyond which buffered messages are no longer replayed (and are dropped), ms. Default 120000. */
  replayMs?: number;
  /** Bytes one stream's replay buffer may hold; the oldest go first. Default 1 MiB. */
  replayBytes?: number;
  now?: () => number;
}

/**
 * Every stream the server publishes: its position (`epoch`, `seq`), its latest message, a bounded
 * replay buffer, and who is subscribed. Publishing serializes once and hands the same bytes to
 * every subscriber.
 */
export class StreamRegistry {
  epoch: string;
  readonly backend: StreamBackend | undefined;
  readonly replaySize: number;
  readonly replayMs: number;
  readonly replayBytes: number;
  readonly #streams = new Map<string, Stream>();
  readonly #now: () => number;
  published = 0;

  constructor(options: StreamRegistryOptions) {
    this.epoch = options.epoch;
    this.backend = options.backend;
    this.replaySize = options.replaySize ?? 1000;
    this.replayMs = options.replayMs ?? 120_000;
    this.replayBytes = options.replayBytes ?? 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): Stream | undefined {
    return this.#streams.get(key);
  }

  /** The stream under `key`, created with `options` if it does not exist yet. */
  ensure(key: string, options: StreamOptions): Stream {
    let stream = this.#streams.get(key);
    if (!stream) {
      // In a cluster every stream is numbered by the shared log in the cluster's epoch, and replays from it.
      const shared = this.backend ? { epoch: this.epoch, seq: 0, durableReplay: undefined } : {};
      stream = new Stream(key, { ...options, epoch: options.epoch ?? this.epoch, replaySize: options.replaySize ?? this.replaySize, ...shared });
      this.#streams.set(key, stream);
    }
    return stream;
  }

  /** Drops a stream (e.g. a deleted portfolio); its subscribers simply stop receiving. */
  remove(key: string): void {
    this.#streams.delete(key);
  }

  /**
   * Builds the next message of the stream, records it and sends it to every subscriber. In cluster
   * mode it goes to the shared log instead (answering undefined) and arrives through `deliver`.
   */
  publish(stream: Stream, data: unknown, ts: number): StreamMessage | undefined {
    if (this.backend) {
      this.backend.publish(stream, data, ts).catch((err: unknown) => reportPublishError(stream, err));
      return undefined;
    }
    const seq = stream.seq + 1;
    const text = JSON.stringify({ type: stream.type, channel: stream.channel, stream: stream.name, epoch: stream.epoch, seq, ts, data });
    const message: StreamMessage = { seq, ts, frame: Buffer.from(text) };
    return this.deliver(stream, message);
  }

  /** Records a message numbered elsewhere (or just now) as the stream's latest and sends it to every subscriber. */
  deliver(stream: Stream, message: StreamMessage): StreamMessage {
    const { seq } = message;
    stream.seq = seq;
    stream.latest = message;
    if (stream.replaySize > 0 && !stream.durableReplay && !this.backend) {
      stream.buffer.push(message);
      stream.bufferBytes += message.frame.byteLength;
      this.#evict(stream, stream.replaySize, this.replayBytes);
    }
    this.published += 1;
    for (const subscriber of stream.subscribers.keys()) subscriber.send(message.frame);
    return message;
  }

  subscribe(stream: Stream, subscriber: Subscriber): void {
    stream.subscribers.set(subscriber, (stream.subscribers.get(subscriber) ?? 0) + 1);
  }

  unsubscribe(stream: Stream, subscriber: Subscriber): void {
    const count = stream.subscribers.get(subscriber);
    if (count === undefined) return;
    if (count <= 1) stream.subscribers.delete(subscriber);
    else stream.subscribers.set(subscriber, count - 1);
    if (stream.subscribers.size === 0) this.backend?.release(stream);
  }

  /** Whether anyone listens to the stream under `key`: here, or (in a cluster) on any node. */
  watched(key: string): boolean {
    if ((this.#streams.get(key)?.subscribers.size ?? 0) > 0) return true;
    return this.backend?.watchedAnywhere(key) ?? false;
  }

  /**
   * Cluster mode, after the shared log lost its data: every stream starts again in `epoch`, so
   * positions from before name another epoch and clients reload instead of resuming.
   */
  restartEpoch(epoch: string): void {
    this.epoch = epoch;
    for (const stream of this.#streams.values()) {
      stream.epoch = epoch;
      stream.seq = 0;
      stream.latest = undefined;
      stream.buffer.length = 0;
      stream.bufferBytes = 0;
    }
  }

  /**
   * The messages after `since`, when the server can prove they are all there: same epoch and the
   * range still buffered (or durable). Otherwise `recovered: false` and the client reloads.
   */
  replay(stream: Stream, since: Position): ReplayResult {
    if (since.epoch !== stream.epoch || since.seq > stream.seq) return { recovered: false };
    if (since.seq === stream.seq) return { recovered: true, messages: [] };
    if (stream.durableReplay) {
      const messages = stream.durableReplay(since.seq, stream.replaySize + 1);
      if (messages.length > stream.replaySize || messages[0]?.seq !== since.seq + 1) return { recovered: false };
      return { recovered: true, messages };
    }
    this.#evictOld(stream);
    const first = stream.buffer[0];
    if (!first || first.seq > since.seq + 1) return { recovered: false };
    return { recovered: true, messages: stream.buffer.filter((m) => m.seq > since.seq) };
  }

  *all(): IterableIterator<Stream> {
    yield* this.#streams.values();
  }

  /** Drops expired messages from every buffer, so streams nobody publishes to any more let go too. */
  sweep(): void {
    for (const stream of this.#streams.values()) if (stream.buffer.length) this.#evictOld(stream);
  }

  /** Bytes held in every replay buffer together. */
  bufferedBytes(): number {
    let total = 0;
    for (const stream of this.#streams.values()) total += stream.bufferBytes;
    return total;
  }

  #evictOld(stream: Stream): void {
    this.#evict(stream, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /** Drops from the front: messages older than `replayMs`, then beyond `maxCount` or `maxBytes`. */
  #evict(stream: Stream, maxCount: number, maxBytes: number): void {
    const oldest = this.#now() - this.replayMs;
    const buffer = stream.buffer;
    let drop = 0;
    let bytes = stream.bufferBytes;
    while (
      drop < buffer.length &&
      ((buffer[drop] as StreamMessage).ts < oldest || buffer.length - drop > maxCount || bytes > maxBytes)
    ) {
      bytes -= (buffer[drop] as StreamMessage).frame.byteLength;
      drop += 1;
    }
    if (drop > 0) {
      buffer.splice(0, drop);
      stream.bufferBytes = bytes;
    }
  }
}

let lastPublishError = 0;

/** A failed publish to the shared log (Redis down, or no longer the leader): reported, at most once a second. */
function reportPublishError(stream: Stream, err: unknown): void {
  const now = Date.now();
  if (now - lastPublishError < 1000) return;
  lastPublishError = now;
  console.error(`feed server: could not publish to ${stream.key}: ${(err as Error).message}`);
}
