import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChannelSubscriptionController, QueryController } from '../../core/elements/index.js';
import type { Price } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { RecentValues, sparklinePath } from '../shared/sparkline.js';
import { parseSymbolList, symbolListConverter } from '../shared/symbols.js';
import { themeStyles } from '../shared/theme.styles.js';
import { tickerStyles } from './crypto-ticker.styles.js';
import { TickerSelectEvent } from './events.js';

export type TickerLayout = 'list' | 'card' | 'tape';
const LAYOUTS: readonly TickerLayout[] = ['list', 'card', 'tape'];

/** A move of at least this much since the last announcement is worth telling a screen reader. */
const ANNOUNCE_MOVE = 0.01;

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
  #lastPrice = new Map<string, number>();
  #flash = new Map<string, { dir: 'up' | 'down'; until: number }>();
  #announced = new Map<string, number>();
  #flashTimer: ReturnType<typeof setTimeout> | null = null;

  #prices = new QueryController<Price[]>(this, this.data, (s) => (this.#ids.length ? s.queries.prices(this.#ids) : null));
  #subscription = new ChannelSubscriptionController(this, this.data, () =>
    this.#ids.length ? { channel: 'price_updates', params: { assetIds: this.#ids } } : null,
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('symbols')) {
      const { symbols, rejected } = parseSymbolList(this.symbols);
      if (rejected.length) this.reportBadAttribute('symbols', `ignoring ${rejected.map((r) => `"${r}"`).join(', ')} in symbols: not asset symbols`);
      this.#ids = symbols;
    }
    if (changed.has('layout') && !LAYOUTS.includes(this.layout)) {
      this.reportBadAttribute('layout', `layout="${this.layout}" is not list, card or tape; using list`);
      this.layout = 'list';
    }
  }

  /** Notes each new price: sparkline history, flash direction, and a throttled announcement. */
  #track(prices: readonly Price[]): void {
    const now = Date.now();
    for (const p of prices) {
      const last = this.#lastPrice.get(p.assetId);
      if (last !== undefined && last !== p.price) {
        this.#flash.set(p.assetId, { dir: p.price > last ? 'up' : 'down', until: now + 600 });
        // Render once more when the flash is over, or a quiet asset would keep its highlight.
        this.#flashTimer ??= setTimeout(() => {
          this.#flashTimer = null;
          this.requestUpdate();
        }, 650);
      }
      this.#lastPrice.set(p.assetId, p.price);
      this.#recent.push(p.assetId, p.price);
      const said = this.#announced.get(p.assetId);
      if (said === undefined) this.#announced.set(p.assetId, p.price);
      else if (Math.abs(p.price - said) / said >= ANNOUNCE_MOVE) {
        this.#announced.set(p.assetId, p.price);
        this.announcer.announce(`${p.assetId} ${p.price > said ? 'up' : 'down'} to ${this.format.price(p.price)}`);
      }
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#flashTimer) clearTimeout(this.#flashTimer);
    this.#flashTimer = null;
  }

  #select(price: Price | undefined, assetId: string): void {
    this.dispatchEvent(new TickerSelectEvent({ assetId, price: price?.price }));
  }

  #onKey(event: KeyboardEvent, price: Price | undefined, assetId: string): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#select(price, assetId);
    }
  }

  /**
   * One row, re-rendered only when its own inputs change: the price object (the query cache keeps
   * the identity of unchanged prices), its flash, and the settings it formats with. At 10k
   * messages a second a frame then touches the few rows that moved, not every row of every ticker.
   */
  #renderItem(assetId: string, price: Price | undefined, copy: boolean) {
    const flash = this.#flash.get(assetId);
    const flashing = flash && flash.until > Date.now() ? `flash-${flash.dir}` : '';
    return guard([price, flashing, copy, this.showSparkline, this.format.locale, this.format.currency], () =>
      this.#itemTemplate(assetId, price, copy, flashing),
    );
  }

  #itemTemplate(assetId: string, price: Price | undefined, copy: boolean, flashing: string) {
    const change = price?.changePercent24h ?? 0;
    const direction = change > 0 ? 'up' : change < 0 ? 'down' : '';
    const priceText = price ? this.format.price(price.price) : '';
    const changeText = price ? this.format.percentPoints(change) : '';
    const name = price ? `${assetId} ${priceText}, ${changeText} in 24 hours` : `${assetId}, loading`;
    return html`<li
      part="item ${direction}"
      class=${flashing}
      role=${copy ? 'presentation' : 'listitem'}
      tabindex=${copy ? -1 : 0}
      aria-label=${copy ? nothing : name}
      data-asset=${assetId}
      @click=${() => this.#select(price, assetId)}
      @keydown=${(e: KeyboardEvent) => this.#onKey(e, price, assetId)}
    >
      <span part="symbol">${assetId}</span>
      <span part="price">${price ? priceText : html`<span class="skeleton"></span>`}</span>
      <span part="change" class=${direction}>${changeText}</span>
      ${this.showSparkline
        ? html`<svg part="sparkline" class=${direction} viewBox="0 0 80 24" preserveAspectRatio="none" aria-hidden="true"><path d=${sparklinePath(this.#recent.get(assetId))} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"></path></svg>`
        : nothing}
    </li>`;
  }

  protected override render() {
    const result = this.#prices.result.get();
    const state = this.viewState(result);
    const prices = result?.data ?? [];
    this.#track(prices);
    const byId = new Map(prices.map((p) => [p.assetId, p]));
    const problem = this.#subscription.error;
    const list = (copy: boolean) => html`<ul part="list" role=${copy ? 'presentation' : 'list'} aria-hidden=${copy ? 'true' : nothing} ?inert=${copy}>
      ${repeat(this.#ids, (id) => id, (id) => this.#renderItem(id, byId.get(id), copy))}
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
