import { signal } from '@lit-labs/signals';
import { hashKey, QueryObserver, type QueryKey, type QueryObserverOptions, type QueryObserverResult } from '@tanstack/query-core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CryptoDataServices } from '../data-services.js';
import type { DataServicesController } from './data-services-controller.js';

/** Builds the query's options from the services; null means "no query now" (e.g. no id yet). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each resource has its own key tuple type
export type QueryOptionsBuilder<T> = (services: CryptoDataServices) => (QueryObserverOptions<T, Error, T, T, any> & { queryKey: QueryKey }) | null;

/**
 * Observes one query for the host's lifetime and exposes its result as a signal, so only the
 * bindings that read it re-render. The options are rebuilt before each host update; a new key
 * switches the observer to the new query.
 */
export class QueryController<T> implements ReactiveController {
  /** The latest result; undefined until the query has an observer. */
  readonly result = signal<QueryObserverResult<T, Error> | undefined>(undefined);

  #observer: QueryObserver<T, Error, T, T, QueryKey> | null = null;
  #services: CryptoDataServices | undefined;
  #keyHash: string | null = null;
  #unsubscribe: (() => void) | null = null;
  #stopWatching: (() => void) | null = null;
  #connected = false;
  /** Set by the host's first update: before it, the options would be built from default inputs. */
  #ready = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly data: DataServicesController,
    private readonly build: QueryOptionsBuilder<T>,
  ) {
    host.addController(this);
  }

  /** The current result, read without tracking. */
  get current(): QueryObserverResult<T, Error> | undefined {
    return this.result.get();
  }

  /** Refetches now (the "retry" button of an error state). */
  refetch(): Promise<unknown> {
    return this.#observer?.refetch() ?? Promise.resolve();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#stopWatching = this.data.watch((services) => {
      this.#services = services;
      if (this.#ready) this.#sync(true);
    });
  }

  hostUpdate(): void {
    // A framework sets attributes and properties just after inserting the element; the first
    // update is the first moment they have all been seen, so no query starts earlier.
    this.#ready = true;
    this.#sync(false);
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#detach();
  }

  #detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#observer = null;
    this.#keyHash = null;
  }

  #sync(servicesChanged: boolean): void {
    if (!this.#connected) return;
    const services = this.#services;
    const options = services ? this.build(services) : null;
    if (!services || !options) {
      if (this.#observer) {
        this.#detach();
        this.result.set(undefined);
      }
      return;
    }
    const withPolling = {
      ...options,
      // Without a socket nothing pushes into the cache, so the query refetches on the interval.
      refetchInterval: options.refetchInterval ?? (services.socket ? false : services.pollIntervalMs),
    };
    // The key and the options a widget changes through attributes (an interval, enabled) decide
    // whether the observer needs the new options; rebuilt closures alone do not.
    const keyHash = `${hashKey(options.queryKey)}|${String(withPolling.refetchInterval)}|${String(options.enabled ?? true)}`;
    if (this.#observer && !servicesChanged) {
      if (keyHash !== this.#keyHash) {
        this.#keyHash = keyHash;
        this.#observer.setOptions(withPolling);
      }
      return;
    }
    this.#detach();
    this.#keyHash = keyHash;
    const observer = new QueryObserver<T, Error, T, T, QueryKey>(services.queryClient, withPolling);
    this.#observer = observer;
    this.result.set(observer.getOptimisticResult(services.queryClient.defaultQueryOptions(withPolling)));
    this.#unsubscribe = observer.subscribe((result) => this.result.set(result));
  }
}
