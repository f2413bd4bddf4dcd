import type { Alert, AlertWithSeq } from '../../../src/core/protocol/index.js';
import { getMeta, setMeta, type Db } from './db.js';
import type { AlertHistoryRepository } from './user-data.js';

interface AlertRow {
  id: string;
  epoch: string;
  seq: number;
  kind: Alert['kind'];
  severity: Alert['severity'];
  title: string;
  message: string;
  asset_id: string | null;
  portfolio_id: string | null;
  rule_id: string | null;
  created_at: number;
  acknowledged: number;
}

/** The owner of public alerts (market moves), which every user also receives. */
export const PUBLIC_OWNER = '';

const epochKey = (owner: string) => (owner === PUBLIC_OWNER ? 'alerts_epoch' : `alerts_epoch:${owner}`);

/**
 * One owner's alerts with their position in that owner's alerts stream. The stream's epoch lives
 * in the meta table, so with a file database positions (and replay) carry across restarts; epochs
 * are unique, so the epoch alone selects an owner's rows.
 */
export class AlertStore {
  readonly epoch: string;

  constructor(
    private readonly db: Db,
    newEpoch: () => string,
    readonly owner: string = PUBLIC_OWNER,
  ) {
    const EPOCH_KEY = epochKey(owner);
    let epoch = getMeta(db, EPOCH_KEY);
    if (!epoch) {
      epoch = newEpoch();
      setMeta(db, EPOCH_KEY, epoch);
    }
    this.epoch = epoch;
  }

  /** Highest seq in the current epoch; 0 when empty. */
  lastSeq(): number {
    const row = this.db.prepare('SELECT MAX(seq) AS seq FROM alerts WHERE epoch = ?').get(this.epoch) as { seq: number | null };
    return row.seq ?? 0;
  }

  insert(alert: Alert, seq: number): AlertWithSeq {
    this.db
      .prepare(
        `INSERT INTO alerts (id, epoch, seq, kind, severity, title, message, asset_id, portfolio_id, rule_id, created_at, acknowledged, owner)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        alert.id,
        this.epoch,
        seq,
        alert.kind,
        alert.severity,
        alert.title,
        alert.message,
        alert.assetId ?? null,
        alert.portfolioId ?? null,
        alert.ruleId ?? null,
        alert.createdAt,
        alert.acknowledged ? 1 : 0,
        this.owner,
      );
    return { ...alert, seq };
  }

  /** Alerts after `sinceSeq` in the current epoch, oldest first; one extra is read to tell `hasMore`. */
  since(sinceSeq: number, limit: number): { alerts: AlertWithSeq[]; hasMore: boolean } {
    const rows = this.db
      .prepare('SELECT * FROM alerts WHERE epoch = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(this.epoch, sinceSeq, limit + 1) as AlertRow[];
    return { alerts: rows.slice(0, limit).map(toAlert), hasMore: rows.length > limit };
  }

  /** The newest `limit` alerts of the current epoch, oldest first; `hasMore` when older ones exist. */
  latest(limit: number): { alerts: AlertWithSeq[]; hasMore: boolean } {
    const rows = this.db
      .prepare('SELECT * FROM alerts WHERE epoch = ? ORDER BY seq DESC LIMIT ?')
      .all(this.epoch, limit + 1) as AlertRow[];
    return { alerts: rows.slice(0, limit).reverse().map(toAlert), hasMore: rows.length > limit };
  }

  get(id: string): AlertWithSeq | undefined {
    const row = this.db.prepare('SELECT * FROM alerts WHERE owner = ? AND id = ?').get(this.owner, id) as AlertRow | undefined;
    return row ? toAlert(row) : undefined;
  }

  acknowledge(id: string): AlertWithSeq | undefined {
    this.db.prepare('UPDATE alerts SET acknowledged = 1 WHERE owner = ? AND id = ?').run(this.owner, id);
    return this.get(id);
  }
}

function toAlert(r: AlertRow): AlertWithSeq {
  const alert: AlertWithSeq = {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    title: r.title,
    message: r.message,
    createdAt: r.created_at,
    acknowledged: r.acknowledged === 1,
    seq: r.seq,
  };
  if (r.asset_id !== null) alert.assetId = r.asset_id;
  if (r.portfolio_id !== null) alert.portfolioId = r.portfolio_id;
  if (r.rule_id !== null) alert.ruleId = r.rule_id;
  return alert;
}

/** The single-process history: each owner's `AlertStore`, answered at once. */
export function sqliteAlertHistory(storeFor: (owner: string) => AlertStore): AlertHistoryRepository {
  return {
    kind: 'sqlite',
    since: async (owner, afterSeq, limit) => storeFor(owner).since(afterSeq, limit),
    latest: async (owner, limit) => storeFor(owner).latest(limit),
    lastSeq: async (owner) => storeFor(owner).lastSeq(),
    acknowledge: async (owner, id) => {
      const store = storeFor(owner);
      return store.get(id) ? store.acknowledge(id) : undefined;
    },
  };
}
