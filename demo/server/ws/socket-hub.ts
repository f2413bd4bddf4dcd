import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import {
  parseClientFrame,
  PROTOCOL_VERSION,
  REPLAYING_CHANNELS,
  subscriptionKey,
  type ClientMessage,
  type ErrorMessage,
  type SubscribeMessage,
  type UnsubscribeMessage,
} from '../../../src/core/protocol/index.js';
import type { FeedContext } from '../context.js';
import type { ReplayResult, Stream } from '../streams/stream-registry.js';
import { CLOSE, ClientConnection } from './client-connection.js';
import { OutgoingBudget } from '../limits/outgoing-budget.js';
import { ConnectionAuth } from './connection-auth.js';
import { resolveStreams } from './resolve-streams.js';

/** Distinct subscriptions one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 200;
/** Streams in a subscribe's answer that cost the sender one more frame of its allowance. */
const STREAMS_PER_FRAME_UNIT = 4;

/** Frames one connection may send while its token is being checked. */
const MAX_PENDING_FRAMES = 64;

export interface SocketHubOptions {
  heartbeatMs: number;
  maxFrameBytes: number;
  maxBufferedBytes: number;
  /** Unsent bytes summed over every connection; beyond it the largest backlogs are dropped. */
  maxTotalBufferedBytes?: number;
  /** After `auth_expired`, how long a client has to send a fresh token. */
  authGraceMs: number;
  /** Replayed bytes one connection may receive per minute; beyond it, `recovered: false` (reload over REST). */
  maxReplayBytesPerMinute: number;
  /** Frames one connection may send per second on average (bursts up to twice that); beyond it the connection is closed (1008). */
  maxFramesPerSecond?: number;
}

/**
 * Every WebSocket client: the handshake (`welcome`), client frames (subscribe, unsubscribe, ping),
 * recovery on subscribe, heartbeats, and dropping clients that are dead or too slow.
 */
export class SocketHub {
  readonly clients = new Set<ClientConnection>();
  #timer: NodeJS.Timeout | undefined;
  #beat = 0;
  readonly #auth: ConnectionAuth;
  /** The server-wide cap on unsent bytes. */
  readonly outgoing: OutgoingBudget<ClientConnection>;

