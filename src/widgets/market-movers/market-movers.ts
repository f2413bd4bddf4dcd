import type { QueryObserverResult } from '@tanstack/query-core';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { getMarketSentiment, getTopGainers, getTopLosers } from '../../core/analytics/index.js';
import { ChannelSubscriptionController, QueryController } from '../../core/elements/index.js';
import type { MarketMoversResponse, MarketSentimentLabel, MarketSentimentResponse, MoverEntry, Price } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { marketMoversStyles } from './market-movers.styles.js';
import { moversTable, SENTIMENT_LABEL, sentimentIcon } from './movers-table.js';

const DEFAULT_COUNT = 5;
const MAX_COUNT = 50;
const DEFAULT_REFRESH_S = 15;

type Sentiment = Omit<MarketSentimentResponse, 'ts'>;

interface View {
  gainers: readonly MoverEntry[] | undefined;
  losers: readonly MoverEntry[] | undefined;
  sentiment: Sentiment | undefined;
  /** The result whose freshness and errors the status line reports. */
  result: QueryObserverResult<unknown, Error> | undefined;
}

/**
 * The market's top gainers and losers over 24 h and its sentiment (bullish, neutral or bearish,
 * with breadth and the cap-weighted change). The REST snapshot shows first and is refreshed every
 * `refresh-interval` seconds; once the page has every asset's price, the lists and the reading are
 * recomputed from the streamed prices on every update.
 *
 * @summary Live top movers and market sentiment.
 * @tagname market-movers
 *
 * @slot header - Replaces the title (default: the `label`).
 *
 * @csspart base - The whole widget.
 * @csspart header - The title and status line.
 * @csspart status - The connection / freshness status.
 * @csspart sentiment - The sentiment block (also `sentiment bullish|neutral|bearish`).
 * @csspart sentiment-label - The sentiment's arrow and word.
 * @csspart table - Each of the two tables (also `table gainers` / `table losers`).
 * @csspart row - One asset's row (also `row gainers` / `row losers`).
 * @csspart symbol - An asset's symbol.
 * @csspart price - An asset's price.
 * @csspart change - An asset's 24 h change.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --crw-market-movers-gap - Space between the sentiment and the tables.
 * @cssprop --crw-market-movers-bullish - Colour of a bullish reading (default `--crw-color-up`).
 * @cssprop --crw-market-movers-bearish - Colour of a bearish reading (default `--crw-color-down`).
 * @cssprop --crw-market-movers-neutral - Colour of a neutral reading (default `--crw-color-muted`).
 */
export class MarketMovers extends CrwWidget {
  static override styles = [themeStyles, marketMoversStyles];

  /** How many gainers and how many losers to list (1–50). */
  @property({ type: Number, reflect: true, useDefault: true }) count = DEFAULT_COUNT;

  /** Seconds between refreshes of the REST snapshot; `0` turns them off. */
  @property({ type: Number, attribute: 'refresh-interval', reflect: true, useDefault: true }) refreshInterval = DEFAULT_REFRESH_S;

  /** Accessible name of the widget. */
  @property({ reflect: true, useDefault: true }) label = 'Market movers';

  #lastSentiment: MarketSentimentLabel | undefined;

  // The builders read the properties themselves: the first query starts when the element
  // connects, before the first update has checked them.
  #sentiment = new QueryController<MarketSentimentResponse>(this, this.data, (s) => ({ ...s.queries.marketSentiment(), refetchInterval: this.#refreshMs }));
  #movers = new QueryController<MarketMoversResponse>(this, this.data, (s) => ({ ...s.queries.movers(this.#n), refetchInterval: this.#refreshMs }));
  // Every asset's price, streamed: enough to rank the market here on each tick.
  #prices = new QueryController<Price[]>(this, this.data, (s) => s.queries.prices());
  #subscription = new ChannelSubscriptionController(this, this.data, () => ({ channel: 'price_updates', params: {} }));

