import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export const MEMORY_DB = ':memory:';

/**
 * Opens (creating the parent folder when needed) and migrates the store. File databases use WAL
 * so readers never block the writer.
 */
export function openDatabase(path: string): Db {
  if (path !== MEMORY_DB) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 200 });
  if (path !== MEMORY_DB) {
    // One server per file: alert positions are numbered by the process that owns the database,
    // so a second server on the same file must fail at start, not collide later.
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error(`the database ${path} is in use by another feed server; stop it or pass another --db`);
      }
      throw err;
    }
  }
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  reusePreparedStatements(db);
  return db;
}

/** Statements kept per SQL text; a bound on distinct texts, in case some are built per call. */
const MAX_CACHED_STATEMENTS = 256;

/**
 * The stores call `prepare` on every request, and compiling the SQL again costs more than running
 * it: each text is compiled once and its statement reused (better-sqlite3 runs every call to
 * completion, so one statement is never in use twice at a time).
 */
function reusePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size < MAX_CACHED_STATEMENTS) cache.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** Applies, in order and each in one transaction, the migrations newer than `user_version`. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server knows (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
