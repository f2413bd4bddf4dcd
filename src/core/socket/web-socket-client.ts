import { EventEmitter } from 'eventemitter3';
import { ApiClient } from '../api/index.js';
import { channelParamsProblem } from '../protocol/fast-checks.js';
import type { ClientMessage, DataMessage, Position, ServerMessage, WelcomeMessage } from '../protocol/index.js';
import { DEFAULT_MAX_FRAME_BYTES, subscriptionKey, type Channel, type ChannelParams } from '../protocol/names.js';
import { backoffDelay, jittered } from './backoff.js';
import { CLOSE_CODES, type WebSocketClientOptions } from './client-options.js';
import type { ConnectionState, ConnectionStatus, DataMeta, SocketStats, SubscriptionHandle, WebSocketClientEvents } from './client-types.js';
import { createInThreadPipeline, type FrameBatch, type FramePipeline } from './frame-pipeline.js';
import { HeartbeatMonitor } from './heartbeat.js';
import { lazyPoller, type PollingFallback } from './lazy-poller.js';
import { browserLifecycle, type WakeReason } from './lifecycle.js';
import { OutgoingQueue } from './outgoing-queue.js';
import { systemClock, systemTimers, TimerSlot, WS_OPEN, type Clock, type CloseEventLike, type MessageEventLike, type RandomSource, type Timers, type WebSocketConstructor, type WebSocketLike } from './seams.js';
import { SocketAuth } from './socket-auth.js';
import { SocketError } from './socket-error.js';
import { StreamDispatcher } from './stream-dispatcher.js';
import { covers } from './subscription-registry.js';
import { describeSubscriptions, type SubscriptionInfo } from './subscription-info.js';
import { MessageRouter } from './message-router.js';

export { CLOSE_CODES, type WebSocketClientOptions } from './client-options.js';

type Listener<E extends keyof WebSocketClientEvents> = (...args: WebSocketClientEvents[E]) => void;

/**
 * A resilient WebSocket client for the feed protocol.
 *
 * State machine (`statechange` reports every edge):
 * ```
 * idle ──connect()──▶ connecting ──welcome──▶ connected
 * connecting|connected ──drop / failed attempt──▶ reconnecting ──timer──▶ (attempt) ──welcome──▶ connected
 * reconnecting ──maxReconnectAttempts reached──▶ polling   (REST available; probes the socket every ~60 s)
 *                                              ▶ suspended (no REST; retries every ~30 s)
 * any open state ──close 1013──▶ suspended
 * any ──close 1008 / 4000-4499, disconnect(), dispose()──▶ closed ──connect()──▶ connecting
 * polling|suspended ──probe/retry answers──▶ connected
 * ```
 * The attempt counter resets only after `stableAfterMs` of uptime. The outgoing queue is kept
 * through connecting/reconnecting and failed on suspended, polling and closed. Subscriptions are
 * never queued: on every (re)connect the registry's desired set is sent in one batch, with `since`
 * for replaying streams.
 *
 * @example
 * const client = new WebSocketClient({ url: 'ws://127.0.0.1:8080/ws', apiUrl: 'http://127.0.0.1:8080' });
 * client.on('price_update', (msg) => console.log(msg.data.assetId, msg.data.price));
 * const sub = client.subscribe('price_updates', { assetIds: ['BTC'] });
 * await client.connect();
 * // later
 * sub.unsubscribe();
 * client.dispose();
 */
/** The URLs in a `url` option: an array, or a string of one or more URLs separated by spaces. */
export function socketUrls(url: string | readonly string[]): string[] {
  const list = (typeof url === 'string' ? [url] : [...url]).flatMap((u) => u.split(/\s+/)).filter(Boolean);
  if (list.length === 0) throw new TypeError('WebSocketClient: url must name at least one WebSocket URL');
  return list;
}

export class WebSocketClient {
  /** The WebSocket URL this client connects to; with several, all of them separated by spaces. */
  readonly url: string;
  /** Every URL it may connect to, in the order it tries them. */
  readonly urls: readonly string[];
  /** The REST client used for polling and recovery, when configured. */
  readonly api: ApiClient | null;

