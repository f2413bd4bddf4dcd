import type { AlertSeverity } from '../../../src/core/protocol/index.js';
import type { Db } from '../store/db.js';

export interface StoredSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** Which alerts this browser wants pushed. */
  severities: AlertSeverity[];
  /**
   * The signed-in user who registered it: their own alerts go to it, and market alerts. Null only
   * for subscriptions kept from before owners were recorded; those get market alerts alone.
   */
  userId: string | null;
  createdAt: number;
}

/**
 * Push subscriptions by endpoint (one browser profile each), with their owner: in the server's
 * SQLite database (`PushStore`), or in a cluster's Redis (`RedisPushStore`), so a browser that
 * subscribed through one node gets the pushes whichever node sends them.
 */
export interface PushSubscriptions {
  /**
   * Adds or replaces; true when it is new. An endpoint is one browser profile, so registering it
   * again as another user moves it to that user (whoever signed in there last).
   */
  put(sub: StoredSubscription): Promise<boolean>;
  get(endpoint: string): Promise<StoredSubscription | undefined>;
  /** Every subscription (market alerts go to all of them), oldest first. */
  list(): Promise<StoredSubscription[]>;
  /** One user's subscriptions (their own alerts go only to these), oldest first. */
  listFor(userId: string): Promise<StoredSubscription[]>;
  /** Deletes it; with `userId`, only when it is that user's. True when something was deleted. */
  delete(endpoint: string, userId?: string): Promise<boolean>;
}

/** The single-process store: a table in the server's database. */
export class PushStore implements PushSubscriptions {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS push_subscriptions (
      endpoint TEXT PRIMARY KEY,
      p256dh TEXT NOT NULL,
      auth TEXT NOT NULL,
      severities TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      user_id TEXT
    )`);
    // A database written before subscriptions had owners: its rows stay, as market-only.
    const columns = db.prepare('PRAGMA table_info(push_subscriptions)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'user_id')) db.exec('ALTER TABLE push_subscriptions ADD COLUMN user_id TEXT');
    db.exec('CREATE INDEX IF NOT EXISTS push_subscriptions_user ON push_subscriptions (user_id)');
  }

  async put(sub: StoredSubscription): Promise<boolean> {
    const existed = this.#get(sub.endpoint) !== undefined;
    this.db
      .prepare(`INSERT INTO push_subscriptions (endpoint, p256dh, auth, severities, created_at, user_id) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, severities = excluded.severities, user_id = excluded.user_id`)
      .run(sub.endpoint, sub.p256dh, sub.auth, JSON.stringify(sub.severities), sub.createdAt, sub.userId);
    return !existed;
  }

  async get(endpoint: string): Promise<StoredSubscription | undefined> {
    return this.#get(endpoint);
  }

  #get(endpoint: string): StoredSubscription | undefined {
    const row = this.db.prepare('SELECT * FROM push_subscriptions WHERE endpoint = ?').get(endpoint) as Row | undefined;
    return row && fromRow(row);
  }

  async list(): Promise<StoredSubscription[]> {
    return (this.db.prepare('SELECT * FROM push_subscriptions ORDER BY created_at').all() as Row[]).map(fromRow);
  }

  async listFor(userId: string): Promise<StoredSubscription[]> {
    return (this.db.prepare('SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY created_at').all(userId) as Row[]).map(fromRow);
  }

  async delete(endpoint: string, userId?: string): Promise<boolean> {
    const result =
      userId === undefined
        ? this.db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ?').run(endpoint)
        : this.db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ? AND user_id = ?').run(endpoint, userId);
    return result.changes > 0;
  }
}

interface Row {
  endpoint: string;
  p256dh: string;
  auth: string;
  severities: string;
  created_at: number;
  user_id: string | null;
}

function fromRow(row: Row): StoredSubscription {
  return {
    endpoint: row.endpoint,
    p256dh: row.p256dh,
    auth: row.auth,
    severities: JSON.parse(row.severities) as AlertSeverity[],
    userId: row.user_id,
    createdAt: row.created_at,
  };
}
