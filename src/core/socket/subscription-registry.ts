import { ALERTS_STREAM, subscriptionKey, type Channel, type ChannelParams } from '../protocol/names.js';
import { TimerSlot, type Timers } from './seams.js';

/** Where one subscription stands with the server. */
export type SubscriptionState = 'unsubscribed' | 'subscribing' | 'subscribed' | 'error';

/** One server subscription, shared by every widget that asked for the same channel and params. */
export interface SubscriptionEntry<C extends Channel = Channel> {
  /** `subscriptionKey(channel, params)`. */
  readonly key: string;
  readonly channel: C;
  readonly params: ChannelParams[C] | undefined;
  /** How many holders want it. 0 while in its release grace period. */
  refs: number;
  /** Bumped on every subscribe sent; answers and frames for older generations are ignored. */
  generation: number;
  state: SubscriptionState;
  /** @internal */
  readonly grace: TimerSlot;
}

type PendingOp = { op: 'subscribe'; generation: number } | { op: 'unsubscribe' };

/**
 * Reference-counted registry of the subscriptions the application wants (the *desired* set).
 *
 * Two holders of one key make one server subscription. The last release starts a grace period;
 * re-acquiring within it costs no network traffic (this absorbs remounts and double mounts).
 * Requests in flight are remembered in order per key, because the server answers in order: an
 * answer to an older generation's subscribe must not mark a newer one as live.
 */
export class SubscriptionRegistry {
  readonly #entries = new Map<string, SubscriptionEntry>();
  readonly #inflight = new Map<string, PendingOp[]>();
  /** Stream (or `price_updates:*`) → the entries that deliver it: the receive path's O(1) lookup. */
  readonly #byStream = new Map<string, Set<SubscriptionEntry>>();
  /** Stream (or `price_updates:*`) → how many of its entries are `subscribed`. */
  readonly #liveCount = new Map<string, number>();
  /** Shared by all entries, so a key's new incarnation never reuses an old generation number. */
  #generations = 0;

