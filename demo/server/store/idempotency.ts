import type { Db } from './db.js';

export interface StoredResponse {
  bodyHash: string;
  status: number;
  /** JSON text of the body, or null for an empty body (204). */
  response: string | null;
}

/** Answers to mutating requests by `Idempotency-Key`, scoped to method and path. */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  get(scope: string, key: string): StoredResponse | undefined {
    const row = this.db
      .prepare('SELECT body_hash, status, response FROM idempotency_keys WHERE scope = ? AND key = ?')
      .get(scope, key) as { body_hash: string; status: number; response: string | null } | undefined;
    return row ? { bodyHash: row.body_hash, status: row.status, response: row.response } : undefined;
  }

  put(scope: string, key: string, stored: StoredResponse, now: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO idempotency_keys (scope, key, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(scope, key, stored.bodyHash, stored.status, stored.response, now);
  }

  /** Forgets keys older than `before`, so the table does not grow forever. */
  prune(before: number): number {
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
  }
}
