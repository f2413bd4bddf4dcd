import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { offlineEdits, pwaController, type OfflineEditsState, type PwaController, type PwaState } from '../../core/elements/index.js';
import { CrwControl } from '../shared/crw-control.js';
import { themeStyles } from '../shared/theme.styles.js';
import { pwaStatusStyles } from './pwa-status.styles.js';
import { PwaInstallEvent } from './events.js';

/**
 * The app's side of the service worker: online or offline, "A new version is ready · Reload"
 * when an updated worker waits, an "Install app" button when the browser offers installation,
 * the edits made offline that wait to be sent, and any the server refused (which were undone).
 * Pair it with `<crypto-data-provider pwa>` (or `registerServiceWorker()`).
 *
 * @summary Online/offline, update and install controls for the PWA.
 * @tagname pwa-status
 *
 * @fires crw-pwa-install - After the install dialog closed. `detail: { outcome: 'accepted' | 'dismissed' | 'unavailable' }`.
 *
 * @csspart base - The whole element.
 * @csspart network - The online/offline badge.
 * @csspart update - The "new version" notice.
 * @csspart reload - Its Reload button.
 * @csspart install - The "Install app" button.
 * @csspart error - Why the service worker could not be used.
 * @csspart pending - The list of edits waiting to be sent.
 * @csspart failure - One refused edit: which, and why.
 * @csspart dismiss - The button that clears a refused edit's message.
 */
export class PwaStatus extends CrwControl {
  static override styles = [themeStyles, pwaStatusStyles];

  /** Hide the online/offline badge (when `<connection-status>` already says it). */
  @property({ type: Boolean, attribute: 'hide-network' }) hideNetwork = false;

  /** @internal */
  @state() protected pwaState: PwaState;

  /** @internal */
  @state() protected edits: OfflineEditsState;

  #pwa: PwaController = pwaController();
  #edits = offlineEdits();
  #onChange = () => (this.pwaState = this.#pwa.state);
  #onEdits = () => (this.edits = this.#edits.state);

  constructor() {
    super();
    this.pwaState = this.#pwa.state;
    this.edits = this.#edits.state;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#pwa.addEventListener('change', this.#onChange);
    this.#edits.addEventListener('change', this.#onEdits);
    this.#onChange();
    this.#onEdits();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#pwa.removeEventListener('change', this.#onChange);
    this.#edits.removeEventListener('change', this.#onEdits);
  }

  async #install(): Promise<void> {
    const outcome = await this.#pwa.promptInstall();
    this.dispatchEvent(new PwaInstallEvent({ outcome }));
  }

  protected override render() {
    const s = this.pwaState;
    return html`<div part="base">
      ${this.hideNetwork
        ? nothing
        : html`<span part="network" role="status" data-online=${String(s.online)}>${s.online ? 'Online' : 'Offline'}</span>`}
      ${s.updateReady
        ? html`<span part="update" role="status">A new version is ready ·
            <button part="reload" type="button" @click=${() => this.#pwa.applyUpdate()}>Reload</button></span>`
        : nothing}
      ${s.canInstall ? html`<button part="install" type="button" @click=${() => this.#install()}>Install app</button>` : nothing}
      ${s.error ? html`<span part="error">${s.error}</span>` : nothing}
      ${this.#renderEdits()}
    </div>`;
  }

  #renderEdits() {
    const { pending, failures } = this.edits;
    return html`${pending.length
      ? html`<details part="pending">
          <summary>${pending.length === 1 ? '1 edit' : `${pending.length} edits`} waiting to sync</summary>
          <ul>${pending.map((edit) => html`<li data-kind=${edit.kind}>${edit.label}</li>`)}</ul>
        </details>`
      : nothing}
    ${failures.map(
      (failure) => html`<div part="failure" role="alert">
        ${failure.label} could not be saved: ${failure.message} (HTTP ${failure.status}). The change was undone.
        <button part="dismiss" type="button" aria-label=${`Dismiss: ${failure.label}`} @click=${() => this.#edits.dismiss(failure.idempotencyKey)}>Dismiss</button>
      </div>`,
    )}`;
  }
}
