import { html, isServer, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ConnectionStatus } from '../../core/elements/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { connectionStatusStyles } from './connection-status.styles.js';
import { displayState, STATE_LABEL, type ConnectionDisplayState } from './display-state.js';
import { ConnectionChangeEvent } from './events.js';

/**
 * The state of the live feed: connected, connecting, reconnecting (with the attempt and a
 * countdown to the next try), polling (REST fallback) or offline, with a "Retry now" button.
 * `compact` shrinks it to a dot that keeps its accessible name.
 *
 * @summary The live feed's connection state, with a retry.
 * @tagname connection-status
 *
 * @fires crw-connection-change - The connection moved to another state (not on first render). `detail: { from, to }`, each one of `connected`, `connecting`, `reconnecting`, `polling`, `offline`.
 *
 * @csspart base - The whole status.
 * @csspart indicator - The coloured, shaped dot (the only part shown when `compact`).
 * @csspart label - The state's name.
 * @csspart detail - Attempt, countdown or fallback details.
 * @csspart retry - The "Retry now" button.
 *
 * @cssprop --crw-connection-status-connected - Dot colour when connected (default `--crw-color-up`).
 * @cssprop --crw-connection-status-pending - Dot colour while connecting or reconnecting (default `--crw-color-warning`).
 * @cssprop --crw-connection-status-polling - Dot colour while polling (default `--crw-color-accent`).
 * @cssprop --crw-connection-status-offline - Dot colour when offline (default `--crw-color-critical`).
 * @cssprop --crw-connection-status-dot-size - Size of the dot.
 */
export class ConnectionStatusElement extends CrwWidget {
  static override styles = [themeStyles, connectionStatusStyles];

  /** Show only the dot (it keeps an accessible name and a tooltip). */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Accessible name of the status. */
  @property({ reflect: true, useDefault: true }) label = 'Live feed connection';

  #last: ConnectionDisplayState | undefined;
  #onNetwork = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.#onNetwork);
    window.addEventListener('offline', this.#onNetwork);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.#onNetwork);
    window.removeEventListener('offline', this.#onNetwork);
    this.#last = undefined;
  }

  /** The state shown now. */
  get state(): ConnectionDisplayState {
    // A server render has no socket yet; the page hydrates from "connecting", as a browser starts.
    if (isServer) return 'connecting';
    return displayState(this.connection.status.get(), isOnline());
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const to = this.state;
    const from = this.#last;
    this.#last = to;
    if (from === undefined || from === to) return;
    // After the update: the announcement writes a signal, which starts a render of its own.
    queueMicrotask(() => {
      this.dispatchEvent(new ConnectionChangeEvent({ from, to }));
      this.announcer.announce(`${this.label}: ${STATE_LABEL[to].toLowerCase()}`);
    });
  }

  #detail(state: ConnectionDisplayState, status: ConnectionStatus | undefined): string {
    const now = this.clock.now.get();
    const next = status?.nextRetryAt ? `next try ${this.format.relativeTime(Math.max(status.nextRetryAt, now), now)}` : '';
    switch (state) {
      case 'connected':
        return 'Live updates';
      case 'connecting':
        return 'Opening the live feed…';
      case 'reconnecting':
        return [status?.attempt ? `Attempt ${this.format.number(status.attempt)}` : '', next].filter(Boolean).join(' · ');
      case 'polling': {
        const every = this.format.relativeTime(now + (this.data.current?.pollIntervalMs ?? 5000), now);
        return [`Refreshing over HTTP, next refresh ${every}`, this.data.current?.socket && next ? `live feed ${next}` : ''].filter(Boolean).join(' · ');
      }
      case 'offline':
        if (!this.data.current) return 'No data source: place this inside <crypto-data-provider> or call configure().';
        if (!isOnline()) return 'This device is offline; showing the last data.';
        return [status?.state === 'closed' ? 'The live feed is closed' : 'The live feed is unavailable', next].filter(Boolean).join(' · ');
    }
  }

  protected override render() {
    const status = this.connection.status.get();
    const state = this.state;
    const detail = this.#detail(state, status);
    const name = `${this.label}: ${STATE_LABEL[state]}${detail ? `. ${detail}` : ''}`;
    const canRetry = Boolean(this.data.current?.socket) && (state === 'reconnecting' || state === 'polling' || state === 'offline') && isOnline();
    if (this.compact) {
      return html`<span part="indicator" role="img" aria-label=${name} title=${name} data-state=${state}></span>${this.renderLiveRegion()}`;
    }
    return html`<div part="base" role="group" aria-label=${this.label} data-state=${state}>
        <span part="indicator" aria-hidden="true"></span>
        <span part="label">${STATE_LABEL[state]}</span>
        ${detail ? html`<span part="detail">${detail}</span>` : nothing}
        ${canRetry ? html`<button part="retry" @click=${() => this.connection.retryNow()}>Retry now</button>` : nothing}
      </div>
      ${this.renderLiveRegion()}`;
  }
}

/** `navigator.onLine`, and true where there is no navigator (a server render on Node 20). */
function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine;
}
