import type { ApiClient } from '../api/index.js';
import type { AlertMessage, AlertsResponse, AlertWithSeq, ClientMessage, DataMessage, ErrorMessage, PortfolioParams, Position, SubscribedMessage, UnsubscribedMessage } from '../protocol/index.js';
import { ALERTS_STREAM, REPLAYING_CHANNELS, streamKey, subscriptionKey, type Channel, type ChannelParams } from '../protocol/names.js';
import { AlertRecovery, RecentIds } from './alert-recovery.js';
import type { DataMeta, ResyncReason, SocketStats, WebSocketClientEvents } from './client-types.js';
import type { RandomSource, Timers } from './seams.js';
import { SocketError } from './socket-error.js';
import { StreamPositions } from './stream-positions.js';
import { covers, SubscriptionRegistry, type SubscriptionEntry } from './subscription-registry.js';

/** What the dispatcher needs from the connection that owns it. */
export interface DispatcherHost {
  /** Whether subscribe/unsubscribe frames can go out now (socket open and welcomed). */
  canSend(): boolean;
  /** Sends a frame at once; throws when the socket is not open. */
  send(message: ClientMessage): void;
  emit<E extends keyof WebSocketClientEvents>(event: E, ...args: WebSocketClientEvents[E]): void;
  /** Hands a data message to its typed listeners, then the `message` listeners and the subscriptions' `onMessage`. */
  emitData(message: DataMessage, meta: DataMeta): void;
  emitError(error: SocketError): void;
  readonly stats: SocketStats;
  log(message: string, details?: unknown): void;
}

interface EntryMeta {
  /** `since` sent with the subscribe of the current generation. */
  since?: Position;
  /** The entry has been live before, so a non-recovered subscribe means lost continuity. */
  wasLive: boolean;
}

/**
 * The stream half of the client: which subscriptions are wanted and live, where each stream
 * stands, and what to do with each data message (deliver, drop as duplicate or stale, recover a
 * gap, announce a resync, read missed alerts over REST). It knows nothing of sockets or timers
 * beyond what its host passes in, so it is driven frame by frame in tests.
 */
export class StreamDispatcher {
  readonly registry: SubscriptionRegistry;
  readonly positions = new StreamPositions();
  readonly #meta = new WeakMap<SubscriptionEntry, EntryMeta>();
  readonly #seenAlerts = new RecentIds(2000);
  readonly #alertRecovery: AlertRecovery | null;

