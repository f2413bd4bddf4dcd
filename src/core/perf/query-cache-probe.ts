import type { Query, QueryClient } from '@tanstack/query-core';
import { round, RollingWindow } from './stats.js';

/**
 * Query-cache figures of one sample.
 *
 * **Hit rate.** A *lookup* is an observer (a widget, a controller) starting to read a query. It is
 * a *hit* when the cache already holds data for that key, so the reader shows it at once; it is a
 * *miss* when the reader has to wait for a fetch. Background refetches, socket writes and
 * polling are not lookups. `hitRate` is hits / lookups since monitoring started; `recentHitRate`
 * is the same over the latest 100 lookups (what the threshold watches). Both are null before the
 * first lookup.
 */
export interface QueryCacheSample {
  entries: number;
  /** Queries with at least one observer. */
  activeEntries: number;
  /** Observers over all queries. */
  observers: number;
  hits: number;
  misses: number;
  hitRate: number | null;
  recentHitRate: number | null;
  /**
   * Rough size of the cached data: the length of each query's data serialised as JSON (about its
   * UTF-8 size for this feed's ASCII data). It is not the heap size, which is usually larger.
   * Only data that changed since the last sample is serialised again.
   */
  estimatedBytes: number;
}

/**
 * The JSON length of query data, remembered per data object: query data is immutable, and a query
 * whose data did not change keeps the same object (query-core's structural sharing keeps it even
 * through a refetch that brought the same data), so each sample serialises only the data that
 * changed since the last, not every query again (large histories included). Remembered sizes go
 * with the data they belong to.
 */
export class JsonSizer {
  readonly #known = new WeakMap<object, number>();

  /** Like `JSON.stringify(value)?.length ?? 0`; 0 for data JSON cannot hold (cycles, BigInt). */
  sizeOf(value: unknown): number {
    if (typeof value !== 'object' || value === null) return jsonLength(value);
    let size = this.#known.get(value);
    if (size === undefined) this.#known.set(value, (size = jsonLength(value)));
    return size;
  }
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0; // data that cannot be serialised (cycles, BigInt) counts as unknown, not as a guess
  }
}

/** Counts cache lookups and sizes the cache of one `QueryClient`. Reading the cache never changes it. */
export class QueryCacheProbe {
  readonly #client: QueryClient;
  readonly #recent = new RollingWindow(100);
  readonly #sizer = new JsonSizer();
  #hits = 0;
  #misses = 0;
  #unsubscribe: (() => void) | null = null;

  constructor(client: QueryClient) {
    this.#client = client;
  }

  get client(): QueryClient {
    return this.#client;
  }

  start(): void {
    if (this.#unsubscribe) return;
    this.#hits = this.#misses = 0;
    this.#recent.clear();
    this.#unsubscribe = this.#client.getQueryCache().subscribe((event) => {
      if (event.type !== 'observerAdded') return;
      const hit = event.query.state.data !== undefined;
      if (hit) this.#hits += 1;
      else this.#misses += 1;
      this.#recent.push(hit ? 1 : 0);
    });
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  sample(): QueryCacheSample {
    const queries = this.#client.getQueryCache().getAll();
    let observers = 0, active = 0, bytes = 0;
    for (const query of queries) {
      const count = query.getObserversCount();
      observers += count;
      if (count > 0) active += 1;
      bytes += this.#sizer.sizeOf(query.state.data);
    }
    const lookups = this.#hits + this.#misses;
    const recent = this.#recent.values();
    return {
      entries: queries.length,
      activeEntries: active,
      observers,
      hits: this.#hits,
      misses: this.#misses,
      hitRate: lookups ? round(this.#hits / lookups, 3) : null,
      recentHitRate: recent.length ? round(recent.reduce((a, b) => a + b, 0) / recent.length, 3) : null,
      estimatedBytes: bytes,
    };
  }

  /** Removes queries nobody observes. Returns how many, and the estimated bytes they held. */
  removeInactive(): { removed: number; bytes: number } {
    const cache = this.#client.getQueryCache();
    let removed = 0, bytes = 0;
    for (const query of cache.findAll({ type: 'inactive' })) {
      bytes += this.#sizer.sizeOf(query.state.data);
      cache.remove(query);
      removed += 1;
    }
    return { removed, bytes };
  }
}
