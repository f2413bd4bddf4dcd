import { signal } from '@lit-labs/signals';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { PerformanceController, type PerformanceAlert } from '../../core/elements/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { PerfAlertEvent, PerfOptimizeEvent } from './events.js';
import { figureGroups, renderAlert, renderFigure } from './figures.js';
import { perfMonitorStyles } from './perf-monitor.styles.js';

/**
 * A live performance dashboard for the feed of its provider: API response times, the live
 * feed's rate, bytes, lag and clock offset, main-thread jank and frame rate, memory, the query
 * cache's hit rate and size, web vitals, the per-endpoint table, active alerts and an "Optimize
 * cache" button. It shows the provider's `PerformanceMonitor`, which runs while the provider has
 * `performance-monitoring`; until then it says how to turn it on.
 *
 * @summary Live performance figures, small charts, alerts and cache optimisation.
 * @tagname perf-monitor
 *
 * @fires crw-perf-alert - A performance alert fired or cleared. `detail: { alert, state: 'fired' | 'cleared' }`.
 * @fires crw-perf-optimize - "Optimize cache" ran. `detail: { result }` (removed queries, estimated bytes freed, trimmed samples).
 *
 * @csspart base - The whole dashboard.
 * @csspart header - Title, sampling state and the button.
 * @csspart optimize - The "Optimize cache" button.
 * @csspart notice - What the last optimisation did, or how to turn monitoring on.
 * @csspart groups - The grid of figure groups.
 * @csspart group - One group of figures (API, live feed, main thread, memory, query cache, web vitals).
 * @csspart figure - One figure: label, value and its chart.
 * @csspart value - A figure's value.
 * @csspart chart - A figure's small chart of recent samples.
 * @csspart endpoints - The per-endpoint table.
 * @csspart alerts - The list of active alerts.
 * @csspart alert - One alert (also `alert warning|critical`).
 * @csspart severity - An alert's severity icon and word.
 * @csspart alert-title - An alert's title.
 *
 * @cssprop --crw-perf-monitor-columns - Minimum width of a figure group's column.
 * @cssprop --crw-perf-monitor-chart - Colour of the small charts (default `--crw-color-accent`).
 * @cssprop --crw-perf-monitor-warning - Accent of warnings (default `--crw-color-warning`).
 * @cssprop --crw-perf-monitor-critical - Accent of critical alerts (default `--crw-color-critical`).
 */
export class PerfMonitor extends CrwWidget {
  static override styles = [themeStyles, perfMonitorStyles];

  /** Accessible name of the dashboard. */
  @property() label = 'Performance';

  /** Hide the per-endpoint table. */
  @property({ type: Boolean, attribute: 'no-endpoints', reflect: true }) noEndpoints = false;

  #perf = new PerformanceController(this, this.data, { summary: true, load: true });
  #notice = signal('');
  #stopEvents: (() => void) | null = null;
  #watching: unknown;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopEvents?.();
    this.#stopEvents = null;
    this.#watching = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const monitor = this.#perf.monitor;
    if (monitor === this.#watching) return;
    this.#stopEvents?.();
    this.#stopEvents = null;
    this.#watching = monitor;
    if (!monitor) return;
    const forward = (state: 'fired' | 'cleared') => (alert: PerformanceAlert) => {
      this.dispatchEvent(new PerfAlertEvent({ alert, state }));
      this.announcer.announce(state === 'fired' ? `Performance alert: ${alert.title}` : `Cleared: ${alert.title}`);
    };
    const offs = [monitor.on('alert', forward('fired')), monitor.on('alertcleared', forward('cleared'))];
    this.#stopEvents = () => offs.forEach((off) => off());
  }

