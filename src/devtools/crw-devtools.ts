import { signal } from '@lit-labs/signals';
import { onlineManager } from '@tanstack/query-core';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { CrwWidget } from '../widgets/shared/crw-widget.js';
import { themeStyles } from '../widgets/shared/theme.styles.js';
import { devtoolsStyles } from './crw-devtools.styles.js';
import { FrameRecorder } from './frame-recorder.js';
import { devtoolsSections, onDevtoolsSectionsChange, type DevtoolsSection } from './sections.js';
import { socketInspector } from './socket-inspector.js';
import { defaultSwSource, parseSwReport, swInspector, type SwInspection, type SwInspectSource } from './sw-inspector.js';

type QueryPanel = { mount(el: HTMLElement): void; unmount(): void; setClient(client: never): void };

const BUILT_IN = [
  { id: 'query', label: 'Query cache' },
  { id: 'socket', label: 'Socket' },
  { id: 'performance', label: 'Performance' },
] as const;
const SW_TAB = { id: 'sw', label: 'Service worker' };

/** Fired when the user closes the panel with its close button or Escape. */
export class DevtoolsCloseEvent extends Event {
  static readonly eventName = 'crw-devtools-close';
  constructor() {
    super(DevtoolsCloseEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crw-devtools-close': DevtoolsCloseEvent;
  }
}

/**
 * Developer tools for the provider's feed, in a panel docked to the bottom of the page:
 * TanStack Query devtools on the provider's query cache, a socket inspector (state,
 * subscriptions with their stream positions, counters, the last frames with a filter, a ping
 * button), the performance dashboard, the service worker (state, version, scope, caches with
 * their URLs, queued and refused offline edits, a Refresh button), and sections other modules
 * register through `registerDevtoolsSection`. Loaded from its own entry,
 * `crypto-risk-widgets/devtools`, so no main bundle carries it.
 *
 * @summary Query, socket, performance and service-worker inspection for developers.
 * @tagname crw-devtools
 *
 * @fires crw-devtools-close - The user closed the panel (close button or Escape); `open` is already false.
 *
 * @csspart base - The whole panel.
 * @csspart header - Title, tabs and the close button.
 * @csspart tab - A tab button.
 * @csspart close - The close button.
 * @csspart socket-state - The socket's state line.
 * @csspart ping - The ping button.
 * @csspart subscriptions - The subscriptions table.
 * @csspart stats - The socket's counters.
 * @csspart filter - The frame filter.
 * @csspart frames - The recorded frames, newest first.
 * @csspart sw-refresh - The service-worker tab's Refresh button.
 * @csspart sw-state - The service worker's state, version and scope (or why there is none).
 * @csspart sw-caches - The worker's caches, each with its entry count and URLs.
 * @csspart sw-queued - The offline edits waiting to be sent.
 * @csspart sw-failures - The offline edits the server refused.
 *
 * @cssprop --crw-devtools-height - Height of the docked panel (default 45vh).
 * @cssprop --crw-devtools-z-index - Stacking order of the docked panel.
 */
export class CrwDevtools extends CrwWidget {
  static override styles = [themeStyles, devtoolsStyles];

  /** Whether the panel is shown. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Show in the page's flow instead of docked to the bottom of the window. */
  @property({ type: Boolean, reflect: true }) inline = false;

  /** The tab shown: `query`, `socket`, `performance`, `sw`, or a registered section's id. */
  @property({ reflect: true }) tab = 'socket';

  /**
   * Where the Service worker tab reads the worker's report and the offline edit queue. Default:
   * the page's worker asked through `pwaController()` (`CRW_INSPECT`), and `offlineEdits()`.
   */
  @property({ attribute: false }) swSource: SwInspectSource = defaultSwSource;

  /** Frames kept by the socket inspector. */
  @property({ type: Number, attribute: 'max-frames' }) maxFrames = 200;

