import { signal } from '@lit-labs/signals';
import { MutationObserver } from '@tanstack/query-core';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChannelSubscriptionController, PerformanceController, QueryController, type CryptoDataServices, type PerformanceAlert } from '../../core/elements/index.js';
import type { Alert, AlertSeverity } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { alertFeedStyles } from './alert-feed.styles.js';
import { alertItem, severityBadge, skeletonItems } from './alert-item.js';
import { performanceAlerts } from './performance-alerts.js';
import { AlertEvent } from './events.js';
import { mutationErrorText } from '../shared/mutation-error.js';
import { SEVERITIES, SEVERITY_LABEL } from './severity.js';
import { ToastController } from './toast-controller.js';

export type AlertSeverityFilter = 'all' | AlertSeverity;
const FILTERS: readonly AlertSeverityFilter[] = ['all', ...SEVERITIES];

/** The feed keeps the latest 100 alerts; more cannot be shown. */
const MAX_ITEMS = 100;
/** Toasts visible at once; older ones make way. */
const MAX_TOASTS = 3;

/**
 * The latest alerts, newest first, live from the feed: severity shown by shape and word, a
 * severity filter, acknowledge (saved on the server) and dismiss (hidden here only), and optional
 * toasts for new alerts.
 *
 * @summary Live alerts with acknowledge, dismiss, a severity filter and optional toasts.
 * @tagname alert-feed
 *
 * @fires crw-alert - A new alert arrived from the feed (not for those already listed on load). `detail: { alert }`.
 *
 * @slot header - Replaces the title (default: the `label`).
 * @slot empty - Shown when no alert matches (default: “No alerts.”).
 *
 * @csspart base - The whole feed.
 * @csspart header - The title, counts, filter and status line.
 * @csspart filter - The labelled severity filter.
 * @csspart status - The connection / freshness status.
 * @csspart notice - The message shown when an acknowledgement failed.
 * @csspart list - The list of alerts.
 * @csspart performance - The page's own performance alerts, above the list (while the provider has `performance-monitoring`).
 * @csspart performance-item - One performance alert (also `item` and its severity).
 * @csspart item - One alert (also `item info|warning|critical`, and `acknowledged`).
 * @csspart severity - An alert's severity icon and word.
 * @csspart alert-title - An alert's title.
 * @csspart message - An alert's message.
 * @csspart time - When an alert was raised.
 * @csspart actions - An alert's buttons.
 * @csspart acknowledge - The acknowledge button.
 * @csspart dismiss - The dismiss button.
 * @csspart empty - The text shown when no alert matches.
 * @csspart toasts - The toast region (with `notifications`).
 * @csspart toast - One toast (also `toast info|warning|critical`).
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --crw-alert-feed-gap - Space between alerts.
 * @cssprop --crw-alert-feed-max-height - Height after which the list scrolls.
 * @cssprop --crw-alert-feed-info - Accent of info alerts (default `--crw-color-accent`).
 * @cssprop --crw-alert-feed-warning - Accent of warnings (default `--crw-color-warning`).
 * @cssprop --crw-alert-feed-critical - Accent of critical alerts (default `--crw-color-critical`).
 * @cssprop --crw-alert-feed-toast-width - Width of a toast.
 */
export class AlertFeed extends CrwWidget {
  static override styles = [themeStyles, alertFeedStyles];

  /** Most alerts kept and shown, newest first (1–100). */
  @property({ type: Number, attribute: 'max-items', reflect: true, useDefault: true }) maxItems = MAX_ITEMS;

  /** Which alerts to show: `all`, `critical`, `warning` or `info`. The user changes it with the filter. */
  @property({ reflect: true }) severity: AlertSeverityFilter = 'all';

  /** Show a toast for each new alert (of the filtered severity). */
  @property({ type: Boolean, reflect: true }) notifications = false;

  /** Seconds a toast stays before hiding itself; paused while pointed at or focused. */
  @property({ type: Number, attribute: 'toast-duration', reflect: true, useDefault: true }) toastDuration = 6;

  /** Accessible name of the feed. */
  @property({ reflect: true, useDefault: true }) label = 'Alerts';

