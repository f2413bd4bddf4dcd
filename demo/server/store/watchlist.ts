import type { WatchlistItem } from '../../../src/core/protocol/index.js';
import type { Db } from './db.js';

/** Each user's watched assets. */
export class WatchlistStore {
  constructor(private readonly db: Db) {}

  list(owner: string): WatchlistItem[] {
    const rows = this.db.prepare('SELECT asset_id, added_at FROM watchlist WHERE owner = ? ORDER BY added_at, asset_id').all(owner) as {
      asset_id: string;
      added_at: number;
    }[];
    return rows.map((r) => ({ assetId: r.asset_id, addedAt: r.added_at }));
  }

  /** Adds an asset (keeping its first `addedAt` when it is already there); answers the item. */
  add(owner: string, assetId: string, now: number): { item: WatchlistItem; created: boolean } {
    const created =
      this.db.prepare('INSERT OR IGNORE INTO watchlist (owner, asset_id, added_at) VALUES (?, ?, ?)').run(owner, assetId, now).changes > 0;
    const row = this.db.prepare('SELECT added_at FROM watchlist WHERE owner = ? AND asset_id = ?').get(owner, assetId) as { added_at: number };
    return { item: { assetId, addedAt: row.added_at }, created };
  }

  remove(owner: string, assetId: string): boolean {
    return this.db.prepare('DELETE FROM watchlist WHERE owner = ? AND asset_id = ?').run(owner, assetId).changes > 0;
  }
}
