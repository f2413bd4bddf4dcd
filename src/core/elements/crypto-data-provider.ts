import { ContextProvider } from '@lit/context';
import type { QueryClient } from '@tanstack/query-core';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ApiClient } from '../api/index.js';
import type { WebSocketClient } from '../socket/index.js';
import { cryptoDataContext } from './context.js';
import {
  acquireDataServices,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  DEFAULT_POLL_INTERVAL_MS,
  type CryptoDataServices,
} from './data-services.js';
import { offerPageDefault, withdrawPageDefault } from './page-default.js';
import { registerServiceWorker } from '../pwa/index.js';

/** Attributes whose change means the services must be built again. */
const SERVICE_INPUTS = [
  'apiUrl', 'wsUrl', 'noRealtime', 'pollInterval', 'maxReconnectAttempts', 'performanceMonitoring', 'debug', 'pwa',
  'client', 'apiClient', 'queryClient',
] as const;

function positiveInteger(value: unknown, fallback: number, name: string, host: HTMLElement): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  console.error(`<${host.localName}>: ${name}="${String(value)}" is not a positive whole number; using ${fallback}.`);
  return fallback;
}

/**
 * Connects the widgets inside it to a feed: one WebSocket client, one REST client and one query
 * cache, handed down through context. Widgets with no provider above them use the page default:
 * the first provider on the page, or whatever `configure()` set up.
 *
 * @summary Gives the widgets below it their live data connection.
 * @tagname crypto-data-provider
 * @slot - The widgets (and any other content) that use this provider's feed.
 */
export class CryptoDataProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** REST origin of the feed server. Default: the page's origin. */
  @property({ attribute: 'api-url' }) apiUrl?: string;

  /** WebSocket URL. Default: `/ws` on the API origin. */
  @property({ attribute: 'ws-url' }) wsUrl?: string;

  /** Turn streaming off: widgets refetch over REST every `poll-interval` ms instead. */
  @property({ type: Boolean, attribute: 'no-realtime' }) noRealtime = false;

  /** REST refetch interval while the socket is not live, in ms. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = DEFAULT_POLL_INTERVAL_MS;

  /** Failed WebSocket attempts before falling back to HTTP polling. */
  @property({ type: Number, attribute: 'max-reconnect-attempts' }) maxReconnectAttempts = DEFAULT_MAX_RECONNECT_ATTEMPTS;

  /** Record REST timings as `performance.measure` entries named `crw:api …`. */
  @property({ type: Boolean, attribute: 'performance-monitoring' }) performanceMonitoring = false;

  /** Log the socket client's diagnostics to the console. */
  @property({ type: Boolean }) debug = false;

  /**
   * Registers the library's service worker (offline cache, update prompt, install prompt) with
   * workbox-window from `sw-url`. Show its state with `<pwa-status>`.
   */
  @property({ type: Boolean }) pwa = false;

  /** The service worker script registered when `pwa` is set, relative to the page. */
  @property({ attribute: 'sw-url' }) swUrl = 'crw-sw.js';

  /** A ready socket client to use instead of building one. */
  @property({ attribute: false }) client?: WebSocketClient;

  /** A ready REST client to use instead of building one. */
  @property({ attribute: false }) apiClient?: ApiClient;

  /** A ready query client to use instead of building one. */
  @property({ attribute: false }) queryClient?: QueryClient;

  #provider = new ContextProvider(this, { context: cryptoDataContext });
  #release: (() => void) | null = null;

  /** The services this provider hands down (undefined while disconnected). */
  get services(): CryptoDataServices | undefined {
    return this.#provider.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#build();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    withdrawPageDefault(this);
    this.#release?.();
    this.#release = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#release && SERVICE_INPUTS.some((name) => changed.has(name))) this.#build();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.pwa && (changed.has('pwa') || changed.has('swUrl'))) registerServiceWorker({ url: this.swUrl });
  }

  #build(): void {
    const previous = this.#release;
    const { services, release } = acquireDataServices({
      apiUrl: this.apiUrl,
      wsUrl: this.wsUrl,
      pollIntervalMs: positiveInteger(this.pollInterval, DEFAULT_POLL_INTERVAL_MS, 'poll-interval', this),
      maxReconnectAttempts: positiveInteger(this.maxReconnectAttempts, DEFAULT_MAX_RECONNECT_ATTEMPTS, 'max-reconnect-attempts', this),
      flags: { realtime: !this.noRealtime, performanceMonitoring: this.performanceMonitoring, debug: this.debug, pwa: this.pwa },
      ...(this.client ? { socket: this.client } : {}),
      ...(this.apiClient ? { api: this.apiClient } : {}),
      ...(this.queryClient ? { queryClient: this.queryClient } : {}),
    });
    this.#release = release;
    this.#provider.setValue(services);
    offerPageDefault(this, services);
    // Release after the new services hold their references, so a shared socket is not torn down and rebuilt.
    previous?.();
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
