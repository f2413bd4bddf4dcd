import type { MutationOptions, QueryClient } from '@tanstack/query-core';
import type { MutationOptionsFactory } from '../query/index.js';
import { loadOfflineEdits, loadOfflineMutations, loadPersistCache } from './on-demand.js';

/** The offline layer of a `pwa` feed: its mutations, and a promise that settles once it is in place. */
export interface OfflineLayer {
  /** Mutation options that queue edits made offline (see `withOfflineQueue`). */
  mutations: MutationOptionsFactory;
  /** Settles once the persisted cache and the edit queue are attached (never rejects). */
  ready: Promise<void>;
  stop(): void;
}

export interface OfflineLayerOptions {
  queryClient: QueryClient;
  mutations: MutationOptionsFactory;
  apiUrl: string;
  /** Keep the query cache in IndexedDB (off when the page brought its own QueryClient). */
  persist: boolean;
  token: () => Promise<string | undefined>;
  /** Who is signed in changed (the feed's `TokenSource`): the worker forgets the previous user's token. */
  signIn?: { subscribe(listener: () => void): () => void };
}

type AnyOptions = MutationOptions<unknown, Error, unknown, unknown>;

/**
 * The persisted query cache and the offline edit queue (IndexedDB, `idb`), imported only for a
 * `pwa` provider: other pages never download them. Until the import lands, a mutation waits for
 * it, so an edit made in the first moments of an offline page is queued like any other.
 */
export function loadOfflineLayer(options: OfflineLayerOptions): OfflineLayer {
  const { queryClient, mutations, apiUrl } = options;
  let stopped = false;
  const stops: Array<() => void> = [];
  let wrapped: MutationOptionsFactory | null = null;

  const loaded = Promise.all([
    loadOfflineMutations(),
    loadOfflineEdits(),
    options.persist ? loadPersistCache() : null,
  ]).then(
    ([{ withOfflineQueue }, { offlineEdits }, persistCache]) => {
      wrapped = withOfflineQueue(mutations, queryClient, apiUrl);
      if (stopped) return;
      // A PWA keeps its last data in IndexedDB, so a reload (online or not) shows it at once...
      if (persistCache) {
        const persistence = persistCache.persistQueryCache(queryClient, { key: apiUrl });
        stops.push(persistence.stop);
      }
      // ...and queues edits made offline, replaying them when the network is back.
      stops.push(offlineEdits().attach(queryClient, options.token, options.signIn));
    },
    (error: unknown) => {
      console.error('crypto-risk-widgets: could not load the offline layer (persisted cache, offline edit queue); edits made offline will fail instead of waiting.', error);
    },
  );

  const deferred = <K extends keyof MutationOptionsFactory>(key: K): ReturnType<MutationOptionsFactory[K]> => {
    if (wrapped) return wrapped[key]() as ReturnType<MutationOptionsFactory[K]>;
    const base = mutations[key]() as unknown as AnyOptions;
    let settled: AnyOptions | null = null;
    const current = () => settled ?? base;
    const options: AnyOptions = {
      ...base,
      networkMode: 'always',
      mutationFn: async (vars, context) => {
        await loaded;
        settled = wrapped ? (wrapped[key]() as unknown as AnyOptions) : base;
        return settled.mutationFn!(vars, context);
      },
      onSuccess: (...args) => current().onSuccess?.(...args),
      onError: (...args) => current().onError?.(...args),
      onSettled: (...args) => current().onSettled?.(...args),
    };
    return options as unknown as ReturnType<MutationOptionsFactory[K]>;
  };

  const factory = Object.fromEntries(
    (Object.keys(mutations) as Array<keyof MutationOptionsFactory>).map((key) => [key, () => deferred(key)]),
  ) as unknown as MutationOptionsFactory;

  return {
    mutations: factory,
    ready: loaded,
    stop: () => {
      stopped = true;
      for (const stop of stops.splice(0)) stop();
    },
  };
}
