import { ALERTS_STREAM, type Alert, type AlertWithSeq, type Position } from '../../../src/core/protocol/index.js';
import { AlertStore, PUBLIC_OWNER } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import type { UserRepository } from '../store/user-data.js';
import type { Stream, StreamMessage, StreamRegistry } from '../streams/stream-registry.js';

export type AlertInput = Pick<Alert, 'kind' | 'severity' | 'title' | 'message'> &
  Partial<Pick<Alert, 'assetId' | 'portfolioId' | 'ruleId' | 'createdAt'>>;

/** Who an alert belongs to: a user id, or undefined for a public (market) alert. */
export type AlertOwnerResolver = (input: AlertInput) => string | undefined;

interface OwnerStream {
  store: AlertStore;
  stream: Stream;
}

/**
 * The alerts streams: one per user plus a public one for signed-out clients. An alert about a
 * user's portfolio or rule goes to that user's stream only; a market alert goes to the public stream
 * and is copied into every known user's stream. Each stream is numbered on its own, so a client
 * sees no gaps from other users' alerts. Every alert is stored with its seq and then pushed; replay
 * reads SQLite, so with a file database a client can resume across a server restart.
 */
export class AlertService {
  readonly #streams = new Map<string, OwnerStream>();

  constructor(
    private readonly db: Db,
    private readonly registry: StreamRegistry,
    private readonly users: Pick<UserRepository, 'ids'>,
    private readonly newEpoch: () => string,
    /** Who an alert belongs to (undefined: a market alert, for everyone). */
    readonly ownerOf: AlertOwnerResolver = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.#for(PUBLIC_OWNER);
  }

  /** The public stream (market alerts only). */
  get stream(): Stream {
    return this.#for(PUBLIC_OWNER).stream;
  }

  /** The alerts stream a client signed in as `user` (or signed out) receives. */
  streamFor(user: string | undefined): Stream {
    return this.#for(user ?? PUBLIC_OWNER).stream;
  }

  positionFor(user: string | undefined): Position {
    return this.streamFor(user).position;
  }

  /** The public stream's position. */
  get position(): Position {
    return this.stream.position;
  }

  /**
   * Stores and pushes an alert. Answers the copy in the owner's stream, or the public copy for a
   * market alert.
   */
  raise(input: AlertInput): AlertWithSeq {
    const owner = this.ownerOf(input);
    const id = newId('a');
    if (owner !== undefined) return this.#append(owner, id, input);
    const shared = this.#append(PUBLIC_OWNER, id, input);
    for (const user of this.users.ids()) this.#append(user, id, input);
    return shared;
  }

  /**
   * Like `raise`, but in cluster mode waits until Redis has numbered the alert, so the answer
   * carries its seq (`raise` answers seq 0 there: the number is given by Redis a moment later).
   */
  async raiseNumbered(input: AlertInput): Promise<AlertWithSeq> {
    const owner = this.ownerOf(input);
    if (!this.registry.backend) return this.raise(input);
    const id = newId('a');
    if (owner !== undefined) return this.#appendShared(owner, id, input);
    const shared = this.#appendShared(PUBLIC_OWNER, id, input);
    const copies = this.users.ids().map((user) => this.#appendShared(user, id, input));
    await Promise.all(copies);
    return shared;
  }

  /** Resolves once every alert raised so far is numbered and stored (cluster mode). */
  async settled(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  readonly #inFlight = new Set<Promise<unknown>>();

  /** A user's alerts after `since` (or all of this epoch when `epoch` names another one), oldest first. */
  list(user: string | undefined, query: { since?: number; epoch?: string; limit?: number }): { alerts: AlertWithSeq[]; position: Position; hasMore: boolean } {
    const { store, stream } = this.#for(user ?? PUBLIC_OWNER);
    // In a cluster this node's copy of the stream may not be followed; the stored seqs come from Redis too.
    const position = this.registry.backend ? { epoch: stream.epoch, seq: Math.max(stream.seq, store.lastSeq()) } : stream.position;
    const limit = query.limit ?? 100;
    // Without a position the caller wants the current list: the newest alerts, not the oldest.
    if (query.since === undefined && query.epoch === undefined) return { ...store.latest(limit), position };
    const since = query.epoch !== undefined && query.epoch !== position.epoch ? 0 : (query.since ?? 0);
    const { alerts, hasMore } = store.since(since, limit);
    return { alerts, position, hasMore };
  }

  /** Marks one of `user`'s alerts read; undefined when the user has no alert with this id. */
  acknowledge(user: string, id: string): AlertWithSeq | undefined {
    const { store } = this.#for(user);
    return store.get(id) ? store.acknowledge(id) : undefined;
  }

  #append(owner: string, id: string, input: AlertInput): AlertWithSeq {
    const { store, stream } = this.#for(owner);
    const alert = this.#build(id, input);
    if (this.registry.backend) {
      const pending = this.#publishShared(store, stream, alert);
      pending.catch((err: unknown) => console.error(`feed server: alert ${alert.id} not published: ${(err as Error).message}`));
      return { ...alert, seq: 0 };
    }
    const stored = store.insert(alert, stream.seq + 1);
    this.registry.publish(stream, alert, alert.createdAt);
    return stored;
  }

  #appendShared(owner: string, id: string, input: AlertInput): Promise<AlertWithSeq> {
    const { store, stream } = this.#for(owner);
    return this.#publishShared(store, stream, this.#build(id, input));
  }

  /** Cluster mode: Redis gives the seq; the alert is stored with it once it is in the stream. */
  #publishShared(store: AlertStore, stream: Stream, alert: Alert): Promise<AlertWithSeq> {
    const backend = this.registry.backend as NonNullable<StreamRegistry['backend']>;
    const pending = backend.publish(stream, alert, alert.createdAt).then((seq) => store.insert(alert, seq));
    this.#inFlight.add(pending);
    void pending.catch(() => {}).finally(() => this.#inFlight.delete(pending));
    return pending;
  }

  #build(id: string, input: AlertInput): Alert {
    const alert: Alert = {
      id,
      kind: input.kind,
      severity: input.severity,
      title: input.title,
      message: input.message,
      createdAt: input.createdAt ?? this.now(),
      acknowledged: false,
    };
    if (input.assetId !== undefined) alert.assetId = input.assetId;
    if (input.portfolioId !== undefined) alert.portfolioId = input.portfolioId;
    if (input.ruleId !== undefined) alert.ruleId = input.ruleId;
    return alert;
  }

  #for(owner: string): OwnerStream {
    let found = this.#streams.get(owner);
    if (found) return found;
    const store = new AlertStore(this.db, this.newEpoch, owner);
    const stream = this.registry.ensure(owner === PUBLIC_OWNER ? ALERTS_STREAM : `${ALERTS_STREAM}@${owner}`, {
      channel: 'alerts',
      type: 'alert',
      name: ALERTS_STREAM,
      epoch: store.epoch,
      seq: store.lastSeq(),
      durableReplay: (afterSeq, max) => this.#replay(store, stream, afterSeq, max),
    });
    found = { store, stream };
    this.#streams.set(owner, found);
    return found;
  }

  #replay(store: AlertStore, stream: Stream, afterSeq: number, max: number): StreamMessage[] {
    const { alerts } = store.since(afterSeq, max);
    return alerts.map(({ seq, ...alert }) => {
      const text = JSON.stringify({ type: 'alert', channel: 'alerts', stream: ALERTS_STREAM, epoch: stream.epoch, seq, ts: alert.createdAt, data: alert });
      return { seq, ts: alert.createdAt, frame: Buffer.from(text) };
    });
  }
}
