import { ContextProvider } from '@lit/context';
import type { QueryClient } from '@tanstack/query-core';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ApiClient, TokenGetter } from '../api/index.js';
import type { WebSocketClient } from '../socket/index.js';
import { cryptoDataContext } from './context.js';
import type { Logger } from '../logging/index.js';
import {
  acquireDataServices,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  DEFAULT_POLL_INTERVAL_MS,
  type AcquiredDataServices,
  type CryptoDataServices,
} from './data-services.js';
import { offerPageDefault, withdrawPageDefault } from './page-default.js';
import { loadServiceWorkerRegistration } from './on-demand.js';
import { parseWorkerMode, socketTransportOf, type WorkerMode } from '../worker/index.js';
import { sharedUpdateScheduler } from './update-scheduler.js';

/** Attributes whose change means the services must be built again (`debug` and `performance-monitoring` only switch things on and off). */
const SERVICE_INPUTS = [
  'apiUrl', 'wsUrl', 'noRealtime', 'pollInterval', 'maxReconnectAttempts', 'pwa',
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
  @property({ attribute: 'api-url', reflect: true }) apiUrl?: string;

  /**
   * WebSocket URL. Default: `/ws` on the API origin. Several URLs separated by spaces name the
   * nodes of a cluster: the connection moves to the next one when its node goes away, and every
   * stream resumes from its position.
   */
  @property({ attribute: 'ws-url', reflect: true }) wsUrl?: string;

  /** Turn streaming off: widgets refetch over REST every `poll-interval` ms instead. */
  @property({ type: Boolean, attribute: 'no-realtime', reflect: true, useDefault: true }) noRealtime = false;

  /** REST refetch interval while the socket is not live, in ms. */
  @property({ type: Number, attribute: 'poll-interval', reflect: true, useDefault: true }) pollInterval = DEFAULT_POLL_INTERVAL_MS;

  /** Failed WebSocket attempts before falling back to HTTP polling. */
  @property({ type: Number, attribute: 'max-reconnect-attempts', reflect: true, useDefault: true }) maxReconnectAttempts = DEFAULT_MAX_RECONNECT_ATTEMPTS;

  /**
   * Run the feed's performance monitor (`services.perf`) and record REST timings as
   * `performance.measure` entries named `crw:api …`. Toggling it never rebuilds the services.
   */
  @property({ type: Boolean, attribute: 'performance-monitoring', reflect: true, useDefault: true }) performanceMonitoring = false;

  /** Log this provider's diagnostics to the console, namespaced `[crw:socket|api|query|sw|perf]`. Toggling it never rebuilds the services. */
  @property({ type: Boolean, reflect: true, useDefault: true }) debug = false;

  /**
   * Registers the library's service worker (offline cache, update prompt, install prompt) with
   * workbox-window from `sw-url`. Show its state with `<pwa-status>`.
   */
  @property({ type: Boolean, reflect: true, useDefault: true }) pwa = false;

  /** The service worker script registered when `pwa` is set, relative to the page. */
  @property({ attribute: 'sw-url' }) swUrl = 'crw-sw.js';

  /**
   * Where the socket, parsing, validation and coalescing run. Absent (or `auto`): on the main
   * thread, moving into a dedicated Worker once the feed sustains 3,000 frames a second or more
   * (measured over one-second windows; see README "Performance"). `worker` or `worker="on"`: always
   * in the Worker. `worker="off"`: never. The Worker script is `socket-worker.js` next to the
   * library (`crw-socket-worker.js` next to the CDN bundle); a CSP needs `worker-src 'self'`.
   * Providers sharing a feed share the first one's setting; changing it moves the live connection.
   */
  @property({ reflect: true, useDefault: true, converter: { fromAttribute: (value: string | null) => parseWorkerMode(value) } }) worker: WorkerMode = 'auto';

  /** A ready socket client to use instead of building one. */
  @property({ attribute: false }) client?: WebSocketClient;

  /** A ready REST client to use instead of building one. */
  @property({ attribute: false }) apiClient?: ApiClient;

  /** A ready query client to use instead of building one. */
  @property({ attribute: false }) queryClient?: QueryClient;

  /**
   * Bearer token (JWT) for the feed: sent on REST requests and in the socket's `auth` frame. Setting
   * a new one re-authenticates the live socket without dropping its subscriptions.
   */
  @property() token?: string;

  /**
   * Gets a bearer token (may be async); asked again after a 401 and before the socket's token
   * expires. Takes precedence over `token`. Applied at once, so requests the widgets make next
   * already carry it; a value set before the element was defined is picked up when it upgrades.
   */
  get getToken(): TokenGetter | undefined {
    return this.#getToken;
  }

  set getToken(getter: TokenGetter | undefined) {
    this.#getToken = getter;
    this.#applyCredentials();
  }

  #getToken: TokenGetter | undefined;

  constructor() {
    super();
    // A page may set getToken before the element is defined; that own property hides the accessor.
    if (Object.prototype.hasOwnProperty.call(this, 'getToken')) {
      const early = (this as { getToken?: TokenGetter }).getToken;
      delete (this as { getToken?: TokenGetter }).getToken;
      this.#getToken = early;
    }
  }

  #provider = new ContextProvider(this, { context: cryptoDataContext });
  #release: (() => void) | null = null;
  #acquired: AcquiredDataServices | null = null;

  /** The services this provider hands down (undefined while disconnected). */
  get services(): CryptoDataServices | undefined {
    return this.#provider.value;
  }

  /** This provider's debug logger (namespaces socket, api, query, sw, perf); null while disconnected. */
  get logger(): Logger | null {
    return this.#acquired?.logger ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // On first insertion, frameworks (Angular, @lit/react) set attributes and properties right
    // after the element is in the page: build at the first update, once they have landed, so no
    // request goes to the wrong feed. A provider moved in the page rebuilds at once.
    if (this.hasUpdated) this.#build();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    withdrawPageDefault(this);
    this.#release?.();
    this.#release = null;
    this.#acquired = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.isConnected) return;
    if (!this.#release || SERVICE_INPUTS.some((name) => changed.has(name))) this.#build();
    else if (this.#acquired) {
      if (changed.has('performanceMonitoring')) this.#acquired.setPerformanceMonitoring(this.performanceMonitoring);
      if (changed.has('debug')) this.#acquired.logger.setEnabled(this.debug);
      if (changed.has('token')) this.#applyCredentials();
      if (changed.has('worker')) socketTransportOf(this.services?.socket)?.setMode(this.worker);
    }
  }

  #applyCredentials(): void {
    const auth = this.services?.auth;
    if (!auth) return;
    // Only a provider that was given credentials touches them: another provider on the same feed may own them.
    if (this.getToken !== undefined || this.#hadCredentials) auth.setGetter(this.getToken);
    if (this.token !== undefined || this.#hadCredentials) auth.setToken(this.token);
    this.#hadCredentials ||= this.getToken !== undefined || this.token !== undefined;
  }

  #hadCredentials = false;


  protected override updated(changed: PropertyValues<this>): void {
    // workbox-window loads only for a `pwa` provider.
    if (this.pwa && (changed.has('pwa') || changed.has('swUrl'))) {
      const url = this.swUrl;
      loadServiceWorkerRegistration().then(
        ({ registerServiceWorker }) => registerServiceWorker({ url }),
        (error: unknown) => console.error('crypto-risk-widgets: could not load the service worker registration.', error),
      );
    }
  }

  #build(): void {
    const previous = this.#release;
    const acquired = acquireDataServices({
      apiUrl: this.apiUrl,
      wsUrl: this.wsUrl,
      pollIntervalMs: positiveInteger(this.pollInterval, DEFAULT_POLL_INTERVAL_MS, 'poll-interval', this),
      maxReconnectAttempts: positiveInteger(this.maxReconnectAttempts, DEFAULT_MAX_RECONNECT_ATTEMPTS, 'max-reconnect-attempts', this),
      flags: { realtime: !this.noRealtime, performanceMonitoring: this.performanceMonitoring, debug: this.debug, pwa: this.pwa },
      ...(this.client ? { socket: this.client } : {}),
      ...(this.apiClient ? { api: this.apiClient } : {}),
      ...(this.queryClient ? { queryClient: this.queryClient } : {}),
      ...(this.id ? { logLabel: this.id } : {}),
      ...(this.token !== undefined ? { token: this.token } : {}),
      ...(this.getToken !== undefined ? { getToken: this.getToken } : {}),
      worker: this.worker,
    });
    this.#hadCredentials ||= this.getToken !== undefined || this.token !== undefined;
    const { services, release } = acquired;
    this.#acquired = acquired;
    this.#release = release;
    this.#provider.setValue(services);
    offerPageDefault(this, services);
    // Release after the new services hold their references, so a shared socket is not torn down and rebuilt.
    previous?.();
  }

  /**
   * Also waits for the widget updates waiting in the page's time-sliced update queue when the
   * provider finished (its widgets' first renders, and their reaction to its services), so
   * `await provider.updateComplete` still means the widgets inside have rendered.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    await sharedUpdateScheduler().whenIdle();
    return complete;
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