  #frameVersion = signal(0);
  #recorder = new FrameRecorder(200, () => this.#frameVersion.set(this.#frameVersion.get() + 1));
  #filter = signal('');
  #ping = signal('');
  #sections = signal<DevtoolsSection[]>(devtoolsSections());
  #stopSections: (() => void) | null = null;
  #stopWatching: (() => void) | null = null;
  #queryPanel: QueryPanel | null = null;
  #queryLoading: Promise<void> | null = null;
  #mountedSection: { id: string; cleanup: () => void } | null = null;
  #sw = signal<SwInspection>({ status: 'idle' });
  #swEditsVersion = signal(0);
  #swEditsSource: SwInspectSource['edits'] | null = null;
  #onSwEdits = () => this.#swEditsVersion.set(this.#swEditsVersion.get() + 1);

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopSections = onDevtoolsSectionsChange(() => this.#sections.set(devtoolsSections()));
    this.#stopWatching = this.data.watch((services) => {
      if (services?.socket) this.#recorder.attach(services.socket);
      else this.#recorder.detach();
      if (services) this.#queryPanel?.setClient(services.queryClient as never);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopSections?.();
    this.#stopWatching?.();
    this.#recorder.detach();
    this.#queryPanel?.unmount();
    this.#queryPanel = null;
    this.#queryLoading = null;
    this.#unmountSection();
    this.#watchSwEdits(null);
    this.#sw.set({ status: 'idle' });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('maxFrames')) {
      const n = this.maxFrames;
      if (!Number.isInteger(n) || n < 1) this.reportBadAttribute('max-frames', `max-frames="${n}" is not a whole number of at least 1; using 200`);
      this.#recorder.limit = Number.isInteger(n) && n > 0 ? n : 200;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.open) return;
    if (this.tab === 'query') void this.#showQueryPanel();
    if (changed.has('swSource')) this.#sw.set({ status: 'idle' });
    if (this.tab === SW_TAB.id && this.#sw.get().status === 'idle' && !this.#sections.get().some((s) => s.id === SW_TAB.id)) void this.refreshServiceWorker();
    this.#syncSection();
  }

  /** Every tab, built-in and registered, in order. */
  get tabs(): Array<{ id: string; label: string }> {
    const sections = this.#sections.get();
    const hasSw = sections.some((s) => s.id === SW_TAB.id);
    return [...BUILT_IN, ...(hasSw ? [] : [SW_TAB]), ...sections.map((s) => ({ id: s.id, label: s.label }))];
  }

  /** Closes the panel as the user would, firing `crw-devtools-close`. */
  close(): void {
    this.open = false;
    this.dispatchEvent(new DevtoolsCloseEvent());
  }

  /** Asks the service worker for its report and reads the offline edit queue again (the tab's Refresh button). */
  async refreshServiceWorker(): Promise<void> {
    const source = this.swSource;
    this.#watchSwEdits(source.edits);
    this.#sw.set({ status: 'loading' });
    const controller = source.controller();
    let report = null;
    let error: string | undefined;
    try {
      const [answer] = await Promise.all([
        controller && controller !== 'unsupported' ? source.inspect() : null,
        source.edits.refresh().catch((err: unknown) => console.warn('[crypto-risk-widgets] could not read the offline edit queue', err)),
      ]);
      report = parseSwReport(answer);
      if (answer != null && !report) error = 'its answer is not a crypto-risk-widgets report';
    } catch (err) {
      error = (err as Error).message;
    }
    if (source !== this.swSource) return;
    this.#sw.set({ status: 'done', controller, report, error, at: Date.now() });
  }

  #watchSwEdits(edits: SwInspectSource['edits'] | null): void {
    if (this.#swEditsSource === edits) return;
    this.#swEditsSource?.removeEventListener('change', this.#onSwEdits);
    this.#swEditsSource = edits;
    edits?.addEventListener('change', this.#onSwEdits);
  }

  async #showQueryPanel(): Promise<void> {
    const services = this.data.current;
    const host = this.renderRoot.querySelector<HTMLElement>('.query-host');
    if (!services || !host || this.#queryLoading) return;
    this.#queryLoading = import('@tanstack/query-devtools').then(({ TanstackQueryDevtoolsPanel }) => {
      if (!this.isConnected) return;
      // query-devtools pins its own query-core patch release; the two copies' classes differ only in
      // their private fields, and the panel only calls the client's public methods.
      const panel: QueryPanel = new TanstackQueryDevtoolsPanel({
        client: services.queryClient as never,
        queryFlavor: 'crypto-risk-widgets',
        version: '5',
        onlineManager: onlineManager as never,
        shadowDOMTarget: this.renderRoot as ShadowRoot,
        theme: this.theme === 'auto' ? 'system' : this.theme,
        onClose: () => this.close(),
      });
      panel.mount(host);
      this.#queryPanel = panel;
    }, (error: unknown) => {
      // An optional peer dependency: say what is missing rather than leaving the tab blank.
      host.textContent = 'The query panel needs @tanstack/query-devtools: npm install @tanstack/query-devtools';
      console.warn('[crypto-risk-widgets] could not load @tanstack/query-devtools', error);
    });
    await this.#queryLoading;
  }

