import type { AlertSeverity } from '../../../src/core/protocol/index.js';
import type { Db } from '../store/db.js';

export interface StoredSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** Which alerts this browser wants pushed. */
  severities: AlertSeverity[];
  createdAt: number;
}

/** Push subscriptions by endpoint (one browser profile each). */
export class PushStore {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS push_subscriptions (
      endpoint TEXT PRIMARY KEY,
      p256dh TEXT NOT NULL,
      auth TEXT NOT NULL,
      severities TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`);
  }

  /** Adds or replaces; true when it is new. */
  put(sub: StoredSubscription): boolean {
    const existed = this.get(sub.endpoint) !== undefined;
    this.db
      .prepare(`INSERT INTO push_subscriptions (endpoint, p256dh, auth, severities, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, severities = excluded.severities`)
      .run(sub.endpoint, sub.p256dh, sub.auth, JSON.stringify(sub.severities), sub.createdAt);
    return !existed;
  }

  get(endpoint: string): StoredSubscription | undefined {
    const row = this.db.prepare('SELECT * FROM push_subscriptions WHERE endpoint = ?').get(endpoint) as Row | undefined;
    return row && fromRow(row);
  }

  list(): StoredSubscription[] {
    return (this.db.prepare('SELECT * FROM push_subscriptions ORDER BY created_at').all() as Row[]).map(fromRow);
  }

  delete(endpoint: string): boolean {
    return this.db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ?').run(endpoint).changes > 0;
  }
}

interface Row {
  endpoint: string;
  p256dh: string;
  auth: string;
  severities: string;
  created_at: number;
}

function fromRow(row: Row): StoredSubscription {
  return { endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth, severities: JSON.parse(row.severities) as AlertSeverity[], createdAt: row.created_at };
}
