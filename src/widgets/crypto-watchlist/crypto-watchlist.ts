import { Signal, signal } from '@lit-labs/signals';
import { MutationObserver, type QueryObserverResult } from '@tanstack/query-core';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChannelSubscriptionController, QueryController, type CryptoDataServices } from '../../core/elements/index.js';
import type { Asset, Price, WatchlistItem } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { KeyedRows } from '../shared/keyed-rows.js';
import { sameShownState, type ShownState } from '../shared/view-state.js';
import { EffectController } from '../shared/effect-controller.js';
import { themeStyles } from '../shared/theme.styles.js';
import { watchlistStyles } from './crypto-watchlist.styles.js';
import { WatchlistChangeEvent } from './events.js';
import { mutationErrorText } from '../shared/mutation-error.js';

/** What one row shows. */
interface RowInput {
  price: Price | undefined;
  name: string | undefined;
  pending: boolean;
}
const EMPTY_ROW: RowInput = { price: undefined, name: undefined, pending: false };
const sameRow = (a: RowInput, b: RowInput) => a.price === b.price && a.name === b.name && a.pending === b.pending;

/**
 * Live prices of the user's watchlist, kept on the server: add an asset from the list of those
 * not yet watched, remove one with its row's button. Both show at once and are undone, with a
 * message, if the server refuses.
 *
 * @summary The user's watchlist with live prices, add and remove.
 * @tagname crypto-watchlist
 *
 * @fires crw-watchlist-change - The server confirmed an add or a remove. `detail: { assetIds }`, the watchlist after the change.
 *
 * @slot header - Replaces the title (default: the `label`).
 * @slot empty - Shown when the watchlist is empty.
 *
 * @csspart base - The whole widget.
 * @csspart header - The title and status line.
 * @csspart status - The connection / freshness status.
 * @csspart notice - The message shown when a change failed.
 * @csspart table - The table of watched assets.
 * @csspart row - One asset (also `row up` / `row down`).
 * @csspart symbol - An asset's symbol.
 * @csspart price - An asset's price.
 * @csspart change - An asset's 24 h change.
 * @csspart remove - A row's remove button.
 * @csspart empty - The text shown when nothing is watched.
 * @csspart add - The add form.
 * @csspart add-select - The asset picker.
 * @csspart add-button - The add button.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --crw-watchlist-row-height - Height of a row.
 * @cssprop --crw-watchlist-gap - Space above the add form.
 */
export class CryptoWatchlist extends CrwWidget {
  static override styles = [themeStyles, watchlistStyles];

  /** Accessible name of the watchlist. */
  @property({ reflect: true, useDefault: true }) label = 'Watchlist';

