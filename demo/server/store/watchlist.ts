import type { WatchlistItem } from '../../../src/core/protocol/index.js';
import type { Db } from './db.js';

export class WatchlistStore {
  constructor(private readonly db: Db) {}

  list(): WatchlistItem[] {
    const rows = this.db.prepare('SELECT asset_id, added_at FROM watchlist ORDER BY added_at, asset_id').all() as {
      asset_id: string;
      added_at: number;
    }[];
    return rows.map((r) => ({ assetId: r.asset_id, addedAt: r.added_at }));
  }

  /** Adds an asset (keeping its first `addedAt` when it is already there); answers the item. */
  add(assetId: string, now: number): { item: WatchlistItem; created: boolean } {
    const created = this.db.prepare('INSERT OR IGNORE INTO watchlist (asset_id, added_at) VALUES (?, ?)').run(assetId, now).changes > 0;
    const row = this.db.prepare('SELECT added_at FROM watchlist WHERE asset_id = ?').get(assetId) as { added_at: number };
    return { item: { assetId, addedAt: row.added_at }, created };
  }

  remove(assetId: string): boolean {
    return this.db.prepare('DELETE FROM watchlist WHERE asset_id = ?').run(assetId).changes > 0;
  }
}
