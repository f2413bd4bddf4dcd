import { Signal, signal } from '@lit-labs/signals';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChannelSubscriptionController, QueryController } from '../../core/elements/index.js';
import type { Price } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { KeyedRows } from '../shared/keyed-rows.js';
import { RecentValues, sparklinePath } from '../shared/sparkline.js';
import { parseSymbolList, symbolListConverter } from '../shared/symbols.js';
import { themeStyles } from '../shared/theme.styles.js';
import { tickerStyles } from './crypto-ticker.styles.js';
import { TickerSelectEvent } from './events.js';
import type { QueryObserverResult } from '@tanstack/query-core';
import { sameShownState, type ShownState } from '../shared/view-state.js';
import { EffectController } from '../shared/effect-controller.js';

export type TickerLayout = 'list' | 'card' | 'tape';
const LAYOUTS: readonly TickerLayout[] = ['list', 'card', 'tape'];

/** A move of at least this much since the last announcement is worth telling a screen reader. */
const ANNOUNCE_MOVE = 0.01;
/** How long a row stays highlighted after a move. */
const FLASH_MS = 600;

/** What one row shows: its price (undefined while loading) and the flash of its last move. */
interface RowInput {
  price: Price | undefined;
  flash: '' | 'flash-up' | 'flash-down';
  /** When the flash ends (ms since the epoch). */
  until: number;
}
const NO_PRICE: RowInput = { price: undefined, flash: '', until: 0 };

/**
 * Live prices for a list of assets, with the 24 h change, a flash on every move and an optional
 * sparkline of recent ticks.
 *
 * @summary Live prices for the assets you name.
 * @tagname crypto-ticker
 *
 * @fires crw-ticker-select - The user activated an asset (click, Enter or Space). `detail: { assetId, price }`.
 *
 * @slot header - Replaces the header text (default: how many assets are shown).
 *
 * @csspart base - The whole ticker.
 * @csspart header - The title and status line.
 * @csspart status - The connection / freshness status.
 * @csspart viewport - The scrolling window of the tape layout.
 * @csspart list - The list of assets.
 * @csspart item - One asset (also `item up` / `item down` after a move).
 * @csspart symbol - An asset's symbol.
 * @csspart price - An asset's price.
 * @csspart change - An asset's 24 h change.
 * @csspart sparkline - An asset's recent ticks.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --crw-ticker-gap - Space between assets.
 * @cssprop --crw-ticker-tape-speed - Time one full loop of the tape takes.
 * @cssprop --crw-theme-up - Colour of rises (shared theme token).
 * @cssprop --crw-theme-down - Colour of falls (shared theme token).
 */
export class CryptoTicker extends CrwWidget {
  static override styles = [themeStyles, tickerStyles];

  /** Asset symbols: a comma list (`BTC,ETH,SOL`) or, as a property, an array (`['BTC', 'ETH']`). */
  @property({ reflect: true, useDefault: true, converter: symbolListConverter }) symbols: string | string[] = 'BTC,ETH';

  /** `list` (rows), `card` (a grid of cards) or `tape` (one scrolling line). */
  @property({ reflect: true }) layout: TickerLayout = 'list';

  /** Show a sparkline of recent ticks next to each price. */
  @property({ type: Boolean, attribute: 'show-sparkline', reflect: true }) showSparkline = false;

  /** Accessible name of the ticker. */
  @property({ reflect: true, useDefault: true }) label = 'Live crypto prices';

  #ids: string[] = ['BTC', 'ETH'];
  #recent = new RecentValues(40);
  #announced = new Map<string, number>();
  #flashTimer: ReturnType<typeof setTimeout> | null = null;

