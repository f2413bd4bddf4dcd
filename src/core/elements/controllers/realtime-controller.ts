import { signal } from '@lit-labs/signals';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Alert, PortfolioLive, Price, RiskMetrics } from '../../protocol/index.js';
import type { SubscriptionHandle, WebSocketClient } from '../../socket/index.js';
import type { DataServicesController } from './data-services-controller.js';
import { showAlertNotification } from '../../pwa/alert-notification.js';

export interface RealtimeControllerOptions {
  /** Stream prices. `true` for every asset, or the asset ids to follow. Default true. */
  enablePriceUpdates?: boolean | string[];
  /** Stream the value of each portfolio passed to `subscribe()`. Default true. */
  enablePortfolioUpdates?: boolean;
  /** Stream the risk metrics of each portfolio passed to `subscribe()`. Default true. */
  enableRiskMetricsUpdates?: boolean;
  /** Stream alerts. Default true. */
  enableAlerts?: boolean;
  /**
   * Show a system notification for each new alert when the page has permission. Default false.
   * It goes through the service worker when there is one, under the same tag as a pushed
   * notification, so an alert notifies once however it arrives.
   */
  showNotifications?: boolean;
  /** Start the connection when the host connects and the socket is idle or closed. Default true. */
  autoReconnect?: boolean;
  /** Most alerts kept in `getLatestUpdates().alerts`. Default 100. */
  maxAlerts?: number;
}

/** Everything the controller has seen, latest value per key. */
export interface LatestUpdates {
  prices: ReadonlyMap<string, Price>;
  portfolios: ReadonlyMap<string, PortfolioLive>;
  risk: ReadonlyMap<string, RiskMetrics>;
  /** Newest first. */
  alerts: readonly Alert[];
  /** When the last update of any kind arrived (epoch ms), or null. */
  lastUpdateAt: number | null;
}

/**
 * The library's counterpart of a `useRealTimeData` hook: subscribes a host to the channels it
 * asks for and keeps the latest value of each. Fires `crw-realtime-alert` (bubbling, composed)
 * on the host for every new alert, so pages can show their own notifications.
 */
export class RealtimeController implements ReactiveController {
  /** The latest updates, as a signal, so reading hosts re-render when they change. */
  readonly latest = signal<LatestUpdates>({ prices: new Map(), portfolios: new Map(), risk: new Map(), alerts: [], lastUpdateAt: null });

  readonly #options: Required<Omit<RealtimeControllerOptions, 'enablePriceUpdates'>> & { enablePriceUpdates: boolean | string[] };
  readonly #portfolioIds = new Set<string>();
  #socket: WebSocketClient | null = null;
  #handles = new Map<string, SubscriptionHandle>();
  #offListeners: Array<() => void> = [];
  #stopWatching: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly data: DataServicesController,
    options: RealtimeControllerOptions = {},
  ) {
    this.#options = {
      enablePriceUpdates: options.enablePriceUpdates ?? true,
      enablePortfolioUpdates: options.enablePortfolioUpdates ?? true,
      enableRiskMetricsUpdates: options.enableRiskMetricsUpdates ?? true,
      enableAlerts: options.enableAlerts ?? true,
      showNotifications: options.showNotifications ?? false,
      autoReconnect: options.autoReconnect ?? true,
      maxAlerts: options.maxAlerts ?? 100,
    };
    host.addController(this);
  }

  /** Follows a portfolio's value and risk (as enabled). */
  subscribe(portfolioId: string): void {
    this.#portfolioIds.add(portfolioId);
    this.#syncPortfolio(portfolioId);
  }

  /** Stops following a portfolio. */
  unsubscribe(portfolioId: string): void {
    this.#portfolioIds.delete(portfolioId);
    for (const channel of ['portfolio_updates', 'risk_metrics_updates']) this.#drop(`${channel}:${portfolioId}`);
  }

  /** A snapshot of the latest updates. */
  getLatestUpdates(): LatestUpdates {
    return this.latest.get();
  }

  hostConnected(): void {
    this.#stopWatching = this.data.watch((services) => this.#attach(services?.socket ?? null));
  }

  hostDisconnected(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.#attach(null);
  }

  #attach(socket: WebSocketClient | null): void {
    if (socket === this.#socket) return;
    for (const off of this.#offListeners) off();
    for (const handle of this.#handles.values()) handle.unsubscribe();
    this.#offListeners = [];
    this.#handles.clear();
    this.#socket = socket;
    if (!socket) return;

    const o = this.#options;
    const prices = Array.isArray(o.enablePriceUpdates) ? new Set(o.enablePriceUpdates) : null;
    if (o.enablePriceUpdates) {
      this.#hold('prices', () => socket.subscribe('price_updates', prices ? { assetIds: [...prices] } : {}));
      this.#offListeners.push(socket.on('price_update', (m) => {
        if (!prices || prices.has(m.data.assetId)) this.#update((u) => ({ ...u, prices: new Map(u.prices).set(m.data.assetId, m.data) }));
      }));
    }
    if (o.enablePortfolioUpdates) {
      this.#offListeners.push(socket.on('portfolio_update', (m) => {
        if (this.#portfolioIds.has(m.data.portfolioId)) this.#update((u) => ({ ...u, portfolios: new Map(u.portfolios).set(m.data.portfolioId, m.data) }));
      }));
    }
    if (o.enableRiskMetricsUpdates) {
      this.#offListeners.push(socket.on('risk_metrics_update', (m) => {
        if (this.#portfolioIds.has(m.data.portfolioId)) this.#update((u) => ({ ...u, risk: new Map(u.risk).set(m.data.portfolioId, m.data) }));
      }));
    }
    if (o.enableAlerts) {
      this.#hold('alerts', () => socket.subscribe('alerts'));
      this.#offListeners.push(socket.on('alert', (m) => this.#onAlert(m.data)));
    }
    for (const id of this.#portfolioIds) this.#syncPortfolio(id);
    const state = socket.getConnectionStatus().state;
    if (o.autoReconnect && (state === 'idle' || state === 'closed')) socket.connect().catch(() => {});
  }

  #syncPortfolio(portfolioId: string): void {
    const socket = this.#socket;
    if (!socket) return;
    if (this.#options.enablePortfolioUpdates) this.#hold(`portfolio_updates:${portfolioId}`, () => socket.subscribe('portfolio_updates', { portfolioId }));
    if (this.#options.enableRiskMetricsUpdates) this.#hold(`risk_metrics_updates:${portfolioId}`, () => socket.subscribe('risk_metrics_updates', { portfolioId }));
  }

  #hold(name: string, open: () => SubscriptionHandle): void {
    if (!this.#handles.has(name)) this.#handles.set(name, open());
  }

  #drop(name: string): void {
    this.#handles.get(name)?.unsubscribe();
    this.#handles.delete(name);
  }

  #update(change: (latest: LatestUpdates) => LatestUpdates): void {
    this.latest.set({ ...change(this.latest.get()), lastUpdateAt: Date.now() });
  }

  #onAlert(alert: Alert): void {
    const { alerts } = this.latest.get();
    if (alerts.some((a) => a.id === alert.id)) return;
    this.#update((u) => ({ ...u, alerts: [alert, ...u.alerts].slice(0, this.#options.maxAlerts) }));
    this.host.dispatchEvent(new CustomEvent('crw-realtime-alert', { detail: { alert }, bubbles: true, composed: true }));
    if (this.#options.showNotifications) void showAlertNotification(alert);
  }
}