  constructor(
    private readonly timers: Timers,
    private readonly graceMs: number,
    /** Called when the grace period ends with no holder: the entry is gone, unsubscribe it. */
    private readonly onExpire: (entry: SubscriptionEntry) => void,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Takes a reference; `created` tells whether a server subscribe is needed. */
  acquire<C extends Channel>(channel: C, params: ChannelParams[C] | undefined): { entry: SubscriptionEntry<C>; created: boolean } {
    const key = subscriptionKey(channel, params);
    const existing = this.#entries.get(key) as SubscriptionEntry<C> | undefined;
    if (existing) {
      existing.refs += 1;
      existing.grace.cancel();
      return { entry: existing, created: false };
    }
    const entry: SubscriptionEntry<C> = {
      key,
      channel,
      params,
      refs: 1,
      generation: 0,
      state: 'unsubscribed',
      grace: new TimerSlot(this.timers),
    };
    this.#entries.set(key, entry as SubscriptionEntry);
    for (const stream of indexKeys(entry)) {
      let set = this.#byStream.get(stream);
      if (!set) this.#byStream.set(stream, (set = new Set()));
      set.add(entry as SubscriptionEntry);
    }
    return { entry, created: true };
  }

  /** Drops a reference; the last one starts the grace period. Unknown keys are ignored. */
  release(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry || entry.refs === 0) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    const expire = () => {
      if (this.#entries.get(key) !== entry || entry.refs > 0) return;
      this.#entries.delete(key);
      this.#unindex(entry);
      this.onExpire(entry);
    };
    if (this.graceMs <= 0) expire();
    else entry.grace.arm(this.graceMs, expire);
  }

  get(key: string): SubscriptionEntry | undefined {
    return this.#entries.get(key);
  }

  entries(): SubscriptionEntry[] {
    return [...this.#entries.values()];
  }

  /** Records a subscribe about to be sent; returns its generation. */
  noteSubscribeSent(entry: SubscriptionEntry): number {
    entry.generation = ++this.#generations;
    this.#setState(entry, 'subscribing');
    this.#pending(entry.key).push({ op: 'subscribe', generation: entry.generation });
    return entry.generation;
  }

  noteUnsubscribeSent(key: string): void {
    this.#pending(key).push({ op: 'unsubscribe' });
  }

  /**
   * Matches a `subscribed` answer to the request it answers. Returns the entry when the answer is
   * for its current generation (the entry is then `subscribed`), or undefined for a stale answer.
   */
  resolveSubscribed(key: string): SubscriptionEntry | undefined {
    const op = this.#shiftUntil(key, 'subscribe');
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // No record at all: the server answered something we did not ask in this connection.
    if (!op || op.op !== 'subscribe' || op.generation !== entry.generation) return undefined;
    this.#setState(entry, 'subscribed');
    return entry;
  }

  resolveUnsubscribed(key: string): void {
    this.#shiftUntil(key, 'unsubscribe');
  }

  /** Marks the oldest pending subscribe on `channel` as failed (the server sent a channel error). */
  rejectOldest(channel: Channel): SubscriptionEntry | undefined {
    for (const [key, ops] of this.#inflight) {
      const entry = this.#entries.get(key);
      if (entry?.channel !== channel) continue;
      const index = ops.findIndex((op) => op.op === 'subscribe');
      if (index < 0) continue;
      const [op] = ops.splice(index, 1);
      if (op?.op === 'subscribe' && op.generation === entry.generation) {
        this.#setState(entry, 'error');
        return entry;
      }
    }
    return undefined;
  }

  /** The link is gone: nothing is in flight and nothing is live on the server any more. */
  resetConnection(): void {
    this.#inflight.clear();
    for (const entry of this.#entries.values()) entry.state = 'unsubscribed';
    this.#liveCount.clear();
  }

  /** Every entry whose subscription delivers `stream`. */
  covering(stream: string): SubscriptionEntry[] {
    const exact = this.#byStream.get(stream);
    const wildcard = this.#byStream.get(wildcardOf(stream));
    return [...(exact ?? []), ...(wildcard ?? [])];
  }

  /** Whether some live (answered, current-generation) subscription delivers `stream`. Called per frame, so O(1). */
  isLive(stream: string): boolean {
    return (this.#liveCount.get(stream) ?? 0) > 0 || (this.#liveCount.get(wildcardOf(stream)) ?? 0) > 0;
  }

  dispose(): void {
    for (const entry of this.#entries.values()) entry.grace.cancel();
    this.#entries.clear();
    this.#inflight.clear();
    this.#byStream.clear();
    this.#liveCount.clear();
  }

  #setState(entry: SubscriptionEntry, state: SubscriptionState): void {
    const was = entry.state === 'subscribed';
    entry.state = state;
    const is = state === 'subscribed';
    if (was !== is) for (const stream of indexKeys(entry)) this.#countLive(stream, is ? 1 : -1);
  }

  #countLive(stream: string, delta: number): void {
    const count = (this.#liveCount.get(stream) ?? 0) + delta;
    if (count > 0) this.#liveCount.set(stream, count);
    else this.#liveCount.delete(stream);
  }

  /** Takes a departing entry out of the index; its state is left for the expiry handler to read. */
  #unindex(entry: SubscriptionEntry): void {
    const live = entry.state === 'subscribed';
    for (const stream of indexKeys(entry)) {
      if (live) this.#countLive(stream, -1);
      const set = this.#byStream.get(stream);
      set?.delete(entry);
      if (set && !set.size) this.#byStream.delete(stream);
    }
  }

  #pending(key: string): PendingOp[] {
    let ops = this.#inflight.get(key);
    if (!ops) this.#inflight.set(key, (ops = []));
    return ops;
  }

  #shiftUntil(key: string, kind: PendingOp['op']): PendingOp | undefined {
    const ops = this.#inflight.get(key);
    if (!ops) return undefined;
    const index = ops.findIndex((op) => op.op === kind);
    if (index < 0) return undefined;
    const [op] = ops.splice(0, index + 1).slice(-1);
    if (!ops.length) this.#inflight.delete(key);
    return op;
  }
}

const PRICE_PREFIX = 'price_updates:';
const PRICE_WILDCARD = 'price_updates:*';

/** The index key of "every price stream", for a price stream; a key nothing is filed under otherwise. */
export function wildcardOf(stream: string): string {
  return stream.startsWith(PRICE_PREFIX) ? PRICE_WILDCARD : '';
}

/** The streams an entry delivers, as index keys (`price_updates:*` for all prices). Agrees with {@link covers}. */
export function indexKeys(entry: Pick<SubscriptionEntry, 'channel' | 'params'>): string[] {
  if (entry.channel === 'alerts') return [ALERTS_STREAM];
  if (entry.channel === 'price_updates') {
    const ids = (entry.params as ChannelParams['price_updates'] | undefined)?.assetIds;
    return ids ? [...new Set(ids)].map((id) => PRICE_PREFIX + id) : [PRICE_WILDCARD];
  }
  return [`${entry.channel}:${(entry.params as ChannelParams['portfolio_updates'] | undefined)?.portfolioId}`];
}

/** Whether the subscription `entry` delivers messages of `stream` (see `streamKey`). */
export function covers(entry: Pick<SubscriptionEntry, 'channel' | 'params'>, stream: string): boolean {
  if (entry.channel === 'alerts') return stream === ALERTS_STREAM;
  const colon = stream.indexOf(':');
  if (colon < 0 || stream.slice(0, colon) !== entry.channel) return false;
  const subject = stream.slice(colon + 1);
  if (entry.channel === 'price_updates') {
    const ids = (entry.params as ChannelParams['price_updates'] | undefined)?.assetIds;
    return !ids || ids.includes(subject);
  }
  return (entry.params as ChannelParams['portfolio_updates'] | undefined)?.portfolioId === subject;
}
