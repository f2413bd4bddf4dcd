import { hashKey, type QueryClient, type QueryKey } from '@tanstack/query-core';

/**
 * The query hashes currently fed by a live socket, per QueryClient. A query listed here never
 * goes stale (see `createQueryClient`), so focus, mount and reconnect refetches leave it alone;
 * the realtime bridge adds keys while the socket is live and clears them when it is not.
 */
export class LiveKeys {
  readonly #hashes = new Set<string>();

  add(key: QueryKey): void {
    this.#hashes.add(hashKey(key));
  }

  has(hash: string): boolean {
    return this.#hashes.has(hash);
  }

  clear(): void {
    this.#hashes.clear();
  }

  get size(): number {
    return this.#hashes.size;
  }
}

const registry = new WeakMap<QueryClient, LiveKeys>();

/** The live-key set of `client` (created on first use). */
export function liveKeysOf(client: QueryClient): LiveKeys {
  let keys = registry.get(client);
  if (!keys) registry.set(client, (keys = new LiveKeys()));
  return keys;
}