  #limit = MAX_ITEMS;
  #toastMs = 6000;
  #alerts = new QueryController<Alert[]>(this, this.data, (s) => s.queries.alerts());
  #subscription = new ChannelSubscriptionController(this, this.data, () => ({ channel: 'alerts' }));
  #toasts = new ToastController(this, () => ({ durationMs: this.#toastMs, max: MAX_TOASTS }));
  #performance = new PerformanceController(this, this.data);
  /** Performance alerts hidden here, by id and firing time (a new firing shows again). */
  #dismissedPerformance = signal<ReadonlySet<string>>(new Set());
  #announcedPerformance = new Set<string>();
  #dismissed = signal<ReadonlySet<string>>(new Set());
  #pending = signal<ReadonlySet<string>>(new Set());
  #notice = signal('');
  /** Ids in the list at the last render; null until the first list arrived (which is not "new"). */
  #seen: Set<string> | null = null;
  #seenFor: CryptoDataServices | undefined;
  #arrivals: Alert[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('maxItems')) {
      const n = this.maxItems;
      if (!Number.isInteger(n) || n < 1) {
        this.reportBadAttribute('max-items', `max-items="${n}" is not a whole number of at least 1; using ${MAX_ITEMS}`);
        this.#limit = MAX_ITEMS;
      } else if (n > MAX_ITEMS) {
        this.reportBadAttribute('max-items', `max-items="${n}" is more than the feed keeps; using ${MAX_ITEMS}`);
        this.#limit = MAX_ITEMS;
      } else this.#limit = n;
    }
    if (changed.has('severity') && !FILTERS.includes(this.severity)) {
      this.reportBadAttribute('severity', `severity="${this.severity}" is not all, critical, warning or info; using all`);
      this.severity = 'all';
    }
    if (changed.has('toastDuration')) {
      const s = this.toastDuration;
      if (!Number.isFinite(s) || s <= 0) this.reportBadAttribute('toast-duration', `toast-duration="${s}" is not a positive number of seconds; using 6`);
      this.#toastMs = Number.isFinite(s) && s > 0 ? s * 1000 : 6000;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.#arrivals.length) return;
    const arrivals = this.#arrivals;
    this.#arrivals = [];
    // After the update, so events, toasts and announcements start a render of their own.
    queueMicrotask(() => this.#deliver(arrivals));
  }

  /** Notes alerts not in the list before; the first list seen is history, not news. */
  #track(alerts: readonly Alert[] | undefined): void {
    const services = this.data.current;
    if (services !== this.#seenFor) {
      this.#seenFor = services;
      this.#seen = null;
    }
    if (!alerts) return;
    const ids = new Set(alerts.map((a) => a.id));
    if (this.#seen) for (const alert of alerts) if (!this.#seen.has(alert.id)) this.#arrivals.push(alert);
    this.#seen = ids;
  }

  #deliver(arrivals: Alert[]): void {
    for (const alert of [...arrivals].reverse()) this.dispatchEvent(new AlertEvent({ alert }));
    const shown = arrivals.filter((a) => this.#matches(a) && !this.#dismissed.get().has(a.id));
    if (!shown.length) return;
    // Toasts live in a status region of their own; announcing them again would say everything twice.
    if (this.notifications) this.#toasts.show(shown.slice(0, MAX_TOASTS));
    else {
      const [latest] = shown as [Alert];
      this.announcer.announce(
        shown.length === 1
          ? `New ${SEVERITY_LABEL[latest.severity].toLowerCase()} alert: ${latest.title}`
          : `${this.format.number(shown.length)} new alerts. Latest, ${SEVERITY_LABEL[latest.severity].toLowerCase()}: ${latest.title}`,
      );
    }
  }

  #visiblePerformanceAlerts(): PerformanceAlert[] {
    const hidden = this.#dismissedPerformance.get();
    const shown = this.#performance.alerts.get().filter((a) => !hidden.has(`${a.id}@${a.firedAt}`) && (this.severity === 'all' || a.severity === this.severity));
    const fresh = shown.filter((a) => !this.#announcedPerformance.has(`${a.id}@${a.firedAt}`));
    for (const a of fresh) this.#announcedPerformance.add(`${a.id}@${a.firedAt}`);
    if (fresh.length) queueMicrotask(() => this.announcer.announce(`Performance alert: ${fresh.map((a) => a.title).join('; ')}`));
    return shown;
  }

  #matches(alert: Alert): boolean {
    return this.severity === 'all' || alert.severity === this.severity;
  }

  async #acknowledge(alert: Alert): Promise<void> {
    const services = this.data.current;
    if (!services) return;
    this.#notice.set('');
    this.#pending.set(new Set(this.#pending.get()).add(alert.id));
    try {
      await new MutationObserver(services.queryClient, services.mutations.acknowledgeAlert()).mutate({ id: alert.id });
    } catch (error) {
      this.#notice.set(`Could not acknowledge “${alert.title}”: ${mutationErrorText(error)} It is shown as not acknowledged.`);
    } finally {
      const pending = new Set(this.#pending.get());
      pending.delete(alert.id);
      this.#pending.set(pending);
    }
  }

  #dismiss(alert: Alert, visible: readonly Alert[]): void {
    const index = visible.findIndex((a) => a.id === alert.id);
    const next = visible[index + 1] ?? visible[index - 1];
    this.#dismissed.set(new Set(this.#dismissed.get()).add(alert.id));
    this.#toasts.hide(alert.id);
    // Keep keyboard users in place: focus moves to the neighbouring alert, or to the filter.
    void this.updateComplete.then(() => {
      const target = next
        ? this.renderRoot.querySelector<HTMLElement>(`[data-alert="${CSS.escape(next.id)}"] [part~='dismiss']`)
        : this.renderRoot.querySelector<HTMLElement>('select');
      target?.focus();
    });
  }

  #onFilter(event: Event): void {
    this.severity = (event.target as HTMLSelectElement).value as AlertSeverityFilter;
  }

  #onToastFocusOut(event: FocusEvent): void {
    const region = event.currentTarget as HTMLElement;
    if (!region.contains(event.relatedTarget as Node | null)) this.#toasts.setFocused(false);
  }

  #renderToasts() {
    const toasts = this.#toasts.toasts.get();
    return html`<div
      part="toasts"
      role="status"
      aria-label="New alert notifications"
      ?hidden=${!this.notifications}
      @mouseenter=${() => this.#toasts.setHovered(true)}
      @mouseleave=${() => this.#toasts.setHovered(false)}
      @focusin=${() => this.#toasts.setFocused(true)}
      @focusout=${this.#onToastFocusOut}
    >
      ${repeat(toasts, (a) => a.id, (a) => html`<div part="toast ${a.severity}" class=${a.severity} data-toast=${a.id}>
        ${severityBadge(a)}
        <span class="toast-text"><span part="alert-title">${a.title}</span><span part="message">${a.message}</span></span>
        <button aria-label="Close notification: ${a.title}" @click=${() => this.#toasts.hide(a.id)}>×</button>
      </div>`)}
    </div>`;
  }

  #renderFilter(alerts: readonly Alert[]) {
    const count = (s: AlertSeverity) => alerts.filter((a) => a.severity === s).length;
    return html`<label part="filter"><span>Show</span>
      <select .value=${this.severity} @change=${this.#onFilter}>
        <option value="all" ?selected=${this.severity === 'all'}>All severities (${this.format.number(alerts.length)})</option>
        ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${this.severity === s}>${SEVERITY_LABEL[s]} (${this.format.number(count(s))})</option>`)}
      </select></label>`;
  }

  protected override render() {
    const result = this.#alerts.result.get();
    const state = this.viewState(result);
    this.#track(result?.data);
    const dismissed = this.#dismissed.get();
    const pending = this.#pending.get();
    const kept = (result?.data ?? []).filter((a) => !dismissed.has(a.id)).slice(0, this.#limit);
    const visible = kept.filter((a) => this.#matches(a));
    const open = kept.filter((a) => !a.acknowledged).length;
    const notice = this.#notice.get();
    const problem = this.#subscription.error;
    const actions = { acknowledge: (a: Alert) => void this.#acknowledge(a), dismiss: (a: Alert) => this.#dismiss(a, visible) };
    return html`<section part="base" aria-label=${this.label} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state}>
      <div part="header">
        <span class="heading"><slot name="header">${this.label}</slot></span>
        <span class="counts">${result?.data ? `${this.format.number(kept.length)} shown · ${this.format.number(open)} unacknowledged` : ''}</span>
        ${this.#renderFilter(kept)}
        ${this.renderStatus(state, result, () => this.#alerts.refetch())}
      </div>
      ${notice
        ? html`<p part="notice" role="alert">${notice}<button @click=${() => this.#notice.set('')} aria-label="Close message">×</button></p>`
        : nothing}
      ${problem ? html`<p class="status status--error" role="alert">${problem.message}</p>` : nothing}
      ${performanceAlerts(this.#visiblePerformanceAlerts(), this.format, (a) =>
        this.#dismissedPerformance.set(new Set(this.#dismissedPerformance.get()).add(`${a.id}@${a.firedAt}`)))}
      <p part="empty" ?hidden=${state === 'loading' || !result?.data || visible.length > 0}><slot name="empty">${this.severity === 'all' ? 'No alerts.' : `No ${SEVERITY_LABEL[this.severity].toLowerCase()} alerts.`}</slot></p>
      ${state === 'loading'
        ? html`<ol part="list" aria-label="Loading alerts">${skeletonItems()}</ol>`
        : !result?.data || !visible.length
          ? nothing
          : html`<ol part="list" aria-label="${this.label}, newest first">
              ${repeat(visible, (a) => a.id, (a) => alertItem(a, pending.has(a.id), this.format, actions))}
            </ol>`}
      ${this.#renderToasts()}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
