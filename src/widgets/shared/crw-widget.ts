import { SignalWatcher } from '@lit-labs/signals';
import type { QueryObserverResult } from '@tanstack/query-core';
import { html, isServer, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ConnectionStatusController, DataServicesController, RenderRateController } from '../../core/elements/index.js';
import { AnnouncerController } from './announcer-controller.js';
import { ClockController } from './clock-controller.js';
import { FormatController } from './format-controller.js';
import { themeStyles } from './theme.styles.js';
import { sharedUpdateScheduler } from '../../core/elements/update-scheduler.js';
import { stopWatching, whenNearViewport } from './near-viewport.js';
import { deriveViewState, type ViewState } from './view-state.js';

export type Theme = 'light' | 'dark' | 'auto';
const THEMES: readonly Theme[] = ['light', 'dark', 'auto'];
export type Loading = 'eager' | 'lazy';

/**
 * What every widget shares: the data services (provider or page default), the connection
 * status, Intl formatting, a one-second clock, a throttled live region, theming and the status
 * line that shows loading, live, stale, reconnecting, polling, offline and error.
 *
 * @cssprop --crw-theme-font-family - Font of every widget (shared theme token).
 * @cssprop --crw-theme-font-size - Base font size (shared theme token).
 * @cssprop --crw-theme-radius - Corner radius (shared theme token).
 * @cssprop --crw-theme-space - Base spacing unit (shared theme token).
 * @cssprop --crw-theme-bg - Background colour (shared theme token).
 * @cssprop --crw-theme-surface - Colour of raised surfaces (shared theme token).
 * @cssprop --crw-theme-text - Text colour (shared theme token).
 * @cssprop --crw-theme-muted - Colour of secondary text (shared theme token).
 * @cssprop --crw-theme-border - Border colour (shared theme token).
 * @cssprop --crw-theme-accent - Accent colour: links, focus, selection (shared theme token).
 * @cssprop --crw-theme-up - Colour of rises (shared theme token).
 * @cssprop --crw-theme-down - Colour of falls (shared theme token).
 * @cssprop --crw-theme-warning - Colour of warnings (shared theme token).
 * @cssprop --crw-theme-critical - Colour of critical states (shared theme token).
 * @cssprop --crw-theme-focus - Focus ring colour (shared theme token).
 *
 * @csspart status - The connection / freshness status line.
 * @csspart error - The status line when it shows an error (with `status`).
 * @csspart retry - The retry button of the error state.
 */
export abstract class CrwWidget extends SignalWatcher(LitElement) {
  static override styles = [themeStyles];

  // Declared first: the property setters below already read it (requestUpdate) as they initialise.
  /** Lit's part of connecting (controllers, signals, updates) has run for this connection. */
  #started = false;

  /** Colour scheme: `light`, `dark`, or `auto` to follow the system. */
  @property({ reflect: true }) theme: Theme = 'auto';

  /** BCP 47 locale for numbers and times. Default: the page's language (`<html lang>`, followed when it changes). */
  @property({ reflect: true, useDefault: true }) locale = '';

  /** ISO 4217 currency for money. */
  @property({ reflect: true, useDefault: true }) currency = 'USD';

  /** Seconds without an update after which data is shown as stale. */
  @property({ type: Number, attribute: 'stale-after', reflect: true, useDefault: true }) staleAfter = 30;

  /**
   * `lazy`: the widget starts (asks for its data, subscribes and renders) only once it comes
   * within half a screen of the viewport, or the page is printed, like `<img loading="lazy">`.
   * Until then it has no content and no size of its own: reserve its space with CSS. For widgets
   * below the fold, whose first render and live updates would otherwise compete with the first
   * screen's. `eager`: at once. Read when the widget connects; setting `eager` later starts it.
   */
  @property({ reflect: true, useDefault: true }) loading: Loading = 'eager';

  /** @internal */
  protected readonly data = new DataServicesController(this, { sliced: true });
  /** @internal */
  protected readonly connection = new ConnectionStatusController(this, this.data);
  /** @internal */
  protected readonly format = new FormatController(this, () => ({ locale: this.locale, currency: this.currency }), () => this.formatChanged());
  /** @internal */
  protected readonly clock = new ClockController(this);
  /** @internal */
  protected readonly announcer = new AnnouncerController(this);
  /** @internal */
  protected readonly renderRate = new RenderRateController(this, this.data);

  #reported = new Set<string>();

  /**
   * The locale or currency in effect changed (an attribute, or the page's `<html lang>`); called in
   * the update, before `render()`. Widgets whose rows render on their own (per-row signals)
   * rebuild them here.
   * @internal
   */
  protected formatChanged(): void {}