  /** `count`, or the default when it is not a whole number from 1 to 50. */
  get #n(): number {
    const n = this.count;
    return Number.isInteger(n) && n >= 1 && n <= MAX_COUNT ? n : DEFAULT_COUNT;
  }

  /** `refresh-interval` in ms, false for none; the default when it is not a number of seconds. */
  get #refreshMs(): number | false {
    const s = this.refreshInterval;
    const seconds = Number.isFinite(s) && s >= 0 ? s : DEFAULT_REFRESH_S;
    return seconds > 0 ? seconds * 1000 : false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('count') && this.#n !== this.count) {
      this.reportBadAttribute('count', `count="${this.count}" is not a whole number from 1 to ${MAX_COUNT}; using ${DEFAULT_COUNT}`);
    }
    if (changed.has('refreshInterval') && !(Number.isFinite(this.refreshInterval) && this.refreshInterval >= 0)) {
      this.reportBadAttribute('refresh-interval', `refresh-interval="${this.refreshInterval}" is not a number of seconds; using ${DEFAULT_REFRESH_S}`);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const label = this.#view().sentiment?.sentiment;
    const before = this.#lastSentiment;
    if (!label || label === before) return;
    this.#lastSentiment = label;
    if (before) queueMicrotask(() => this.announcer.announce(`Market sentiment now ${SENTIMENT_LABEL[label].toLowerCase()}`));
  }

  /** Streamed prices when the page has them; the REST snapshot until then, or if they fail. */
  #view(): View {
    const prices = this.#prices.result.get();
    if (prices?.data?.length) {
      const { data } = prices;
      return { gainers: getTopGainers(data, this.#n), losers: getTopLosers(data, this.#n), sentiment: getMarketSentiment(data), result: prices };
    }
    const movers = this.#movers.result.get();
    const sentiment = this.#sentiment.result.get();
    return {
      gainers: movers?.data?.gainers.slice(0, this.#n),
      losers: movers?.data?.losers.slice(0, this.#n),
      sentiment: sentiment?.data,
      result: movers,
    };
  }

  #retry(): void {
    void this.#movers.refetch();
    void this.#sentiment.refetch();
    void this.#prices.refetch();
  }

  #renderSentiment(sentiment: Sentiment | undefined) {
    if (!sentiment) return html`<div part="sentiment" aria-hidden="true"><span class="skeleton"></span><span class="skeleton"></span></div>`;
    const { advancers, decliners } = sentiment;
    return html`<div part="sentiment ${sentiment.sentiment}" class=${sentiment.sentiment} role="group" aria-label="Market sentiment">
      <span part="sentiment-label">${sentimentIcon(sentiment.sentiment)}${SENTIMENT_LABEL[sentiment.sentiment]}</span>
      <dl>
        <div><dt>Breadth</dt><dd>${this.format.percentPoints(sentiment.breadth * 100, 0)} (${this.format.number(advancers)} up, ${this.format.number(decliners)} down)</dd></div>
        <div><dt>Cap-weighted change</dt><dd class=${sentiment.capWeightedChangePercent > 0 ? 'up' : sentiment.capWeightedChangePercent < 0 ? 'down' : ''}>${this.format.percentPoints(sentiment.capWeightedChangePercent)}</dd></div>
      </dl>
    </div>`;
  }

  protected override render() {
    const view = this.#view();
    const state = this.viewState(view.result);
    const showData = state !== 'error';
    const problem = this.#subscription.error;
    return html`<section part="base" aria-label=${this.label} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state}>
      <div part="header">
        <span class="heading"><slot name="header">${this.label}</slot></span>
        ${this.renderStatus(state, view.result, () => this.#retry())}
      </div>
      ${problem ? html`<p class="status status--error" role="alert">${problem.message}</p>` : nothing}
      ${showData
        ? html`${this.#renderSentiment(view.sentiment)}
          <div class="tables">
            ${moversTable('gainers', 'Top gainers', view.gainers, this.#n, this.format)}
            ${moversTable('losers', 'Top losers', view.losers, this.#n, this.format)}
          </div>`
        : nothing}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