  #syncSection(): void {
    const section = this.#sections.get().find((s) => s.id === this.tab);
    if (this.#mountedSection?.id === section?.id) return;
    this.#unmountSection();
    const container = this.renderRoot.querySelector<HTMLElement>('.section-host');
    if (!section || !container) return;
    try {
      this.#mountedSection = { id: section.id, cleanup: section.mount(container, this.data.current) };
    } catch (err) {
      container.textContent = `The "${section.label}" section failed to render: ${(err as Error).message}`;
    }
  }

  #unmountSection(): void {
    try {
      this.#mountedSection?.cleanup();
    } finally {
      this.#mountedSection = null;
    }
  }

  async #doPing(): Promise<void> {
    const socket = this.data.current?.socket;
    if (!socket) return;
    this.#ping.set('Pinging…');
    try {
      this.#ping.set(`Round trip ${Math.round(await socket.ping())} ms`);
    } catch (err) {
      this.#ping.set(`Ping failed: ${(err as Error).message}`);
    }
  }

  #onTabKey(event: KeyboardEvent): void {
    const ids = this.tabs.map((t) => t.id);
    const at = ids.indexOf(this.tab);
    const to = event.key === 'ArrowRight' ? (at + 1) % ids.length : event.key === 'ArrowLeft' ? (at - 1 + ids.length) % ids.length : -1;
    if (to < 0) return;
    event.preventDefault();
    this.tab = ids[to]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[role="tab"][data-tab="${this.tab}"]`)?.focus());
  }

  #renderPanel() {
    const services = this.data.services.get();
    if (!services) return html`<p class="empty" role="alert">No data source: place this inside &lt;crypto-data-provider&gt; or call configure().</p>`;
    switch (this.tab) {
      case 'query':
        return html`<div class="query-host"></div>`;
      case 'socket':
        this.#frameVersion.get();
        this.clock.now.get(); // the counters and state change without events of their own
        return socketInspector({
          socket: services.socket,
          frames: this.#recorder.frames,
          filter: this.#filter.get(),
          pingResult: this.#ping.get(),
          onFilter: (value) => this.#filter.set(value),
          onPing: () => void this.#doPing(),
          onClear: () => this.#recorder.clear(),
          time: (ms) => this.format.time(ms),
        });
      case 'performance':
        return html`<perf-monitor theme=${this.theme} locale=${this.locale}></perf-monitor>`;
      default:
        if (this.#sections.get().some((s) => s.id === this.tab)) return html`<div class="section-host"></div>`;
        if (this.tab === SW_TAB.id) {
          this.#swEditsVersion.get();
          return swInspector({
            inspection: this.#sw.get(),
            edits: this.swSource.edits.state,
            onRefresh: () => void this.refreshServiceWorker(),
            time: (ms) => this.format.time(ms),
          });
        }
        return html`<p class="empty">Unknown tab "${this.tab}".</p>`;
    }
  }

  protected override render() {
    if (!this.open) return nothing;
    const tabs = this.tabs;
    return html`<section part="base" aria-label="crypto-risk-widgets developer tools" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.close()}>
      <div part="header">
        <span class="title">crypto-risk-widgets devtools</span>
        <div role="tablist" aria-label="Tools" @keydown=${this.#onTabKey}>
          ${tabs.map((t) => html`<button part="tab" role="tab" id="tab-${t.id}" data-tab=${t.id} aria-selected=${this.tab === t.id ? 'true' : 'false'}
            aria-controls="panel" tabindex=${this.tab === t.id ? 0 : -1} @click=${() => (this.tab = t.id)}>${t.label}</button>`)}
        </div>
        <button part="close" aria-label="Close developer tools" @click=${() => this.close()}>×</button>
      </div>
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.tab}" data-tab=${this.tab} tabindex="0">${this.#renderPanel()}</div>
      ${this.renderLiveRegion()}
    </section>`;
  }
}
