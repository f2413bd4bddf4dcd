import { ALERTS_STREAM, type Alert, type AlertWithSeq, type Position } from '../../../src/core/protocol/index.js';
import { AlertStore, PUBLIC_OWNER, sqliteAlertHistory } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import { newId } from '../store/ids.js';
import type { AlertHistoryRepository, SharedAlertHistory, UserRepository } from '../store/user-data.js';
import type { Stream, StreamBackend, StreamMessage, StreamRegistry } from '../streams/stream-registry.js';

export type AlertInput = Pick<Alert, 'kind' | 'severity' | 'title' | 'message'> &
  Partial<Pick<Alert, 'assetId' | 'portfolioId' | 'ruleId' | 'createdAt'>>;

/** Who an alert belongs to: a user id, or undefined for a public (market) alert. */
export type AlertOwnerResolver = (input: AlertInput) => string | undefined;

/** Called once per alert raised on this node (not per copy), with its owner (undefined: a market alert). */
export type RaisedListener = (alert: Alert, owner: string | undefined) => void;

interface OwnerStream {
  /** Single process only: the owner's SQLite rows. */
  store: AlertStore | undefined;
  stream: Stream;
}

export interface AlertServiceOptions {
  /** Who an alert belongs to (undefined: a market alert, for everyone). */
  ownerOf?: AlertOwnerResolver;
  now?: () => number;
  /** Cluster mode: the history in Redis that every node shares (alerts are then numbered by Redis). */
  shared?: SharedAlertHistory;
}

/**
 * The alerts streams: one per user plus a public one for signed-out clients. An alert about a
 * user's portfolio or rule goes to that user's stream only; a market alert goes to the public stream
 * and is copied into every known user's stream. Each stream is numbered on its own, so a client
 * sees no gaps from other users' alerts.
 *
 * Single process: every alert is stored in SQLite with its seq and then pushed; replay reads
 * SQLite, so with a file database a client can resume across a server restart. Cluster: one Redis
 * script appends the alert to its stream and to the shared history; replay reads that history, so
 * a replayed alert carries its acknowledgement as it is now, whichever node it was made on.
 */
export class AlertService {
  readonly #streams = new Map<string, OwnerStream>();
  readonly #raised = new Set<RaisedListener>();
  readonly #shared: SharedAlertHistory | undefined;
  readonly #now: () => number;
  /** Every owner's alerts as REST reads them: SQLite, or the cluster's shared history. */
  readonly history: AlertHistoryRepository;
  readonly ownerOf: AlertOwnerResolver;

