import { ALERTS_STREAM, type Alert, type AlertWithSeq, type Position } from '../../../src/core/protocol/index.js';
import type { AlertStore } from '../store/alerts.js';
import { newId } from '../store/ids.js';
import type { Stream, StreamMessage, StreamRegistry } from '../streams/stream-registry.js';

export type AlertInput = Pick<Alert, 'kind' | 'severity' | 'title' | 'message'> &
  Partial<Pick<Alert, 'assetId' | 'portfolioId' | 'ruleId' | 'createdAt'>>;

/**
 * The alerts stream: every alert is stored with its seq and then pushed. Replay reads SQLite, so
 * with a file database a client can resume across a server restart.
 */
export class AlertService {
  readonly stream: Stream;

  constructor(
    private readonly store: AlertStore,
    private readonly registry: StreamRegistry,
    private readonly now: () => number = Date.now,
  ) {
    this.stream = registry.ensure(ALERTS_STREAM, {
      channel: 'alerts',
      type: 'alert',
      epoch: store.epoch,
      seq: store.lastSeq(),
      durableReplay: (afterSeq, max) => this.#replay(afterSeq, max),
    });
  }

  get position(): Position {
    return this.stream.position;
  }

  raise(input: AlertInput): AlertWithSeq {
    const alert: Alert = {
      id: newId('a'),
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
    const stored = this.store.insert(alert, this.stream.seq + 1);
    this.registry.publish(this.stream, alert, alert.createdAt);
    return stored;
  }

  /** Alerts after `since` (or all of this epoch when `epoch` names another one), oldest first. */
  list(query: { since?: number; epoch?: string; limit?: number }): { alerts: AlertWithSeq[]; position: Position; hasMore: boolean } {
    const position = this.position;
    const limit = query.limit ?? 100;
    // Without a position the caller wants the current list: the newest alerts, not the oldest.
    if (query.since === undefined && query.epoch === undefined) return { ...this.store.latest(limit), position };
    const since = query.epoch !== undefined && query.epoch !== position.epoch ? 0 : (query.since ?? 0);
    const { alerts, hasMore } = this.store.since(since, limit);
    return { alerts, position, hasMore };
  }

  acknowledge(id: string): AlertWithSeq | undefined {
    return this.store.get(id) ? this.store.acknowledge(id) : undefined;
  }

  #replay(afterSeq: number, max: number): StreamMessage[] {
    const { alerts } = this.store.since(afterSeq, max);
    return alerts.map(({ seq, ...alert }) => {
      const text = JSON.stringify({
        type: 'alert',
        channel: 'alerts',
        stream: ALERTS_STREAM,
        epoch: this.stream.epoch,
        seq,
        ts: alert.createdAt,
        data: alert,
      });
      return { seq, ts: alert.createdAt, frame: Buffer.from(text) };
    });
  }
}
