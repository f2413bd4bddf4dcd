import { ContextConsumer } from '@lit/context';
import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cryptoDataContext } from '../context.js';
import type { CryptoDataServices } from '../data-services.js';
import { getPageDefault, onPageDefaultChange } from '../page-default.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Finds the host's services: the nearest `<crypto-data-provider>`, else the page default.
 * Exposes them as a signal for rendering and as a callback for other controllers.
 */
export class DataServicesController implements ReactiveController {
  /** The services in use, or undefined when the page has no provider and no `configure()`. */
  readonly services = signal<CryptoDataServices | undefined>(undefined);

  #fromContext: CryptoDataServices | undefined;
  #listeners = new Set<(services: CryptoDataServices | undefined) => void>();
  #stopWatchingDefault: (() => void) | null = null;

  constructor(host: Host) {
    host.addController(this);
    new ContextConsumer(host, {
      context: cryptoDataContext,
      subscribe: true,
      callback: (value) => {
        this.#fromContext = value;
        this.#refresh();
      },
    });
  }

  /** The current services, read without tracking. */
  get current(): CryptoDataServices | undefined {
    return this.services.get();
  }

  /** Calls `listener` now and whenever the services change. Returns the unsubscribe function. */
  watch(listener: (services: CryptoDataServices | undefined) => void): () => void {
    this.#listeners.add(listener);
    listener(this.current);
    return () => this.#listeners.delete(listener);
  }

  hostConnected(): void {
    this.#stopWatchingDefault = onPageDefaultChange(() => this.#refresh());
    this.#refresh();
  }

  hostDisconnected(): void {
    this.#stopWatchingDefault?.();
    this.#stopWatchingDefault = null;
  }

  #refresh(): void {
    const next = this.#fromContext ?? getPageDefault();
    if (next === this.services.get()) return;
    this.services.set(next);
    for (const listener of [...this.#listeners]) listener(next);
  }
}