  constructor(
    private readonly host: DispatcherHost,
    options: { timers: Timers; random: RandomSource; api: ApiClient | null; unsubscribeGraceMs: number },
  ) {
    this.registry = new SubscriptionRegistry(options.timers, options.unsubscribeGraceMs, (entry) => this.#onExpired(entry));
    this.#alertRecovery = options.api
      ? new AlertRecovery({
          api: options.api,
          timers: options.timers,
          random: options.random,
          onRecovered: (alerts, position, held) => this.applyRestAlerts(alerts, position, held, 'websocket'),
          onError: (error, attempt) =>
            host.emitError(new SocketError('recovery_failed', `reading missed alerts failed (attempt ${attempt + 1})`, error)),
        })
      : null;
  }

  /** Takes a reference on a subscription, subscribing on the server when it is new (or failed). */
  acquire<C extends Channel>(channel: C, params: ChannelParams[C] | undefined): SubscriptionEntry<C> {
    const { entry } = this.registry.acquire(channel, params);
    if (!this.#meta.has(entry)) this.#meta.set(entry, { wasLive: false });
    if ((entry.state === 'unsubscribed' || entry.state === 'error') && this.host.canSend()) this.sendSubscribes([entry]);
    return entry;
  }

  /** A new connection is ready: subscribe every held entry, back to back. */
  resubscribeAll(): void {
    this.sendSubscribes(this.registry.entries());
  }

  /** The connection is gone: nothing is live or in flight any more (positions are kept for `since`). */
  connectionLost(): void {
    this.registry.resetConnection();
  }

  /** Sends the subscribes of `entries`, with `since` where the stream replays. */
  sendSubscribes(entries: SubscriptionEntry[]): void {
    for (const entry of entries) {
      // Entries in their release grace are not resent; re-acquiring one subscribes it again.
      if (entry.refs === 0) continue;
      const since = REPLAYING_CHANNELS.has(entry.channel) ? this.positions.get(singleStream(entry)) : undefined;
      const meta = this.#meta.get(entry) ?? { wasLive: false };
      meta.since = since;
      this.#meta.set(entry, meta);
      this.registry.noteSubscribeSent(entry);
      try {
        this.host.send({ type: 'subscribe', channel: entry.channel, params: entry.params, ...(since ? { since } : {}) } as ClientMessage);
      } catch {
        return; // the socket is going away; the next connection resubscribes everything
      }
    }
  }

  onSubscribed(message: SubscribedMessage): void {
    const key = answerKey(message.channel, message.params);
    const entry = key ? this.registry.resolveSubscribed(key) : undefined;
    if (!entry) {
      this.host.log('ignored a subscribed answer for an older request', message);
      return;
    }
    const meta = this.#meta.get(entry) ?? { wasLive: false };
    const recovered = meta.since !== undefined && message.recovered === true;
    const lostContinuity = !recovered && meta.wasLive;
    meta.wasLive = true;
    // Missed alerts are read over REST from our last position, which must not be overwritten first.
    const recoverAlerts = lostContinuity && entry.channel === 'alerts' && this.#alertRecovery !== null;
    if (recoverAlerts) this.#alertRecovery?.start(this.positions.get(ALERTS_STREAM));
    if (!recovered) {
      for (const [stream, position] of Object.entries(message.positions)) {
        if (!(recoverAlerts && stream === ALERTS_STREAM)) this.positions.setBaseline(stream, position);
      }
    }
    this.host.emit('subscribed', { key: entry.key, channel: entry.channel, params: entry.params, recovered, positions: message.positions });
    if (lostContinuity && !recoverAlerts) this.#resync(entry, meta.since ? 'not_recovered' : 'reconnect');
  }

  onUnsubscribed(message: UnsubscribedMessage): void {
    this.registry.resolveUnsubscribed(answerKey(message.channel, message.params) ?? message.channel);
  }

  onServerError(message: ErrorMessage): void {
    const failed = message.channel && message.code !== 'rate_limited' ? this.registry.rejectOldest(message.channel) : undefined;
    this.host.emitError(
      new SocketError('server_error', message.message, undefined, { code: message.code, channel: message.channel, issues: message.issues, key: failed?.key }),
    );
  }

  /** One data message from the live stream. */
  onData(message: DataMessage): void {
    const { stats } = this.host;
    if (message.type === 'alert' && this.#alertRecovery?.active) {
      this.#alertRecovery.hold(message);
      return;
    }
    if (!this.registry.isLive(message.stream)) {
      stats.droppedStale++;
      return;
    }
    const replaying = REPLAYING_CHANNELS.has(message.channel);
    const verdict = this.positions.judge(message.stream, message.epoch, message.seq);
    if (verdict === 'duplicate') {
      stats.droppedDuplicates++;
      return;
    }
    if (verdict === 'gap' && replaying) {
      // Drop it: the resubscribe with `since` replays everything after our position, this included.
      stats.gaps++;
      this.host.log(`gap on ${message.stream}: have ${this.positions.get(message.stream)?.seq}, got ${message.seq}`);
      this.sendSubscribes(this.registry.covering(message.stream).filter((entry) => entry.state === 'subscribed'));
      return;
    }
    if (verdict === 'gap') stats.priceSkips++;
    if (verdict === 'epoch_changed') {
      stats.epochChanges++;
      if (message.type === 'alert' && this.#alertRecovery) {
        this.#alertRecovery.start(this.positions.get(ALERTS_STREAM));
        this.#alertRecovery.hold(message);
        return;
      }
    }
    this.positions.advance(message.stream, message.epoch, message.seq);
    this.deliver(message, { transport: 'websocket', source: 'stream' });
    if (verdict === 'epoch_changed' && replaying) {
      for (const entry of this.registry.covering(message.stream)) this.#resync(entry, 'epoch_changed');
    }
  }

  /** A polled alerts page. */
  applyPolledAlerts(page: AlertsResponse): void {
    this.applyRestAlerts([...page.alerts].sort((a, b) => a.seq - b.seq), page.position, [], 'polling');
  }

  /** Alerts read over REST, in stream order; then the live alerts held meanwhile. Each id is delivered once. */
  applyRestAlerts(alerts: AlertWithSeq[], position: Position, held: AlertMessage[], transport: DataMeta['transport']): void {
    const current = this.positions.get(ALERTS_STREAM);
    for (const alert of alerts) {
      // While polling, one page may overlap the last; the position check and the id set both guard.
      if (current && current.epoch === position.epoch && alert.seq <= current.seq) continue;
      const { seq, ...data } = alert;
      this.host.stats.alertsRecovered++;
      this.deliver({ type: 'alert', channel: 'alerts', stream: ALERTS_STREAM, epoch: position.epoch, seq, ts: alert.createdAt, data }, { transport, source: 'rest' });
    }
    this.positions.advance(ALERTS_STREAM, position.epoch, position.seq);
    for (const message of held) this.onData(message);
  }

  /** Hands a message to the listeners (typed event, then `message`). */
  deliver(message: DataMessage, meta: DataMeta): void {
    if (message.type === 'alert' && !this.#seenAlerts.add(message.data.id)) {
      this.host.stats.droppedDuplicates++;
      return;
    }
    this.host.stats.delivered++;
    this.host.emitData(message, meta);
  }

  dispose(): void {
    this.registry.dispose();
    this.#alertRecovery?.cancel();
  }

  #resync(entry: SubscriptionEntry, reason: ResyncReason): void {
    this.host.stats.resyncs++;
    this.host.emit('resync', { key: entry.key, channel: entry.channel, params: entry.params, reason });
  }

  #onExpired(entry: SubscriptionEntry): void {
    if (this.host.canSend() && entry.state !== 'unsubscribed') {
      this.registry.noteUnsubscribeSent(entry.key);
      try {
        this.host.send({ type: 'unsubscribe', channel: entry.channel, params: entry.params } as ClientMessage);
      } catch {
        // The connection is going away; the next one will not resubscribe this entry.
      }
    }
    const remaining = this.registry.entries();
    for (const stream of this.positions.streams()) {
      if (!remaining.some((other) => covers(other, stream))) this.positions.delete(stream);
    }
    if (entry.channel === 'alerts') this.#alertRecovery?.cancel();
    this.host.emit('unsubscribed', { key: entry.key, channel: entry.channel, params: entry.params });
  }
}

/** The one stream of a portfolio, risk or alerts subscription. */
function singleStream(entry: SubscriptionEntry): string {
  if (entry.channel === 'alerts') return ALERTS_STREAM;
  return streamKey(entry.channel, (entry.params as PortfolioParams | undefined)?.portfolioId);
}

/** The subscription key of a server answer, or undefined when its params are unusable. */
function answerKey(channel: Channel, params: Record<string, unknown> | undefined): string | undefined {
  try {
    return subscriptionKey(channel, params as never);
  } catch {
    return undefined;
  }
}