  constructor(
    private readonly ctx: FeedContext,
    private readonly options: SocketHubOptions,
  ) {
    this.outgoing = new OutgoingBudget<ClientConnection>(options.maxTotalBufferedBytes ?? Number.MAX_SAFE_INTEGER, (c) =>
      this.#dropSlow(c, 'server send buffers full: client too slow'),
    );
    this.#auth = new ConnectionAuth(ctx, options.authGraceMs, {
      dropSubscription: (client, key) => {
        const sub = client.subscriptions.get(key);
        if (!sub) return;
        for (const s of sub.streams) this.ctx.registry.unsubscribe(s, client);
        client.subscriptions.delete(key);
      },
      error: (client, error) => this.#error(client, error),
    });
  }

  /** Open connections from one IP address. */
  connectionsFrom(ip: string): number {
    return this.#perIp.get(ip) ?? 0;
  }

  readonly #perIp = new Map<string, number>();

  accept(socket: WebSocket, ip = '?'): ClientConnection {
    const client = new ClientConnection(
      randomBytes(9).toString('base64url'),
      socket,
      this.options.maxBufferedBytes,
      (c) => this.#dropSlow(c),
      (c) => this.outgoing.note(c),
    );
    this.clients.add(client);
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
    socket.once('close', () => {
      const left = (this.#perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.#perIp.set(ip, left);
      else this.#perIp.delete(ip);
    });
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data, isBinary) => this.#onMessage(client, data, isBinary));
    socket.on('error', () => {
      // ws reports protocol violations (e.g. a frame beyond maxPayload) here and then closes; the
      // 'close' handler does the clean-up.
    });
    socket.on('close', () => this.#forget(client));
    client.sendMessage({
      type: 'welcome',
      sessionId: client.id,
      heartbeatMs: this.options.heartbeatMs,
      serverTime: this.ctx.now(),
      protocolVersion: PROTOCOL_VERSION,
      maxFrameBytes: this.options.maxFrameBytes,
    });
    return client;
  }

  /**
   * Runs every half heartbeat: a client that got nothing since the previous check gets an
   * application `heartbeat`; every full heartbeat each client is pinged, and one that did not
   * answer the previous ping is dropped.
   */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.checkHeartbeats(), Math.max(5, Math.floor(this.options.heartbeatMs / 2)));
  }

  checkHeartbeats(): void {
    const pingNow = this.#beat++ % 2 === 1;
    for (const client of this.clients) {
      if (client.closed) continue;
      if (pingNow) {
        if (!client.alive) {
          client.closed = true;
          client.socket.terminate();
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
      if (!client.sentSinceCheck) client.sendMessage({ type: 'heartbeat', serverTime: this.ctx.now() });
      else client.sentSinceCheck = false;
    }
  }

  /**
   * Runs `fn` with every client's TCP socket corked, so the frames of one batch leave in a few
   * large writes instead of one syscall each.
   */
  corked(fn: () => void): void {
    const sockets: { cork(): void; uncork(): void }[] = [];
    for (const c of this.clients) {
      // ws keeps the net.Socket private; corking it is safe and only batches writes.
      const raw = (c.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
      if (raw) {
        raw.cork();
        sockets.push(raw);
      }
    }
    try {
      fn();
    } finally {
      for (const s of sockets) s.uncork();
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Closes every client with `code` and waits (bounded) for them to go. */
  async closeAll(code: number = CLOSE.goingAway, reason = 'server shutting down', waitMs = 2000): Promise<void> {
    const sockets = [...this.clients].map((c) => c.socket);
    const gone = sockets.map(
      (s) => new Promise<void>((resolve) => (s.readyState === s.CLOSED ? resolve() : s.once('close', () => resolve()))),
    );
    for (const client of this.clients) client.close(code, reason);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(gone), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    for (const s of sockets) if (s.readyState !== s.CLOSED) s.terminate();
  }

  #forget(client: ClientConnection): void {
    client.closed = true;
    client.pending = null;
    this.#auth.forget(client);
    for (const sub of client.subscriptions.values()) for (const s of sub.streams) this.ctx.registry.unsubscribe(s, client);
    client.subscriptions.clear();
    this.clients.delete(client);
  }

  #dropSlow(client: ClientConnection, reason = 'client too slow: send buffer full'): void {
    client.close(CLOSE.tryAgainLater, reason);
    // Its buffer is full, so the closing handshake may never get through.
    setTimeout(() => client.socket.terminate(), 2000).unref();
    this.#forget(client);
  }

  /**
   * Spends one frame of the client's allowance (a token bucket: `maxFramesPerSecond` a second, up
   * to twice that saved up). A client past it is flooding: every frame costs parsing and an answer,
   * and one socket must not take the server's time from the others, so it is closed (1008).
   */
  #withinFrameRate(client: ClientConnection): boolean {
    const rate = this.options.maxFramesPerSecond;
    if (rate === undefined) return true;
    const now = this.ctx.now();
    const burst = rate * 2;
    const saved = Number.isNaN(client.frameAllowance) ? burst : client.frameAllowance;
    client.frameAllowance = Math.min(burst, saved + ((now - client.frameRefilledAt) * rate) / 1000);
    client.frameRefilledAt = now;
    if (client.frameAllowance >= 1) {
      client.frameAllowance -= 1;
      return true;
    }
    if (!client.closed) {
      this.#error(client, { code: 'rate_limited', message: `more than ${rate} frames per second; closing` });
      client.cutOff(CLOSE.policy, 'too many frames');
      this.#forget(client);
    }
    return false;
  }

  /**
   * A subscribe answers with a position and the latest value of every stream it names, so one frame
   * for every price costs the server dozens of frames' work: beyond the frame itself, it spends one
   * more unit of the allowance per {@link STREAMS_PER_FRAME_UNIT} streams. A page's few subscribes
   * stay far inside the burst; a socket repeating a large one reaches the cap after a few dozen.
   */
  #chargeAnswer(client: ClientConnection, streams: number): void {
    if (this.options.maxFramesPerSecond === undefined || Number.isNaN(client.frameAllowance)) return;
    client.frameAllowance -= Math.floor(streams / STREAMS_PER_FRAME_UNIT);
  }

  #onMessage(client: ClientConnection, data: RawData, isBinary: boolean, queued = false): void {
    if (client.closed || (!queued && !this.#withinFrameRate(client))) return;
    if (client.pending) {
      // A token is being checked or a subscribe is reading Redis: later frames wait, in order.
      if (client.pending.length >= MAX_PENDING_FRAMES) {
        return this.#error(client, { code: 'rate_limited', message: `at most ${MAX_PENDING_FRAMES} frames while a token is being checked` });
      }
      client.pending.push({ data, isBinary });
      return;
    }
    try {
      if (isBinary) return this.#error(client, { code: 'bad_frame', message: 'frames must be JSON text, not binary' });
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (buffer.byteLength > this.options.maxFrameBytes) {
        return this.#error(client, {
          code: 'frame_too_large',
          message: `frame of ${buffer.byteLength} bytes exceeds the limit of ${this.options.maxFrameBytes}`,
        });
      }
      const parsed = parseClientFrame(buffer.toString('utf8'), this.options.maxFrameBytes);
      if (!parsed.ok) {
        return this.#error(client, { code: parsed.code, message: parsed.message, ...(parsed.issues ? { issues: parsed.issues } : {}) });
      }
      this.#handle(client, parsed.message);
    } catch (err) {
      // One bad frame must never take the server (or other clients) down.
      console.error('feed server: failed to handle a client frame:', err);
      this.#error(client, { code: 'internal', message: 'internal error while handling the frame' });
    }
  }

  #handle(client: ClientConnection, message: ClientMessage): void {
    switch (message.type) {
      case 'ping':
        return client.sendMessage({ type: 'pong', id: message.id, serverTime: this.ctx.now() });
      case 'subscribe':
        return this.#subscribe(client, message);
      case 'unsubscribe':
        return this.#unsubscribe(client, message);
      case 'auth':
        return this.#authenticate(client, message);
    }
  }

  #authenticate(client: ClientConnection, message: Extract<ClientMessage, { type: 'auth' }>): void {
    client.pending = [];
    this.#auth
      .authenticate(client, message)
      .catch((err: unknown) => {
        console.error('feed server: failed to check a token:', err);
        this.#error(client, { code: 'internal', message: 'internal error while checking the token' });
      })
      .finally(() => this.#drain(client));
  }

  /** Handles the frames that waited for an answer (a token check, a subscribe reading Redis), in order. */
  #drain(client: ClientConnection): void {
    const backlog = client.pending ?? [];
    client.pending = null;
    for (let i = 0; i < backlog.length; i += 1) {
      if (client.closed) return;
      // A frame in the backlog that starts a new wait: the rest queue behind it.
      if (client.pending) {
        (client.pending as { data: RawData; isBinary: boolean }[]).push(...backlog.slice(i));
        return;
      }
      const frame = backlog[i] as { data: RawData; isBinary: boolean };
      this.#onMessage(client, frame.data, frame.isBinary, true);
    }
  }

  #subscribe(client: ClientConnection, message: SubscribeMessage): void {
    const { channel } = message;
    const params = message.params as Record<string, unknown> | undefined;
    const resolved = resolveStreams(this.ctx, message, client.user);
    if (!resolved.ok) return this.#error(client, { ...resolved.error, channel });
    const { streams } = resolved;
    const { registry } = this.ctx;

    const key = subscriptionKey(channel, message.params as never);
    const previous = client.subscriptions.get(key);
    // Each subscription also answers with current values, so without a bound one client could
    // make the server do unbounded work; a real page needs a few dozen at most.
    if (!previous && client.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
      return this.#error(client, {
        code: 'rate_limited',
        message: `at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions per connection; unsubscribe from some first`,
        channel,
      });
    }
    this.#chargeAnswer(client, streams.length);
    if (registry.backend) return this.#subscribeShared(client, message, key, streams);
    if (previous) for (const s of previous.streams) registry.unsubscribe(s, client);
    for (const s of streams) registry.subscribe(s, client);
    client.subscriptions.set(key, { channel, params, streams });

    const positions: Record<string, { epoch: string; seq: number }> = {};
    for (const s of streams) positions[s.name] = s.position;
    const latestValue = channel !== 'alerts';
    const latest = (list: Stream[]) => list.flatMap((s) => (s.latest ? [s.latest.frame] : []));
    let recovered: boolean | undefined;
    let frames: Buffer[] = [];
    if (message.since && REPLAYING_CHANNELS.has(channel)) {
      const stream = streams[0] as Stream;
      // Already live on this connection: a repeated `since` replays nothing (it would only let one
      // client multiply the server's output); the client reloads over REST instead.
      const repeated = previous !== undefined && previous.streams[0] === stream;
      const replay = repeated ? ({ recovered: false } as const) : registry.replay(stream, message.since);
      const replayed = replay.recovered ? replay.messages.map((m) => m.frame) : [];
      recovered = replay.recovered && this.#allowReplay(client, replayed);
      frames = recovered ? replayed : latestValue ? latest(streams) : [];
    } else if (message.since) {
      // Prices: the latest value is the whole state, so "recovery" is handing it out again.
      recovered = message.since.epoch === registry.epoch;
      frames = latest(streams);
    } else if (latestValue) {
      frames = latest(streams);
    }
    client.sendMessage({
      type: 'subscribed',
      channel,
      ...(params ? { params } : {}),
      ...(recovered !== undefined ? { recovered } : {}),
      positions,
    });
    for (const frame of frames) client.send(frame);
  }

  /**
   * Cluster mode: the streams are followed from Redis first (and replayed with XRANGE), so the
   * answer comes a moment later; the client's later frames wait for it, keeping their order. After
   * the last read nothing is awaited: the client joins live delivery right after what it was sent.
   */
  #subscribeShared(client: ClientConnection, message: SubscribeMessage, key: string, streams: Stream[]): void {
    const { registry } = this.ctx;
    const backend = registry.backend as NonNullable<typeof registry.backend>;
    const { channel } = message;
    const params = message.params as Record<string, unknown> | undefined;
    client.pending = [];
    const run = async () => {
      await Promise.all(streams.map((s) => backend.prepare(s)));
      const previous = client.subscriptions.get(key);
      let replay: ReplayResult | undefined;
      if (message.since && REPLAYING_CHANNELS.has(channel)) {
        const stream = streams[0] as Stream;
        const repeated = previous !== undefined && previous.streams[0] === stream;
        replay = repeated ? { recovered: false } : await backend.replay(stream, message.since);
      }
      if (client.closed) return;
      const again = client.subscriptions.get(key);
      for (const s of streams) registry.subscribe(s, client);
      if (again) for (const s of again.streams) registry.unsubscribe(s, client);
      client.subscriptions.set(key, { channel, params, streams });
      const positions: Record<string, { epoch: string; seq: number }> = {};
      for (const s of streams) positions[s.name] = s.position;
      const latestValue = channel !== 'alerts';
      const latest = () => streams.flatMap((s) => (s.latest ? [s.latest.frame] : []));
      let recovered: boolean | undefined;
      let frames: Buffer[] = [];
      if (replay) {
        const replayed = replay.recovered ? replay.messages.map((m) => m.frame) : [];
        recovered = replay.recovered && this.#allowReplay(client, replayed);
        frames = recovered ? replayed : latestValue ? latest() : [];
      } else if (message.since) {
        recovered = message.since.epoch === registry.epoch;
        frames = latest();
      } else if (latestValue) {
        frames = latest();
      }
      client.sendMessage({ type: 'subscribed', channel, ...(params ? { params } : {}), ...(recovered !== undefined ? { recovered } : {}), positions });
      for (const frame of frames) client.send(frame);
    };
    run()
      .catch((err: unknown) => {
        console.error('feed server: subscribe failed:', (err as Error).message);
        this.#error(client, { code: 'internal', message: 'the stream store is unavailable; try again', channel });
      })
      .finally(() => this.#drain(client));
  }

  /** Counts `frames` against the connection's replay budget; false when they do not fit this minute. */
  #allowReplay(client: ClientConnection, frames: Buffer[]): boolean {
    const now = this.ctx.now();
    if (now - client.replayWindowStart >= 60_000) {
      client.replayWindowStart = now;
      client.replayBytes = 0;
    }
    let bytes = 0;
    for (const frame of frames) bytes += frame.byteLength;
    if (client.replayBytes + bytes > this.options.maxReplayBytesPerMinute) return false;
    client.replayBytes += bytes;
    return true;
  }

  #unsubscribe(client: ClientConnection, message: UnsubscribeMessage): void {
    const key = subscriptionKey(message.channel, message.params as never);
    const sub = client.subscriptions.get(key);
    if (sub) {
      for (const s of sub.streams) this.ctx.registry.unsubscribe(s, client);
      client.subscriptions.delete(key);
    }
    const params = message.params as Record<string, unknown> | undefined;
    client.sendMessage({ type: 'unsubscribed', channel: message.channel, ...(params ? { params } : {}) });
  }

  #error(client: ClientConnection, error: Omit<ErrorMessage, 'type'>): void {
    client.sendMessage({ type: 'error', ...error });
  }
}
