import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { subscriptionKey, type Channel, type ChannelParams } from '../../protocol/names.js';
import type { SubscriptionHandle } from '../../socket/index.js';
import type { CryptoDataServices } from '../data-services.js';
import type { DataServicesController } from './data-services-controller.js';

/** What to subscribe to; null means nothing (e.g. no portfolio chosen yet). */
export type ChannelRequest = { [C in Channel]: { channel: C; params?: ChannelParams[C] } }[Channel] | null;

/**
 * Holds one channel subscription for as long as the host is connected. The request is read
 * before each host update, so a changed attribute moves the subscription. Data flows into the
 * query cache through the realtime bridge; this controller only says what the page needs.
 */
export class ChannelSubscriptionController implements ReactiveController {
  /** Why the last request could not be subscribed (bad params), or null. */
  error: Error | null = null;

  #handle: SubscriptionHandle | null = null;
  #key: string | null = null;
  #services: CryptoDataServices | undefined;
  #stopWatching: (() => void) | null = null;
  #connected = false;
  /** Set by the host's first update, the first moment its attributes and properties are known. */
  #ready = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly data: DataServicesController,
    private readonly request: () => ChannelRequest,
  ) {
    host.addController(this);
  }

  /** The subscription key currently held, if any. */
  get key(): string | null {
    return this.#key;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#stopWatching = this.data.watch((services) => {
      if (services !== this.#services) this.#release();
      this.#services = services;
      if (this.#ready) this.#sync();
    });
  }

  hostUpdate(): void {
    this.#ready = true;
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#release();
  }

  #release(): void {
    this.#handle?.unsubscribe();
    this.#handle = null;
    this.#key = null;
  }

  #sync(): void {
    const socket = this.#services?.socket;
    const wanted = this.#connected && socket ? this.request() : null;
    const key = wanted ? subscriptionKey(wanted.channel, wanted.params as never) : null;
    if (key === this.#key) return;
    this.#release();
    const hadError = this.error !== null;
    this.error = null;
    if (wanted && socket && key) {
      try {
        this.#handle = socket.subscribe(wanted.channel, wanted.params as never);
        this.#key = key;
      } catch (err) {
        // Bad params (e.g. a malformed symbol) must not break the host: it shows the error instead.
        this.error = err instanceof Error ? err : new Error(String(err));
      }
    }
    if (hadError || this.error) this.host.requestUpdate();
  }
}