  readonly #emitter = new EventEmitter();
  /** Each event's listeners as of the last `on`/`off`: emitting iterates this copy, so it copies nothing per frame. */
  readonly #listenerSnapshots = new Map<string, readonly ((...args: unknown[]) => void)[]>();
  readonly #opts: Required<Pick<WebSocketClientOptions,
    'maxReconnectAttempts' | 'backoffMinMs' | 'backoffMaxMs' | 'firstRetryMaxMs' | 'stableAfterMs' | 'connectTimeoutMs' |
    'heartbeatGraceMs' | 'pollIntervalMs' | 'probeIntervalMs' | 'suspendedRetryMs'>>;
  readonly #WebSocket: WebSocketConstructor | undefined;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #random: RandomSource;
  readonly #debug: ((message: string, details?: unknown) => void) | undefined;

  readonly #streams: StreamDispatcher;
  readonly #queue: OutgoingQueue;
  readonly #heartbeat: HeartbeatMonitor;
  readonly #pipeline: FramePipeline;
  readonly #poller: PollingFallback | null;
  readonly #retrySlot: TimerSlot;
  readonly #connectTimeout: TimerSlot;
  readonly #stableSlot: TimerSlot;
  readonly #stopLifecycle: () => void;
  readonly #auth: SocketAuth | null;
  readonly #router = new MessageRouter((err) => {
    this.#stats.listenerErrors++;
    this.#emitError(new SocketError('listener_error', 'a subscription\'s onMessage threw', err));
  });

  #urlIndex = 0;
  #state: ConnectionState = 'idle';
  #socket: WebSocketLike | null = null;
  #welcomed = false;
  #attempt = 0;
  #nextRetryAt: number | null = null;
  #sessionId: string | null = null;
  #lastError: SocketError | null = null;
  #everConnected = false;
  #disposed = false;
  #pingSeq = 0;
  /** Pings awaiting their pong; `sentAt` is null while the ping sits in the outgoing queue. */
  readonly #pings = new Map<string, { sentAt: number | null; resolve: (rtt: number) => void; reject: (e: SocketError) => void }>();
  #waiters: Array<{ resolve: () => void; reject: (e: SocketError) => void }> = [];
  readonly #stats: SocketStats = {
    framesReceived: 0, delivered: 0, droppedDuplicates: 0, droppedStale: 0, invalid: 0, gaps: 0, priceSkips: 0,
    epochChanges: 0, reconnects: 0, attempts: 0, resyncs: 0, alertsRecovered: 0, polls: 0, coalesced: 0,
    listenerErrors: 0, framesSent: 0, bytesReceived: 0,
  };

  constructor(options: WebSocketClientOptions) {
    this.urls = socketUrls(options.url);
    this.url = this.urls.join(' ');
    this.#WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.#clock = options.clock ?? systemClock;
    this.#timers = options.timers ?? systemTimers;
    this.#random = options.random ?? Math.random;
    this.#debug = options.debug;
    this.#opts = {
      maxReconnectAttempts: options.maxReconnectAttempts ?? 10,
      backoffMinMs: options.backoffMinMs ?? 1000,
      backoffMaxMs: options.backoffMaxMs ?? 30_000,
      firstRetryMaxMs: options.firstRetryMaxMs ?? 1000,
      stableAfterMs: options.stableAfterMs ?? 5000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      heartbeatGraceMs: options.heartbeatGraceMs ?? 10_000,
      pollIntervalMs: options.pollIntervalMs ?? 5000,
      probeIntervalMs: options.probeIntervalMs ?? 60_000,
      suspendedRetryMs: options.suspendedRetryMs ?? 30_000,
    };
    this.api = options.api ?? (options.apiUrl ? new ApiClient({ baseUrl: options.apiUrl }) : null);

    this.#streams = new StreamDispatcher(
      {
        canSend: () => this.#socket !== null && this.#welcomed,
        send: (message) => this.#sendRaw(JSON.stringify(message)),
        emit: (event, ...args) => this.#emit(event, ...args),
        emitData: (message, meta) => {
          this.#emit(message.type, message as never, meta);
          this.#emit('message', message, meta);
          this.#router.dispatch(message, meta);
        },
        emitError: (error) => this.#emitError(error),
        stats: this.#stats,
        log: (message, details) => this.#log(message, details),
      },
      { timers: this.#timers, random: this.#random, api: this.api, unsubscribeGraceMs: options.unsubscribeGraceMs ?? 2000 },
    );
    this.#queue = new OutgoingQueue(this.#clock, this.#timers, options.queue);
    this.#heartbeat = new HeartbeatMonitor(this.#clock, this.#timers, this.#opts.connectTimeoutMs, this.#opts.heartbeatGraceMs, (silentMs) =>
      this.#abandonSocket('heartbeat_timeout', `no frame for ${silentMs} ms`),
    );
    const pipelineFactory = options.pipeline ?? createInThreadPipeline;
    this.#pipeline = pipelineFactory(
      { maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES * 16, schedule: options.frameSchedule },
      (batch) => this.#onBatch(batch),
    );
    this.#retrySlot = new TimerSlot(this.#timers);
    this.#connectTimeout = new TimerSlot(this.#timers);
    this.#stableSlot = new TimerSlot(this.#timers);

    this.#poller = this.api
      ? lazyPoller({
          api: this.api,
          timers: this.#timers,
          intervalMs: this.#opts.pollIntervalMs,
          desired: () => this.#streams.registry.entries(),
          position: (stream) => this.#streams.positions.get(stream),
          deliver: (message) => this.#streams.deliver(message, { transport: 'polling', source: 'rest' }),
          deliverAlerts: (page) => this.#streams.applyPolledAlerts(page),
          onError: (error, what) => this.#emitError(new SocketError('polling_failed', `polling ${what} failed`, error)),
          onPoll: () => this.#stats.polls++,
        })
      : null;

    this.#auth = options.auth
      ? new SocketAuth(
          options.auth,
          {
            sendAuth: (token) => {
              try {
                this.#sendRaw(JSON.stringify({ type: 'auth', token } satisfies ClientMessage));
                return true;
              } catch {
                return false;
              }
            },
            emitError: (error) => this.#emitError(error),
            log: (message, details) => this.#log(message, details),
          },
          this.#clock,
          this.#timers,
        )
      : null;

    const lifecycle = options.lifecycle === undefined ? browserLifecycle() : options.lifecycle;
    this.#stopLifecycle = lifecycle ? lifecycle.listen((reason) => this.#onWake(reason)) : () => {};
  }

  // ── Public API ────────────────────────────────────────────────────────────

  /**
   * Starts connecting (from `idle` or `closed`), or retries now when waiting. Resolves once
   * connected; rejects when the client ends up `closed`, `suspended` or `polling` instead.
   */
  connect(): Promise<void> {
    if (this.#disposed) return Promise.reject(new SocketError('disposed', 'the client is disposed'));
    if (this.#state === 'connected') return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#state === 'idle' || this.#state === 'closed') {
      this.#attempt = 0;
      this.#setState('connecting', 'connect');
      this.#openSocket();
    } else {
      this.reconnectNow();
    }
    return done;
  }

  /** Skips the wait: retries at once while reconnecting or suspended, probes at once while polling. */
  reconnectNow(): void {
    if (this.#disposed) return;
    if (this.#state === 'idle' || this.#state === 'closed') {
      void this.connect().catch(() => {});
      return;
    }
    if (this.#socket) return; // an attempt or a live connection is already there
    this.#retrySlot.cancel();
    this.#nextRetryAt = null;
    this.#openSocket();
  }

  /**
   * Moves a live connection onto a fresh socket at once (`reconnecting` → `connected`, with
   * `reason`), e.g. after its transport changed. Every stream resumes from its position.
   */
  reopen(reason = 'reopen'): void {
    if (this.#disposed || this.#state !== 'connected' || !this.#socket) return;
    this.#detachSocket(1000, reason);
    this.#setState('reconnecting', reason);
    this.#openSocket();
  }

  /** Closes the connection and stops retrying. Subscriptions are kept and resent by a later `connect()`. */
  disconnect(): void {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    this.#toClosed('disconnect', new SocketError('queue_failed', 'the client was disconnected'));
  }

  /** Disconnects and releases everything: timers, listeners, page hooks. The client cannot be reused. */
  dispose(): void {
    if (this.#disposed) return;
    this.#toClosed('dispose', new SocketError('disposed', 'the client was disposed'));
    this.#disposed = true;
    this.#stopLifecycle();
    this.#auth?.dispose();
    this.#streams.dispose();
    this.#pipeline.dispose();
    this.#emitter.removeAllListeners();
    this.#listenerSnapshots.clear();
  }

  /**
   * Takes a reference on a channel subscription. Widgets asking for the same channel and params
   * share one server subscription; the real unsubscribe happens `unsubscribeGraceMs` after the last
   * holder lets go. `onMessage` (optional) receives the data messages this subscription delivers.
   *
   * @throws TypeError when `params` do not fit the channel.
   */
  subscribe<C extends Channel>(
    channel: C,
    params?: ChannelParams[C],
    onMessage?: (message: DataMessage, meta: DataMeta) => void,
  ): SubscriptionHandle<C> {
    if (this.#disposed) throw new SocketError('disposed', 'the client is disposed');
    const problem = channelParamsProblem(channel, params);
    if (problem) throw new TypeError(`subscribe(${channel}): ${problem}`);
    const entry = this.#streams.acquire(channel, params);

    const stopRouting = onMessage ? this.#router.add(entry, onMessage) : undefined;
    let released = false;
    return {
      key: entry.key,
      channel,
      params,
      unsubscribe: () => {
        if (released) return;
        released = true;
        stopRouting?.();
        this.#streams.registry.release(entry.key);
      },
    };
  }

  /** Releases one reference taken with `subscribe(channel, params)` (prefer the handle's `unsubscribe`). */
  unsubscribe<C extends Channel>(channel: C, params?: ChannelParams[C]): void {
    this.#streams.registry.release(subscriptionKey(channel, params));
  }

  /** Distinct server subscriptions currently held by at least one holder. */
  getSubscriptionCount(): number {
    return this.#streams.registry.entries().filter((entry) => entry.refs > 0).length;
  }

  getConnectionStatus(): ConnectionStatus {
    const state = this.#state;
    return {
      state,
      connected: state === 'connected',
      connecting: this.#socket !== null && !this.#welcomed,
      attempt: this.#attempt,
      nextRetryAt: this.#nextRetryAt,
      transport: state === 'connected' ? 'websocket' : state === 'polling' ? 'polling' : 'none',
      sessionId: state === 'connected' ? this.#sessionId : null,
      lastError: this.#lastError,
    };
  }

  /** A copy of the counters. */
  getStats(): SocketStats {
    return { ...this.#stats };
  }

  /** Every subscription the client holds (or is releasing), with its state and its streams' positions. */
  getSubscriptions(): SubscriptionInfo[] {
    return describeSubscriptions(this.#streams.registry.entries(), (stream) => this.#streams.positions.get(stream));
  }

  /** The last delivered position of a stream (see `streamKey`), if any. */
  getPosition(stream: string): Position | undefined {
    return this.#streams.positions.get(stream);
  }

  /**
   * Round-trip time to the server in ms. Queued (bounded) while connecting; rejects when the
   * queue fails (suspended, polling, closed) or the connection is lost before the `pong`.
   */
  ping(): Promise<number> {
    const id = `p${++this.#pingSeq}`;
    return new Promise<number>((resolve, reject) => {
      this.#pings.set(id, { sentAt: null, resolve, reject });
      this.#write({ type: 'ping', id }, (error) => {
        if (!error) {
          const ping = this.#pings.get(id);
          if (ping) ping.sentAt = this.#clock.now();
          return;
        }
        this.#pings.delete(id);
        reject(error);
      });
    });
  }

  /** Adds a typed listener; adding the same function twice has no effect. Returns the remover. */
  on<E extends keyof WebSocketClientEvents>(event: E, listener: Listener<E>): () => void {
    if (!this.#emitter.listeners(event).includes(listener as never)) this.#emitter.on(event, listener as never);
    this.#listenerSnapshots.delete(event);
    return () => this.off(event, listener);
  }

  /** Adds a listener for the next occurrence only. Returns the remover. */
  once<E extends keyof WebSocketClientEvents>(event: E, listener: Listener<E>): () => void {
    const wrapper = ((...args: WebSocketClientEvents[E]) => {
      this.off(event, wrapper);
      listener(...args);
    }) as Listener<E>;
    return this.on(event, wrapper);
  }

  off<E extends keyof WebSocketClientEvents>(event: E, listener: Listener<E>): void {
    this.#emitter.off(event, listener as never);
    this.#listenerSnapshots.delete(event);
  }

  // ── Connection ────────────────────────────────────────────────────────────

  #setState(to: ConnectionState, reason: string): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#log(`state ${from} → ${to} (${reason})`);
    if (to === 'suspended' || to === 'polling' || to === 'closed') {
      const error = new SocketError('queue_failed', `connection is ${to}`);
      this.#queue.failAll(error);
      const waiters = this.#waiters.splice(0);
      for (const waiter of waiters) waiter.reject(new SocketError('connect_failed', `connection ${to} (${reason})`));
    }
    this.#emit('statechange', { from, to, reason });
  }

  #openSocket(): void {
    const Ctor = this.#WebSocket;
    this.#stats.attempts++;
    if (!Ctor) {
      this.#onAttemptFailed(new SocketError('connect_failed', 'no WebSocket implementation available; pass options.WebSocket'), 'no_websocket');
      return;
    }
    let socket: WebSocketLike;
    try {
      socket = new Ctor(this.currentUrl);
    } catch (err) {
      const url = this.currentUrl;
      this.#nextUrl();
      this.#onAttemptFailed(new SocketError('connect_failed', `could not open ${url}`, err), 'constructor_threw');
      return;
    }
    this.#socket = socket;
    this.#welcomed = false;
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // Some implementations make it read-only; binary frames are refused either way.
    }
    const current = () => this.#socket === socket;
    socket.onmessage = (event: MessageEventLike) => {
      if (!current()) return;
      this.#stats.framesReceived += event.frames ?? 1;
      this.#stats.bytesReceived += event.bytes ?? (typeof event.data === 'string' ? event.data.length : ((event.data as ArrayBuffer | undefined)?.byteLength ?? 0));
      this.#heartbeat.beat();
      this.#pipeline.post(event.data);
    };
    socket.onerror = (event: unknown) => {
      if (current()) this.#lastError = new SocketError('connection_lost', 'WebSocket error', event);
    };
    socket.onclose = (event: CloseEventLike) => {
      if (!current()) return;
      this.#pipeline.flush();
      if (current()) this.#onSocketClosed(event.code, event.reason);
    };
    // Until `welcome` names the real interval, the connect timeout bounds the silence.
    this.#heartbeat.setInterval(this.#opts.connectTimeoutMs);
    this.#connectTimeout.arm(this.#opts.connectTimeoutMs, () => {
      if (current() && !this.#welcomed) this.#abandonSocket('connect_failed', `no welcome within ${this.#opts.connectTimeoutMs} ms`);
    });
  }

  /** Gives up on the current socket (silence, timeout): close it and treat it as dropped. */
  #abandonSocket(code: 'heartbeat_timeout' | 'connect_failed', message: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#emitError(new SocketError(code, message));
    this.#detachSocket(CLOSE_CODES.CLIENT_TIMEOUT, code);
    this.#afterDrop(CLOSE_CODES.CLIENT_TIMEOUT, code);
  }

  #detachSocket(code: number, reason: string): void {
    const socket = this.#socket;
    this.#socket = null;
    this.#welcomed = false;
    this.#heartbeat.stop();
    this.#connectTimeout.cancel();
    this.#stableSlot.cancel();
    this.#auth?.connectionLost();
    this.#streams.connectionLost();
    for (const [id, ping] of this.#pings) {
      if (ping.sentAt === null) continue; // still queued: the queue decides its fate
      this.#pings.delete(id);
      ping.reject(new SocketError('connection_lost', 'the connection closed before the pong'));
    }
    if (!socket) return;
    socket.onmessage = socket.onerror = socket.onopen = socket.onclose = null;
    try {
      socket.close(code, reason.slice(0, 120));
    } catch {
      // Already closing, or an implementation that refuses our code; the socket is gone either way.
    }
  }

  #onSocketClosed(code: number, reason: string): void {
    this.#socket = null; // already closed; detaching must not close it again
    this.#detachSocket(code, reason);
    this.#afterDrop(code, reason);
  }

  #afterDrop(code: number, reason: string): void {
    const wasConnected = this.#state === 'connected';
    const label = `closed:${code}${reason ? ` ${reason}` : ''}`;
    if (this.#state === 'closed') return;
    // With several nodes, whatever ended this connection (a dead node, a refused attempt), the next try goes to the next one.
    this.#nextUrl();
    if (code === CLOSE_CODES.POLICY_VIOLATION || (code >= CLOSE_CODES.NO_RECONNECT_MIN && code <= CLOSE_CODES.NO_RECONNECT_MAX)) {
      const error = new SocketError('closed_by_server', `the server closed the connection for good (${code} ${reason})`, undefined, { code, reason });
      this.#emitError(error);
      this.#toClosed(label, error);
      return;
    }
    if (code === CLOSE_CODES.TRY_AGAIN_LATER) {
      this.#enterSuspended(label);
      return;
    }
    if (wasConnected) {
      this.#lastError = new SocketError('connection_lost', `connection lost (${code})`, undefined, { code, reason });
      if (this.#attempt === 0) {
        // Dropped after a stable connection: retry soon, but spread over a second so a server restart isn't stampeded.
        this.#setState('reconnecting', label);
        this.#scheduleRetry(this.#random() * this.#opts.firstRetryMaxMs);
        return;
      }
    }
    this.#onAttemptFailed(this.#lastError ?? new SocketError('connect_failed', `connection attempt failed (${code})`), label);
  }

  /** The URL the current (or next) connection uses. */
  get currentUrl(): string {
    return this.urls[this.#urlIndex] as string;
  }

  #nextUrl(): void {
    if (this.urls.length < 2) return;
    this.#urlIndex = (this.#urlIndex + 1) % this.urls.length;
    this.#log(`next connection goes to ${this.currentUrl}`);
  }

  #onAttemptFailed(error: SocketError, reason: string): void {
    this.#lastError = error;
    if (this.#state === 'polling') return this.#scheduleProbe();
    if (this.#state === 'suspended') return this.#scheduleSuspendedRetry();
    if (this.#state === 'closed' || this.#disposed) return;
    this.#attempt++;
    if (this.#attempt >= this.#opts.maxReconnectAttempts) {
      if (this.#poller) this.#enterPolling('max_attempts');
      else this.#enterSuspended('max_attempts');
      return;
    }
    this.#setState('reconnecting', reason);
    this.#scheduleRetry(backoffDelay(this.#attempt - 1, this.#random, { minMs: this.#opts.backoffMinMs, maxMs: this.#opts.backoffMaxMs }));
  }

  #scheduleRetry(delayMs: number): void {
    this.#nextRetryAt = this.#clock.now() + delayMs;
    this.#retrySlot.arm(delayMs, () => {
      this.#nextRetryAt = null;
      this.#openSocket();
    });
  }

  #enterSuspended(reason: string): void {
    this.#poller?.stop();
    this.#setState('suspended', reason);
    this.#scheduleSuspendedRetry();
  }

  #scheduleSuspendedRetry(): void {
    this.#scheduleRetry(jittered(this.#opts.suspendedRetryMs, this.#random));
  }

  #enterPolling(reason: string): void {
    this.#setState('polling', reason);
    this.#poller?.start();
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    this.#scheduleRetry(jittered(this.#opts.probeIntervalMs, this.#random));
  }

  #toClosed(reason: string, error: SocketError): void {
    this.#retrySlot.cancel();
    this.#nextRetryAt = null;
    this.#poller?.stop();
    this.#detachSocket(1000, 'client closed');
    this.#queue.failAll(error);
    this.#setState('closed', reason);
  }

  #onWelcome(message: WelcomeMessage): void {
    if (this.#welcomed || !this.#socket) return;
    this.#welcomed = true;
    this.#connectTimeout.cancel();
    this.#heartbeat.setInterval(message.heartbeatMs);
    this.#sessionId = message.sessionId;
    this.#nextRetryAt = null;
    this.#retrySlot.cancel();
    const wasPolling = this.#state === 'polling';
    if (wasPolling) this.#poller?.stop();
    if (this.#everConnected) this.#stats.reconnects++;
    this.#everConnected = true;
    this.#stableSlot.arm(this.#opts.stableAfterMs, () => {
      this.#attempt = 0;
    });
    this.#setState('connected', wasPolling ? 'probe_succeeded' : 'welcome');
    this.#emit('welcome', message);
    this.#streams.resubscribeAll();
    this.#queue.drain((text) => this.#sendRaw(text));
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  #onWake(reason: WakeReason): void {
    if (this.#disposed) return;
    if (this.#socket) {
      this.#heartbeat.check();
      return;
    }
    if (reason === 'online' && (this.#state === 'reconnecting' || this.#state === 'suspended')) this.reconnectNow();
  }

  // ── Outgoing ──────────────────────────────────────────────────────────────

  #sendRaw(text: string): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WS_OPEN) throw new SocketError('connection_lost', 'the socket is not open');
    socket.send(text);
    this.#stats.framesSent++;
  }

  /** Sends now when connected, queues while (re)connecting, fails otherwise. */
  #write(message: ClientMessage, settle: (error?: SocketError) => void): void {
    const text = JSON.stringify(message);
    if (this.#state === 'connected' && this.#welcomed) {
      try {
        this.#sendRaw(text);
        settle();
      } catch (err) {
        settle(err instanceof SocketError ? err : new SocketError('connection_lost', 'send failed', err));
      }
    } else if (this.#state === 'connecting' || this.#state === 'reconnecting') {
      this.#queue.push(text, settle);
    } else {
      settle(new SocketError('queue_failed', `cannot send while ${this.#state}`));
    }
  }

  // ── Inbound ───────────────────────────────────────────────────────────────

  #onBatch(batch: FrameBatch): void {
    this.#stats.coalesced += batch.coalesced;
    for (const rejection of batch.rejected) {
      this.#stats.invalid++;
      this.#emitError(new SocketError(rejection.code, rejection.message, undefined, { issues: rejection.issues, bytes: rejection.bytes }));
    }
    for (const message of batch.messages) {
      try {
        this.#onMessage(message);
      } catch (err) {
        // A bug here must not take the connection down; report it and carry on with the next frame.
        this.#emitError(new SocketError('bad_frame', `handling a "${message.type}" frame failed`, err));
      }
    }
  }

  #onMessage(message: ServerMessage): void {
    switch (message.type) {
      // Data first: nearly every frame is one, and each case above it would be a string comparison.
      case 'price_update':
      case 'portfolio_update':
      case 'risk_metrics_update':
      case 'alert':
        return this.#streams.onData(message);
      case 'welcome': {
        if (!this.#auth) return this.#onWelcome(message);
        // The token goes first; subscriptions and queued frames follow it.
        const socket = this.#socket;
        return this.#auth.onWelcome(() => this.#socket === socket && socket !== null, () => this.#onWelcome(message));
      }
      case 'authenticated':
        return this.#auth?.onAuthenticated(message);
      case 'auth_expired':
        return this.#auth?.onExpired(message);
      case 'subscribed':
        return this.#streams.onSubscribed(message);
      case 'unsubscribed':
        return this.#streams.onUnsubscribed(message);
      case 'pong': {
        const ping = this.#pings.get(String(message.id));
        if (ping) {
          this.#pings.delete(String(message.id));
          const receivedAt = this.#clock.now();
          const rttMs = Math.max(0, receivedAt - (ping.sentAt ?? receivedAt));
          ping.resolve(rttMs);
          this.#emit('pong', { rttMs, serverTime: message.serverTime, receivedAt });
        }
        return;
      }
      case 'heartbeat':
        return;
      case 'error':
        if (this.#auth?.onError(message)) return;
        return this.#streams.onServerError(message);
      default:
        return this.#streams.onData(message);
    }
  }

  // ── Events ────────────────────────────────────────────────────────────────

  #emit<E extends keyof WebSocketClientEvents>(event: E, ...args: WebSocketClientEvents[E]): void {
    let listeners = this.#listenerSnapshots.get(event);
    if (!listeners) this.#listenerSnapshots.set(event, (listeners = this.#emitter.listeners(event) as never));
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (err) {
        this.#stats.listenerErrors++;
        if (event !== 'error') this.#emitError(new SocketError('listener_error', `a "${event}" listener threw`, err));
        else this.#log('an error listener threw', err);
      }
    }
  }

  #emitError(error: SocketError): void {
    this.#log(`${error.code}: ${error.message}`);
    this.#emit('error', error);
  }

  #log(message: string, details?: unknown): void {
    try {
      this.#debug?.(message, details);
    } catch {
      // Logging must never break the client.
    }
  }
}