  #watchlist = new QueryController<WatchlistItem[]>(this, this.data, (s) => s.queries.watchlist());
  #prices = new QueryController<Price[]>(this, this.data, (s) => (this.#ids().length ? s.queries.prices(this.#ids()) : null));
  #assets = new QueryController<Asset[]>(this, this.data, (s) => s.queries.assets());
  #subscription = new ChannelSubscriptionController(this, this.data, () =>
    this.#ids().length ? { channel: 'price_updates', params: { assetIds: this.#ids() } } : null,
  );
  #pending = signal<ReadonlySet<string>>(new Set());
  #notice = signal('');
  #choice = signal('');
  /** The state of the main query; equal while live, so a tick does not re-render the widget. */
  #view = signal<ShownState<QueryObserverResult<unknown, Error> | undefined>>({ state: 'loading', result: undefined }, { equals: sameShownState });

  /** One signal per row: a tick re-renders the row whose price moved. */
  #rows = new KeyedRows<RowInput, TemplateResult>(EMPTY_ROW, (assetId, input) => this.#renderRow(assetId, input), sameRow);

  #effect = new EffectController(this, () => this.#sync());

  protected override formatChanged(): void {
    this.#rows.refresh();
  }

  /** Brings the state and each row's signal up to date with the queries (after each update, and on every change). */
  #sync(): void {
    const list = this.#watchlist.result.get();
    const prices = this.#prices.result.get();
    const assets = this.#assets.result.get()?.data;
    const pending = this.#pending.get();
    const ids = (list?.data ?? []).map((item) => item.assetId);
    const main = list?.data && ids.length ? prices : list;
    this.#view.set({ state: this.viewState(main), result: main });
    const byId = new Map((prices?.data ?? []).map((p) => [p.assetId, p]));
    const names = new Map((assets ?? []).map((a) => [a.id, a.name]));
    Signal.subtle.untrack(() => {
      for (const id of ids) this.#rows.set(id, { price: byId.get(id), name: names.get(id), pending: pending.has(id) });
      this.#rows.retain(ids);
    });
  }

  /** The watched ids, read untracked: the controllers call this while building their options. */
  #ids(): string[] {
    return (this.#watchlist.current?.data ?? []).map((item) => item.assetId);
  }

  #setPending(assetId: string, on: boolean): void {
    const next = new Set(this.#pending.get());
    if (on) next.add(assetId);
    else next.delete(assetId);
    this.#pending.set(next);
  }

  async #change(kind: 'add' | 'remove', assetId: string): Promise<void> {
    const services: CryptoDataServices | undefined = this.data.current;
    if (!services || this.#pending.get().has(assetId)) return;
    this.#notice.set('');
    this.#setPending(assetId, true);
    const options = kind === 'add' ? services.mutations.addToWatchlist() : services.mutations.removeFromWatchlist();
    try {
      await new MutationObserver(services.queryClient, options).mutate({ assetId });
      // The cached list already holds the change (it was applied optimistically and confirmed now).
      this.dispatchEvent(new WatchlistChangeEvent({ assetIds: this.#ids() }));
      this.announcer.announce(kind === 'add' ? `${assetId} added to the watchlist` : `${assetId} removed from the watchlist`);
    } catch (error) {
      this.#notice.set(
        kind === 'add'
          ? `Could not add ${assetId}: ${mutationErrorText(error)} It is not on the watchlist.`
          : `Could not remove ${assetId}: ${mutationErrorText(error)} It is back on the watchlist.`,
      );
    } finally {
      this.#setPending(assetId, false);
    }
  }

  #onAdd(event: SubmitEvent): void {
    event.preventDefault();
    const assetId = this.#choice.get();
    if (!assetId) {
      this.#notice.set('Choose an asset to add first.');
      this.renderRoot.querySelector<HTMLSelectElement>('select')?.focus();
      return;
    }
    this.#choice.set('');
    void this.#change('add', assetId);
  }

  #onRemove(assetId: string, ids: readonly string[]): void {
    const index = ids.indexOf(assetId);
    const neighbour = ids[index + 1] ?? ids[index - 1];
    void this.#change('remove', assetId);
    // The row goes at once; keep keyboard users next to where it was.
    void this.updateComplete.then(() => {
      const target = neighbour
        ? this.renderRoot.querySelector<HTMLElement>(`[data-asset="${CSS.escape(neighbour)}"] [part~='remove']`)
        : this.renderRoot.querySelector<HTMLElement>('select');
      target?.focus();
    });
  }

  #renderRow(assetId: string, { price, name, pending }: RowInput) {
    const change = price?.changePercent24h ?? 0;
    const direction = change > 0 ? 'up' : change < 0 ? 'down' : '';
    // Few line breaks: the whitespace inside templates ships as written.
    return html`<tr part="row ${direction}" class=${pending ? 'pending' : ''} data-asset=${assetId}><th scope="row" part="symbol">${assetId}</th><td class="name">${name ?? ''}</td>
      <td part="price">${price ? this.format.price(price.price) : html`<span class="skeleton"></span>`}</td><td part="change" class=${direction}>${price ? this.format.percentPoints(change) : ''}</td>
      <td><button part="remove" aria-label="Remove ${assetId}" aria-disabled=${pending ? 'true' : nothing} @click=${() => this.#onRemove(assetId, this.#ids())}>Remove</button></td>
    </tr>`;
  }

  #renderAdd(assets: readonly Asset[] | undefined, ids: readonly string[]) {
    const available = (assets ?? []).filter((a) => !ids.includes(a.id));
    const choice = this.#choice.get();
    return html`<form part="add" @submit=${this.#onAdd}>
      <label for="add-asset">Add an asset</label>
      <select id="add-asset" part="add-select" .value=${choice} @change=${(e: Event) => this.#choice.set((e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!choice}>${assets ? (available.length ? 'Choose…' : 'All assets are watched') : 'Loading assets…'}</option>
        ${repeat(available, (a) => a.id, (a) => html`<option value=${a.id} ?selected=${a.id === choice}>${a.id} — ${a.name}</option>`)}
      </select>
      <button part="add-button" type="submit">Add</button>
    </form>`;
  }

  protected override render() {
    const list = this.#watchlist.result.get();
    const assets = this.#assets.result.get()?.data;
    const ids = (list?.data ?? []).map((item) => item.assetId);
    const { state, result: main } = this.#view.get();
    const notice = this.#notice.get();
    const problem = this.#subscription.error;
    return html`<section part="base" aria-label=${this.label} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state}>
      <div part="header">
        <span class="heading"><slot name="header">${this.label}</slot></span>
        ${this.renderStatus(state, main, () => void (list?.isError ? this.#watchlist.refetch() : this.#prices.refetch()))}
      </div>
      ${notice ? html`<p part="notice" role="alert">${notice}<button @click=${() => this.#notice.set('')} aria-label="Close message">×</button></p>` : nothing}
      ${problem ? html`<p class="status status--error" role="alert">${problem.message}</p>` : nothing}
      <p part="empty" ?hidden=${!list?.data || ids.length > 0}><slot name="empty">Your watchlist is empty. Add an asset below.</slot></p>
      ${!list?.data
        ? state === 'loading' ? html`<p part="empty" aria-hidden="true"><span class="skeleton"></span></p>` : nothing
        : ids.length === 0
          ? nothing
          : html`<table part="table">
              <caption class="visually-hidden">${this.label}</caption>
              <thead><tr><th scope="col">Asset</th><th scope="col">Name</th><th scope="col">Price</th><th scope="col">24 h change</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>${repeat(ids, (id) => id, (id) => this.#rows.part(id, undefined, this.hasUpdated))}</tbody>
            </table>`}
      ${list?.data ? this.#renderAdd(assets, ids) : nothing}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
