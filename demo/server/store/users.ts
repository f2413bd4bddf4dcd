import type { Db } from './db.js';

/**
 * Users the server has seen with a valid token. Public alerts are copied into each known user's
 * alert stream, so a user's stream is complete from the moment they first signed in.
 */
export class UserStore {
  readonly #known = new Set<string>();

  constructor(private readonly db: Db) {
    for (const row of db.prepare('SELECT id FROM users').all() as { id: string }[]) this.#known.add(row.id);
  }

  /** Records `id`; true when it was new. */
  touch(id: string, now: number): boolean {
    if (this.#known.has(id)) return false;
    this.db.prepare('INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)').run(id, now);
    this.#known.add(id);
    return true;
  }

  has(id: string): boolean {
    return this.#known.has(id);
  }

  ids(): string[] {
    return [...this.#known];
  }
}