  #prices = new QueryController<Price[]>(this, this.data, (s) => (this.#ids.length ? s.queries.prices(this.#ids) : null));
  #subscription = new ChannelSubscriptionController(this, this.data, () =>
    this.#ids.length ? { channel: 'price_updates', params: { assetIds: this.#ids } } : null,
  );

  /**
   * What the header and status line show. Written by `#sync` and equal (so no re-render) while the
   * ticker stays live: a tick changes the result, not the state.
   */
  #view = signal<ShownState<QueryObserverResult<Price[], Error> | undefined>>({ state: 'loading', result: undefined }, { equals: sameShownState });

  /** One signal per row: a tick re-renders the rows it moved, not the ticker. */
  #rows = new KeyedRows<RowInput, TemplateResult, boolean>(
    NO_PRICE,
    (assetId, input, copy) => this.#itemTemplate(assetId, input, copy),
    (a, b) => a.price === b.price && a.flash === b.flash,
  );

  // After each update and whenever what it reads changes (the query result, the connection, the
  // clock): the rows and the header follow the data without a full render.
  #effect = new EffectController(this, () => this.#sync());

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('symbols')) {
      const { symbols, rejected } = parseSymbolList(this.symbols);
      if (rejected.length) this.reportBadAttribute('symbols', `ignoring ${rejected.map((r) => `"${r}"`).join(', ')} in symbols: not asset symbols`);
      this.#ids = symbols;
      this.#rows.retain(symbols);
    }
    if (changed.has('layout') && !LAYOUTS.includes(this.layout)) {
      this.reportBadAttribute('layout', `layout="${this.layout}" is not list, card or tape; using list`);
      this.layout = 'list';
    }
    // Every row renders with it: rebuild the row views once.
    if (this.hasUpdated && changed.has('showSparkline')) this.#rows.refresh();
  }

  protected override formatChanged(): void {
    this.#rows.refresh();
  }

  /** Brings the header state and each row's signal up to date with the query result. */
  #sync(): void {
    const result = this.#prices.result.get();
    this.#view.set({ state: this.viewState(result), result });
    const prices = result?.data;
    if (prices) Signal.subtle.untrack(() => this.#track(prices));
  }

  /**
   * Notes each new price (the query cache keeps the identity of unchanged ones, so only moved rows
   * are looked at further): sparkline history, flash direction, a throttled announcement, and the
   * row's signal.
   */
  #track(prices: readonly Price[]): void {
    for (const p of prices) {
      const row = this.#rows.peek(p.assetId);
      if (row?.price === p) continue;
      const last = row?.price?.price;
      if (last !== undefined && last !== p.price) {
        this.#rows.set(p.assetId, { price: p, flash: p.price > last ? 'flash-up' : 'flash-down', until: Date.now() + FLASH_MS });
        this.#flashTimer ??= setTimeout(() => this.#endFlashes(), FLASH_MS + 50);
      } else this.#rows.set(p.assetId, { ...(row ?? NO_PRICE), price: p });
      this.#recent.push(p.assetId, p.price);
      const said = this.#announced.get(p.assetId);
      if (said === undefined) this.#announced.set(p.assetId, p.price);
      else if (Math.abs(p.price - said) / said >= ANNOUNCE_MOVE) {
        this.#announced.set(p.assetId, p.price);
        this.announcer.announce(`${p.assetId} ${p.price > said ? 'up' : 'down'} to ${this.format.price(p.price)}`);
      }
    }
  }

  /** Clears the flashes that are over (a quiet asset would otherwise keep its highlight). */
  #endFlashes(): void {
    this.#flashTimer = null;
    const now = Date.now();
    let next = Infinity;
    for (const assetId of this.#ids) {
      const row = this.#rows.peek(assetId);
      if (!row?.flash) continue;
      if (row.until > now) next = Math.min(next, row.until);
      else this.#rows.set(assetId, { ...row, flash: '' });
    }
    if (next < Infinity) this.#flashTimer = setTimeout(() => this.#endFlashes(), next - now + 50);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#flashTimer) clearTimeout(this.#flashTimer);
    this.#flashTimer = null;
  }

  #select(assetId: string): void {
    this.dispatchEvent(new TickerSelectEvent({ assetId, price: this.#rows.peek(assetId)?.price?.price }));
  }

  #onKey(event: KeyboardEvent, assetId: string): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#select(assetId);
    }
  }

  #itemTemplate(assetId: string, { price, flash }: RowInput, copy: boolean) {
    const change = price?.changePercent24h ?? 0;
    const direction = change > 0 ? 'up' : change < 0 ? 'down' : '';
    const priceText = price ? this.format.price(price.price) : '';
    const changeText = price ? this.format.percentPoints(change) : '';
    const name = price ? `${assetId} ${priceText}, ${changeText} in 24 hours` : `${assetId}, loading`;
    // Few line breaks: the whitespace inside templates ships as written, once per row kind.
    return html`<li part="item ${direction}" class=${flash} role=${copy ? 'presentation' : 'listitem'} tabindex=${copy ? -1 : 0} aria-label=${copy ? nothing : name}
      data-asset=${assetId} @click=${() => this.#select(assetId)} @keydown=${(e: KeyboardEvent) => this.#onKey(e, assetId)}>
      <span part="symbol">${assetId}</span><span part="price">${price ? priceText : html`<span class="skeleton"></span>`}</span><span part="change" class=${direction}>${changeText}</span>
      ${this.showSparkline
        ? html`<svg part="sparkline" class=${direction} viewBox="0 0 80 24" preserveAspectRatio="none" aria-hidden="true"><path d=${sparklinePath(this.#recent.get(assetId))} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"></path></svg>`
        : nothing}
    </li>`;
  }

  protected override render() {
    const { state, result } = this.#view.get();
    const problem = this.#subscription.error;
    const list = (copy: boolean) => html`<ul part="list" role=${copy ? 'presentation' : 'list'} aria-hidden=${copy ? 'true' : nothing} ?inert=${copy}>
      ${repeat(this.#ids, (id) => id, (id) => this.#rows.part(id, copy, this.hasUpdated))}
    </ul>`;
    return html`<section part="base" aria-label=${this.label} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state}>
      <div part="header">
        <span><slot name="header">${this.#ids.length ? this.#ids.length === 1 ? '1 asset' : `${this.#ids.length} assets` : 'No assets chosen'}</slot></span>
        ${this.renderStatus(state, result, () => this.#prices.refetch())}
      </div>
      ${problem ? html`<p class="status status--error" role="alert">${problem.message}</p>` : nothing}
      ${this.layout === 'tape'
        ? html`<div part="viewport" tabindex="0" aria-label="${this.label}, scrolling; hover or focus to pause">${list(false)}${list(true)}</div>`
        : list(false)}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
