import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DataServicesController, PushSubscriber, type PushState } from '../../core/elements/index.js';
import type { AlertSeverity } from '../../core/protocol/index.js';
import { CrwControl } from '../shared/crw-control.js';
import { themeStyles } from '../shared/theme.styles.js';
import { PushChangeEvent } from './events.js';

const SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];

/**
 * A "Notify me" control for alert notifications through Web Push. Permission is asked only when
 * the button is clicked; a blocked permission is explained, not hidden. Needs the service worker
 * (`<crypto-data-provider pwa>`) and a feed server with `/api/push`.
 *
 * @summary "Notify me" for alert push notifications.
 * @tagname push-subscribe
 *
 * @fires crw-push-change - Notifications were turned on or off. `detail: { subscribed }`.
 *
 * @csspart base - The whole control.
 * @csspart button - The "Notify me" / "Turn off" button.
 * @csspart message - The state, or why notifications cannot be used.
 */
export class PushSubscribe extends CrwControl {
  static override styles = [
    themeStyles,
    css`
      :host { display: inline-block; font-family: var(--crw-font-family); font-size: var(--crw-font-size); color: var(--crw-color-text); }
      [part='base'] { display: inline-flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
      button {
        font: inherit; cursor: pointer; padding: 0.2em 0.7em; border-radius: var(--crw-radius);
        border: 1px solid var(--crw-color-border); background: var(--crw-color-surface); color: var(--crw-color-text);
      }
      button:focus-visible { outline: 2px solid var(--crw-color-focus); outline-offset: 2px; }
      button[disabled] { cursor: progress; opacity: 0.7; }
      [part='message'][data-kind='problem'] { color: var(--crw-color-text); border-inline-start: 3px solid var(--crw-color-critical); padding-inline-start: 0.5em; }
    `,
  ];

  /** Comma-separated severities to be notified of: `critical` (default), `warning`, `info`. */
  @property() severities = 'critical';

  /** @internal */
  @state() protected pushState: PushState | undefined;

  #data = new DataServicesController(this);
  #subscriber: PushSubscriber | undefined;
  #onChange = () => (this.pushState = this.#subscriber?.state);
  #stop: (() => void) | undefined;
  #stopFollowing: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stop = this.#data.watch((services) => {
      this.#subscriber?.removeEventListener('change', this.#onChange);
      this.#stopFollowing?.();
      this.#subscriber = services ? new PushSubscriber(services.api.baseUrl.replace(/\/+$/, ''), () => services.auth.get()) : undefined;
      this.#stopFollowing = services ? this.#subscriber?.followSignIn(services.auth) : undefined;
      this.#subscriber?.addEventListener('change', this.#onChange);
      this.#onChange();
      void this.#subscriber?.refresh();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
    this.#stopFollowing?.();
    this.#stopFollowing = undefined;
    this.#subscriber?.removeEventListener('change', this.#onChange);
  }

  #chosenSeverities(): AlertSeverity[] {
    const chosen = this.severities.split(',').map((s) => s.trim()).filter((s): s is AlertSeverity => (SEVERITIES as readonly string[]).includes(s));
    return chosen.length ? chosen : ['critical'];
  }

  async #toggle(): Promise<void> {
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    if (subscriber.state.subscribed) await subscriber.unsubscribe();
    else await subscriber.subscribe(this.#chosenSeverities());
    this.dispatchEvent(new PushChangeEvent({ subscribed: subscriber.state.subscribed }));
  }

  protected override render() {
    const s = this.pushState;
    if (!s) return html`<div part="base"><span part="message">Alert notifications need a data provider.</span></div>`;
    if (s.unsupported) return html`<div part="base"><span part="message" data-kind="problem">${s.unsupported}</span></div>`;
    const which = this.#chosenSeverities().join(' and ');
    if (s.permission === 'denied') {
      return html`<div part="base"><span part="message" data-kind="problem" role="status">Notifications are blocked for this site, so ${which} alerts cannot reach you while the dashboard is closed. To get them, allow notifications for this site in your browser's site settings, then reload.</span></div>`;
    }
    return html`<div part="base">
      <button part="button" type="button" ?disabled=${s.busy} @click=${() => this.#toggle()}>
        ${s.subscribed ? 'Turn off notifications' : `Notify me of ${which} alerts`}
      </button>
      ${s.subscribed ? html`<span part="message" role="status">You will be notified of ${which} alerts.</span>` : nothing}
      ${s.error ? html`<span part="message" data-kind="problem" role="alert">${s.error}</span>` : nothing}
    </div>`;
  }
}