  /** Runs the monitor's `optimizeCache()` (as the button does) and reports the result. */
  optimize(): void {
    const monitor = this.#perf.monitor;
    if (!monitor) return;
    const result = monitor.optimizeCache('manual');
    const freed = result.freedBytesEstimate >= 1024 ? `${this.format.number(result.freedBytesEstimate / 1024, 1)} KiB` : `${this.format.number(result.freedBytesEstimate, 0)} B`;
    const text = result.removedQueries
      ? `Removed ${this.format.number(result.removedQueries, 0)} unused ${result.removedQueries === 1 ? 'query' : 'queries'} (about ${freed}) and trimmed ${this.format.number(result.trimmedSamples, 0)} old samples.`
      : `Nothing unused to remove; trimmed ${this.format.number(result.trimmedSamples, 0)} old samples.`;
    this.#notice.set(text);
    this.announcer.announce(text);
    this.dispatchEvent(new PerfOptimizeEvent({ result }));
  }

  protected override render() {
    const summary = this.#perf.summary.get();
    const services = this.data.services.get();
    const running = this.#perf.running.get();
    const notice = this.#notice.get();
    const state = !services ? 'error' : running ? (summary?.history.length ? 'live' : 'loading') : 'stopped';
    return html`<section part="base" aria-label=${this.label} data-state=${state} aria-busy=${state === 'loading' ? 'true' : 'false'}>
      <div part="header">
        <span class="heading">${this.label}</span>
        <span class="sampling">${!services
          ? ''
          : running
            ? `Sampling every ${this.format.number((summary?.sampleRateMs ?? 5000) / 1000, 1)} s`
            : 'Monitoring is off'}</span>
        <button part="optimize" ?disabled=${!services} @click=${() => this.optimize()}>Optimize cache</button>
      </div>
      ${!services
        ? html`<p part="notice" class="status status--error" role="alert">No data source: place this widget inside &lt;crypto-data-provider&gt; or call configure().</p>`
        : !running && !summary?.history.length
          ? html`<p part="notice">Turn on <code>performance-monitoring</code> on the &lt;crypto-data-provider&gt; to see live figures.</p>`
          : nothing}
      ${notice ? html`<p part="notice" class="done">${notice}</p>` : nothing}
      ${summary && summary.history.length ? this.#renderBody() : running ? html`<p class="waiting">Collecting the first sample…</p>` : nothing}
      ${this.renderLiveRegion()}
    </section>`;
  }

  #renderBody() {
    const summary = this.#perf.summary.get()!;
    const alerts = this.#perf.alerts.get();
    return html`
      <section class="alerts-section" aria-label="Active performance alerts">
        ${alerts.length
          ? html`<ul part="alerts">${repeat(alerts, (a) => `${a.id}@${a.firedAt}`, (a) => renderAlert(a, this.format))}</ul>`
          : html`<p class="calm">No active alerts.</p>`}
      </section>
      <div part="groups">
        ${figureGroups(summary, this.format).map((group) => html`<section part="group" aria-label=${group.title}>
          <h3>${group.title}</h3>
          <dl>${group.figures.map(renderFigure)}</dl>
        </section>`)}
      </div>
      ${this.noEndpoints || !summary.api.endpoints.length
        ? nothing
        : html`<table part="endpoints">
            <caption>Response times per endpoint since monitoring started</caption>
            <thead><tr><th scope="col">Endpoint</th><th scope="col">Calls</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">Max</th><th scope="col">Errors</th></tr></thead>
            <tbody>${summary.api.endpoints.map((e) => html`<tr data-endpoint=${e.endpoint}>
              <th scope="row">${e.endpoint}</th>
              <td>${this.format.number(e.count, 0)}</td>
              <td>${e.p50Ms === null ? 'n/a' : `${this.format.number(e.p50Ms, 0)} ms`}</td>
              <td>${e.p95Ms === null ? 'n/a' : `${this.format.number(e.p95Ms, 0)} ms`}</td>
              <td>${e.maxMs === null ? 'n/a' : `${this.format.number(e.maxMs, 0)} ms`}</td>
              <td>${this.format.number(e.errors, 0)}</td>
            </tr>`)}</tbody>
          </table>`}`;
  }
}
