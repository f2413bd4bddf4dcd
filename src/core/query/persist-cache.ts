import { dehydrate, hydrate, type DehydratedState, type QueryClient } from '@tanstack/query-core';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { PROTOCOL_VERSION } from '../protocol/names.js';
import { QUERY_ROOT } from './query-keys.js';

/** How long a saved cache may be shown, in ms: older snapshots are dropped, not shown. */
export const DEFAULT_PERSIST_MAX_AGE = 24 * 3_600_000;
/** Least time between two writes, in ms: a live feed changes the cache many times a second. */
export const DEFAULT_PERSIST_THROTTLE = 2_000;

export interface PersistCacheOptions {
  /** One snapshot per key; use the feed's API URL so two feeds never mix. */
  key: string;
  maxAgeMs?: number;
  throttleMs?: number;
  /** A snapshot written under another buster is dropped. Default: the wire protocol version. */
  buster?: string;
  /** IndexedDB database name (tests use their own). */
  databaseName?: string;
  now?: () => number;
}

interface Snapshot {
  buster: string;
  savedAt: number;
  state: DehydratedState;
}

interface PersistSchema extends DBSchema {
  snapshots: { key: string; value: Snapshot };
}

const DEFAULT_DATABASE = 'crw-query-cache';
const connections = new Map<string, Promise<IDBPDatabase<PersistSchema>>>();

function database(name: string): Promise<IDBPDatabase<PersistSchema>> {
  let db = connections.get(name);
  if (!db) {
    db = openDB<PersistSchema>(name, 1, { upgrade: (d) => void d.createObjectStore('snapshots') });
    connections.set(name, db);
  }
  return db;
}

const busterOf = (options: PersistCacheOptions) => options.buster ?? `protocol-${PROTOCOL_VERSION}`;

/** Only the library's settled data is worth keeping; errors and pending queries are not. */
function dehydrateLibraryQueries(client: QueryClient): DehydratedState {
  return dehydrate(client, {
    shouldDehydrateQuery: (query) => query.state.status === 'success' && query.state.data !== undefined && query.queryKey[0] === QUERY_ROOT,
    shouldDehydrateMutation: () => false,
  });
}

/**
 * Puts the last saved cache back into `client`. Data newer in the cache already is kept. Returns
 * when the snapshot was saved, or null when there was none (or it was too old or from another
 * protocol version, in which case it is deleted).
 */
export async function restoreQueryCache(client: QueryClient, options: PersistCacheOptions): Promise<number | null> {
  const now = options.now ?? Date.now;
  const db = await database(options.databaseName ?? DEFAULT_DATABASE);
  const snapshot = await db.get('snapshots', options.key);
  if (!snapshot) return null;
  if (snapshot.buster !== busterOf(options) || now() - snapshot.savedAt > (options.maxAgeMs ?? DEFAULT_PERSIST_MAX_AGE)) {
    await db.delete('snapshots', options.key);
    return null;
  }
  hydrate(client, snapshot.state);
  return snapshot.savedAt;
}

/** Writes the cache now. */
export async function saveQueryCache(client: QueryClient, options: PersistCacheOptions): Promise<void> {
  const snapshot: Snapshot = { buster: busterOf(options), savedAt: (options.now ?? Date.now)(), state: dehydrateLibraryQueries(client) };
  const db = await database(options.databaseName ?? DEFAULT_DATABASE);
  const tx = db.transaction('snapshots', 'readwrite');
  void tx.store.put(snapshot, options.key);
  // Commit at once: a save from pagehide must land before the document goes away.
  tx.commit();
  await tx.done;
}

/** Deletes the saved cache for `key`. */
export async function clearPersistedQueryCache(key: string, databaseName = DEFAULT_DATABASE): Promise<void> {
  await (await database(databaseName)).delete('snapshots', key);
}

/**
 * Keeps `client`'s data in IndexedDB (through idb) so that a reload, online or not, shows the
 * last data at once: restores the saved snapshot, then saves at most every `throttleMs` while
 * the cache changes and when the page is hidden. Returns a stop function and the restore promise.
 */
export function persistQueryCache(client: QueryClient, options: PersistCacheOptions): { restored: Promise<number | null>; stop: () => void } {
  if (typeof indexedDB === 'undefined') return { restored: Promise.resolve(null), stop: () => {} };
  const throttleMs = options.throttleMs ?? DEFAULT_PERSIST_THROTTLE;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSave = 0;
  let stopped = false;
  const save = () => {
    timer = null;
    lastSave = Date.now();
    if (!stopped) saveQueryCache(client, options).catch((err: unknown) => console.warn('[crypto-risk-widgets] could not save the query cache:', err));
  };
  // Leading and trailing edges: the first data is saved at once, then at most every throttleMs.
  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(save, Math.max(0, lastSave + throttleMs - Date.now()));
  };
  // A reload or a closed tab fires pagehide; a tab sent to the background, visibilitychange.
  const onHidden = (event: Event) => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') {
      if (timer) clearTimeout(timer);
      save();
    }
  };

  // An edit made on the page (a mutation, its optimistic change, often queued offline) is saved
  // at once: the browser may be closed right after, and the edit must come back with its queue.
  // Live data is not: the socket writes the cache many times a second (with setQueryData, which
  // query-core marks as manual too), and a write of the whole cache each time would cost more
  // than all the rest of the page's work.
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 0);
  };

  // Saving starts after the restore, so an empty cache never overwrites the saved one.
  let unsubscribe = () => {};
  const restored = restoreQueryCache(client, options)
    .catch((err: unknown) => {
      console.warn('[crypto-risk-widgets] could not restore the saved query cache:', err);
      return null;
    })
    .then((savedAt) => {
      if (!stopped) {
        const stopQueries = client.getQueryCache().subscribe((event) => {
          if ((event.type === 'updated' && event.action.type === 'success') || event.type === 'removed') schedule();
        });
        const stopMutations = client.getMutationCache().subscribe((event) => {
          if (event.type === 'updated') saveSoon();
        });
        unsubscribe = () => {
          stopQueries();
          stopMutations();
        };
        if (typeof document !== 'undefined') {
          document.addEventListener('visibilitychange', onHidden);
          window.addEventListener('pagehide', onHidden);
        }
      }
      return savedAt;
    });

  return {
    restored,
    stop: () => {
      if (stopped) return;
      if (timer) {
        clearTimeout(timer);
        save();
      }
      stopped = true;
      unsubscribe();
      if (typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', onHidden);
        window.removeEventListener('pagehide', onHidden);
      }
    },
  };
}