  override connectedCallback(): void {
    if (this.loading === 'lazy' && !isServer) {
      whenNearViewport(this, () => this.#start());
      return;
    }
    if (this.loading !== 'eager') this.reportBadAttribute('loading', `loading="${this.loading}" is not eager or lazy; using eager`);
    this.#start();
  }

  #start(): void {
    if (this.#started || !this.isConnected) return;
    this.#started = true;
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    stopWatching(this);
    if (!this.#started) return;
    this.#started = false;
    super.disconnectedCallback();
  }

  override requestUpdate(...args: Parameters<LitElement['requestUpdate']>): void {
    super.requestUpdate(...args);
    // A lazy widget told to load now, before it came near the viewport.
    if (args[0] === 'loading' && this.loading !== 'lazy' && this.isConnected && !this.#started) {
      stopWatching(this);
      this.#start();
    }
  }

  /**
   * Updates share the page's cooperative scheduler: once a task has spent its few ms on widget
   * updates, the next widget's update waits for a later task, so a dozen widgets rendering at
   * once (first render, a restored cache, a live flush) never make one long task.
   * `updateComplete` still resolves after this widget's update.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return sharedUpdateScheduler().schedule(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('theme') && !THEMES.includes(this.theme)) {
      this.reportBadAttribute('theme', `theme="${this.theme}" is not light, dark or auto; using auto`);
      this.theme = 'auto';
    }
    if (changed.has('locale') || changed.has('currency')) {
      for (const problem of this.format.invalidSettings()) this.reportBadAttribute('format', `${problem}; using the default`);
    }
  }

  /** Logs a wrong attribute once per value, naming the element. */
  protected reportBadAttribute(name: string, message: string): void {
    const key = `${name}:${message}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    console.error(`<${this.localName}>: ${message}.`);
  }

  /** The state this widget's main query puts it in. */
  protected viewState(result: QueryObserverResult<unknown, Error> | undefined): ViewState {
    return deriveViewState({
      result,
      status: this.connection.status.get(),
      // A server render has no feed yet: it shows the loading state the browser hydrates from.
      hasServices: isServer || this.data.services.get() !== undefined,
      now: this.clock.now.get(),
      staleAfterMs: Math.max(1, this.staleAfter) * 1000,
      online: typeof navigator === 'undefined' ? true : navigator.onLine,
    });
  }

  /** A person-readable line for the state, with a retry button where one helps. */
  protected renderStatus(state: ViewState, result: QueryObserverResult<unknown, Error> | undefined, retry: () => void): TemplateResult | typeof nothing {
    const status = this.connection.status.get();
    const updatedAt = result?.dataUpdatedAt ?? 0;
    // Only the states that show an age format one (and read the clock): a live widget re-renders
    // on data, not every second, and a page that stays live never builds a relative-time formatter.
    const since = () => (updatedAt ? this.format.relativeTime(updatedAt, this.clock.now.get()) : '');
    switch (state) {
      case 'live': {
        // Frames ran over budget, so live data is written less often (values stay exact).
        const hz = this.renderRate.hz.get();
        return html`<span part="status" class="status status--live" data-state="live" data-rate=${hz}><span class="dot" aria-hidden="true"></span>Live${hz < 60 ? ` · ${hz} updates/s to keep up` : ''}</span>`;
      }
      case 'loading':
        return html`<span part="status" class="status" data-state="loading">Loading…</span>`;
      case 'stale':
        return html`<span part="status" class="status status--stale" data-state="stale">Updated ${since()}</span>`;
      case 'reconnecting': {
        const next = status?.nextRetryAt ? Math.max(0, Math.ceil((status.nextRetryAt - this.clock.now.get()) / 1000)) : null;
        return html`<span part="status" class="status status--warn" data-state="reconnecting">Reconnecting${status?.attempt ? ` (attempt ${status.attempt}${next !== null ? `, next try in ${next} s` : ''})` : ''}… showing data from ${since()}</span>`;
      }
      case 'polling':
        return html`<span part="status" class="status" data-state="polling">Refreshing every ${Math.round((this.data.current?.pollIntervalMs ?? 5000) / 1000)} s · updated ${since()}</span>`;
      case 'offline':
        return html`<span part="status" class="status status--warn" data-state="offline">Offline · showing data from ${since()}</span>`;
      case 'error': {
        const message = this.data.services.get()
          ? errorText(result?.error)
          : 'No data source: place this widget inside <crypto-data-provider> or call configure().';
        return html`<span part="status error" class="status status--error" role="alert" data-state="error">${message}
          ${this.data.services.get() ? html`<button part="retry" @click=${retry}>Retry</button>` : nothing}</span>`;
      }
    }
  }

  /** The polite, throttled live region; render it once in the template. */
  protected renderLiveRegion(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcer.message.get()}</div>`;
  }
}

/** A message a person understands, from whatever failed. */
export function errorText(error: unknown): string {
  if (!error) return 'Something went wrong loading this data.';
  const status = (error as { status?: number }).status;
  if (status === 404) return 'Not found: check the id this widget was given.';
  if (status !== undefined && status >= 500) return 'The data service had a problem. Try again in a moment.';
  if ((error as { code?: string }).code === 'network' || error instanceof TypeError) return 'Could not reach the data service. Check your connection.';
  const message = (error as Error).message;
  return message ? `Could not load data: ${message}` : 'Something went wrong loading this data.';
}
