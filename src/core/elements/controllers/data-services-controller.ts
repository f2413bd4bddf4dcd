import { ContextConsumer } from '@lit/context';
import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cryptoDataContext } from '../context.js';
import type { CryptoDataServices } from '../data-services.js';
import { getPageDefault, onPageDefaultChange } from '../page-default.js';
import { sharedUpdateScheduler } from '../update-scheduler.js';

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
  /** Services that arrived and wait for their turn in the update scheduler. */
  #arriving: { next: CryptoDataServices | undefined } | null = null;

  readonly #sliced: boolean;

  /**
   * @param options.sliced Hand new services to the host's controllers as a unit of the page's
   * update scheduler. Only for hosts that render through that scheduler (`CrwWidget`): their
   * first render waits behind that unit, so it never shows a widget without its services.
   */
  constructor(host: Host, options: { sliced?: boolean } = {}) {
    this.#sliced = options.sliced ?? false;
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

  /**
   * For a `sliced` host, hands new services to its controllers as one unit of the update scheduler:
   * each controller then builds its observers, subscribes and starts its requests, and a
   * provider reaching a dozen widgets at once (or a dozen widgets upgrading as their code
   * lands) would otherwise do all of that in one long task.
   */
  #refresh(): void {
    const next = this.#fromContext ?? getPageDefault();
    if (this.#arriving) {
      this.#arriving.next = next;
      return;
    }
    if (next === this.services.get()) return;
    if (!this.#sliced) {
      this.#apply(next);
      return;
    }
    const arriving = (this.#arriving = { next });
    const apply = () => {
      this.#arriving = null;
      if (arriving.next !== this.services.get()) this.#apply(arriving.next);
    };
    const later = sharedUpdateScheduler().schedule(apply);
    // A listener's error is reported as an uncaught one, as it would have been from the context callback.
    later?.catch((error: unknown) => setTimeout(() => {
      throw error;
    }, 0));
  }

  #apply(services: CryptoDataServices | undefined): void {
    this.services.set(services);
    for (const listener of [...this.#listeners]) listener(services);
  }
}
