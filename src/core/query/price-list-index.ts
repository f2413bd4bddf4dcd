import { matchQuery, type Query, type QueryClient } from '@tanstack/query-core';
import { queryKeys } from './query-keys.js';

/**
 * Which prices-list queries show which asset, kept up to date from the query cache's own
 * added/removed events, so the bridge's flush touches only the lists a tick concerns instead of
 * scanning every list for every pending price.
 */
export class PriceListIndex {
  readonly #byAsset = new Map<string, Set<Query>>();
  /** Lists of every asset (`ids` null). */
  readonly #everyAsset = new Set<Query>();
  readonly #stop: () => void;

  constructor(queryClient: QueryClient) {
    const cache = queryClient.getQueryCache();
    for (const query of cache.findAll({ queryKey: queryKeys.pricesLists() })) this.#add(query);
    this.#stop = cache.subscribe((event) => {
      if (event.type === 'added') this.#add(event.query);
      else if (event.type === 'removed') this.#remove(event.query);
    });
  }

  /** The lists that show at least one of `assetIds`, each once, with the ids it shows among them. */
  listsFor(assetIds: Iterable<string>): Map<Query, string[]> {
    const found = new Map<Query, string[]>();
    const note = (query: Query, id: string) => {
      const ids = found.get(query);
      if (ids) ids.push(id);
      else found.set(query, [id]);
    };
    for (const id of assetIds) {
      const lists = this.#byAsset.get(id);
      if (lists) for (const query of lists) note(query, id);
      for (const query of this.#everyAsset) note(query, id);
    }
    return found;
  }

  dispose(): void {
    this.#stop();
    this.#byAsset.clear();
    this.#everyAsset.clear();
  }

  #add(query: Query): void {
    if (!matchQuery({ queryKey: queryKeys.pricesLists() }, query)) return;
    const ids = query.queryKey[3] as string[] | null | undefined;
    if (!ids) {
      this.#everyAsset.add(query);
      return;
    }
    for (const id of ids) {
      let lists = this.#byAsset.get(id);
      if (!lists) this.#byAsset.set(id, (lists = new Set()));
      lists.add(query);
    }
  }

  #remove(query: Query): void {
    this.#everyAsset.delete(query);
    const ids = query.queryKey[3] as string[] | null | undefined;
    for (const id of ids ?? []) {
      const lists = this.#byAsset.get(id);
      lists?.delete(query);
      if (lists && !lists.size) this.#byAsset.delete(id);
    }
  }
}