  constructor(
    private readonly db: Db,
    private readonly registry: StreamRegistry,
    private readonly users: Pick<UserRepository, 'ids'>,
    private readonly newEpoch: () => string,
    options: AlertServiceOptions = {},
  ) {
    this.ownerOf = options.ownerOf ?? (() => undefined);
    this.#now = options.now ?? Date.now;
    this.#shared = options.shared;
    if (this.#shared && !registry.backend) throw new Error('a shared alert history needs the streams of a cluster');
    this.history = this.#shared ?? sqliteAlertHistory((owner) => this.#for(owner).store as AlertStore);
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

  /** Hears every alert raised on this node, once per alert (Web Push sends from here). */
  onRaised(listener: RaisedListener): () => void {
    this.#raised.add(listener);
    return () => this.#raised.delete(listener);
  }

  /**
   * Stores and pushes an alert. Answers the copy in the owner's stream, or the public copy for a
   * market alert. In cluster mode its seq is 0 in the answer: Redis numbers it a moment later (see
   * `raiseNumbered`).
   */
  raise(input: AlertInput): AlertWithSeq {
    const owner = this.ownerOf(input);
    const alert = this.#build(newId('a'), input);
    let answer: AlertWithSeq;
    if (this.#shared) {
      const copies = this.#publishAll(owner, alert);
      copies.catch((err: unknown) => console.error(`feed server: alert ${alert.id} not published: ${(err as Error).message}`));
      answer = { ...alert, seq: 0 };
    } else if (owner !== undefined) {
      answer = this.#append(owner, alert);
    } else {
      answer = this.#append(PUBLIC_OWNER, alert);
      for (const user of this.users.ids()) this.#append(user, alert);
    }
    this.#announce(alert, owner);
    return answer;
  }

  /**
   * Like `raise`, but in cluster mode waits until Redis has numbered the alert, so the answer
   * carries its seq.
   */
  async raiseNumbered(input: AlertInput): Promise<AlertWithSeq> {
    if (!this.#shared) return this.raise(input);
    const owner = this.ownerOf(input);
    const alert = this.#build(newId('a'), input);
    const answer = await this.#publishAll(owner, alert);
    this.#announce(alert, owner);
    return answer;
  }

  /** Resolves once every alert raised so far is numbered and stored (cluster mode). */
  async settled(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  readonly #inFlight = new Set<Promise<unknown>>();

  /** A user's alerts after `since` (or all of this epoch when `epoch` names another one), oldest first. */
  async list(user: string | undefined, query: { since?: number; epoch?: string; limit?: number }): Promise<{ alerts: AlertWithSeq[]; position: Position; hasMore: boolean }> {
    const owner = user ?? PUBLIC_OWNER;
    const { stream } = this.#for(owner);
    // In a cluster this node may not follow the stream; the shared history is numbered by Redis too.
    const position = this.#shared ? { epoch: stream.epoch, seq: Math.max(stream.seq, await this.history.lastSeq(owner)) } : stream.position;
    const limit = query.limit ?? 100;
    // Without a position the caller wants the current list: the newest alerts, not the oldest.
    if (query.since === undefined && query.epoch === undefined) return { ...(await this.history.latest(owner, limit)), position };
    const since = query.epoch !== undefined && query.epoch !== position.epoch ? 0 : (query.since ?? 0);
    return { ...(await this.history.since(owner, since, limit)), position };
  }

  /** Marks one of `user`'s alerts read; undefined when the user has no alert with this id. */
  acknowledge(user: string, id: string): Promise<AlertWithSeq | undefined> {
    return this.history.acknowledge(user, id, this.#now());
  }

  #announce(alert: Alert, owner: string | undefined): void {
    for (const listener of this.#raised) {
      try {
        listener(alert, owner);
      } catch (err) {
        console.error(`feed server: a listener failed on alert ${alert.id}:`, err);
      }
    }
  }

  /** Single process: stored with the next seq, then pushed. */
  #append(owner: string, alert: Alert): AlertWithSeq {
    const { store, stream } = this.#for(owner);
    const stored = (store as AlertStore).insert(alert, stream.seq + 1);
    this.registry.publish(stream, alert, alert.createdAt);
    return stored;
  }

  /** Cluster: the owner's copy (or the public one and every user's); answers the first once Redis numbered it. */
  #publishAll(owner: string | undefined, alert: Alert): Promise<AlertWithSeq> {
    if (owner !== undefined) return this.#publishShared(owner, alert);
    const shared = this.#publishShared(PUBLIC_OWNER, alert);
    const copies = this.users.ids().map((user) => this.#publishShared(user, alert));
    return Promise.all([shared, ...copies]).then(([first]) => first as AlertWithSeq);
  }

  /** Redis gives the seq; the same script keeps the alert in the owner's shared history. */
  #publishShared(owner: string, alert: Alert): Promise<AlertWithSeq> {
    const { stream } = this.#for(owner);
    const backend = this.registry.backend as StreamBackend;
    const history = (this.#shared as SharedAlertHistory).historyFor(owner, alert.id);
    const pending = backend.publish(stream, alert, alert.createdAt, history).then((seq) => ({ ...alert, seq }));
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
      createdAt: input.createdAt ?? this.#now(),
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
    const key = owner === PUBLIC_OWNER ? ALERTS_STREAM : `${ALERTS_STREAM}@${owner}`;
    const shared = this.#shared;
    if (shared) {
      // The cluster numbers the stream; replay reads the shared history up to what this node has delivered.
      const stream: Stream = this.registry.ensure(key, {
        channel: 'alerts',
        type: 'alert',
        name: ALERTS_STREAM,
        sharedReplay: async (afterSeq, uptoSeq, max) => (await shared.range(owner, afterSeq, uptoSeq, max)).map((a) => toMessage(stream, a)),
      });
      found = { store: undefined, stream };
    } else {
      const store = new AlertStore(this.db, this.newEpoch, owner);
      const stream: Stream = this.registry.ensure(key, {
        channel: 'alerts',
        type: 'alert',
        name: ALERTS_STREAM,
        epoch: store.epoch,
        seq: store.lastSeq(),
        durableReplay: (afterSeq, max) => store.since(afterSeq, max).alerts.map((a) => toMessage(stream, a)),
      });
      found = { store, stream };
    }
    this.#streams.set(owner, found);
    return found;
  }
}

/** The frame of a stored alert, as it was published but with its acknowledgement as it is now. */
function toMessage(stream: Stream, { seq, ...alert }: AlertWithSeq): StreamMessage {
  const text = JSON.stringify({ type: 'alert', channel: 'alerts', stream: ALERTS_STREAM, epoch: stream.epoch, seq, ts: alert.createdAt, data: alert });
  return { seq, ts: alert.createdAt, frame: Buffer.from(text) };
}
