import { html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import { ChannelSubscriptionController, QueryController } from '../../core/elements/index.js';
import { sharedUpdateScheduler } from '../../core/elements/update-scheduler.js';
import type { Price, PriceHistory } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { parseSymbolList } from '../shared/symbols.js';
import { themeStyles } from '../shared/theme.styles.js';
import { ChartTimeframeChangeEvent } from './events.js';
import { priceChartStyles } from './price-chart.styles.js';
import { SeriesBuffer, TIMEFRAME_SPEC, TIMEFRAMES, type ChartTimeframe } from './timeframes.js';

/** Live ticks redraw the plot at most this often, in ms. */
const LIVE_REDRAW_MS = 1000;

/**
 * A real-time line chart of one asset's price: history for the timeframe, then every tick appended
 * as it arrives (the canvas redraws for live ticks at most once a second; the summary follows each). Drawn with uPlot on a canvas; a text summary carries the same information for
 * assistive technology. Ships as its own entry (`crypto-risk-widgets/chart`) so pages without a
 * chart don't download the charting code.
 *
 * @summary A live price chart for one asset.
 * @tagname price-chart
 *
 * @fires crw-chart-timeframe-change - The user picked another timeframe. `detail: { assetId, timeframe }`.
 *
 * @csspart base - The whole chart card.
 * @csspart header - Title, latest price, timeframe buttons and status.
 * @csspart title - The asset and timeframe.
 * @csspart price - The latest price.
 * @csspart timeframes - The group of timeframe buttons.
 * @csspart plot - The drawing area.
 * @csspart summary - The text summary of the chart.
 * @csspart status - The connection / freshness status.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --crw-chart-line - Colour of the price line.
 * @cssprop --crw-chart-fill - Fill under the line.
 * @cssprop --crw-chart-height - Height of the drawing area.
 */
export class PriceChart extends CrwWidget {
  static override styles = [themeStyles, priceChartStyles];

  /** The asset to chart, e.g. `BTC`. */
  @property({ attribute: 'asset-id', reflect: true, useDefault: true }) assetId = 'BTC';

  /** How far back to show: `1h`, `24h`, `7d` or `30d`. */
  @property({ reflect: true }) timeframe: ChartTimeframe = '24h';

  /** Hide the timeframe buttons (the page sets `timeframe` itself). */
  @property({ type: Boolean, attribute: 'no-controls', reflect: true, useDefault: true }) noControls = false;

  @query('[part="plot"]') private plotEl!: HTMLElement;

  #id = 'BTC';
  #series = new SeriesBuffer();
  #plot: uPlot | null = null;
  #resize: ResizeObserver | null = null;
  #historyKey = '';
  #lastTick = 0;
  /** Whether the plot is on (or near) the screen; drawing is skipped while it is not. */
  #visible = typeof IntersectionObserver === 'undefined';
  /** The series changed since the plot last drew it. */
  #stale = false;
  /** The plot's construction waits for its turn in the page's update scheduler. */
  #building = false;
  /** When the plot last drew, and the timer of a live redraw that waits for its turn. */
  #drawnAt = -Infinity;
  #redrawTimer: ReturnType<typeof setTimeout> | undefined;
  #onScreen: IntersectionObserver | null = null;

  /** The current timeframe's spec; the controllers may read it before `willUpdate` has checked the attribute. */
  #spec() {
    return TIMEFRAME_SPEC[this.timeframe] ?? TIMEFRAME_SPEC['24h'];
  }

  #history = new QueryController<PriceHistory>(this, this.data, (s) => s.queries.priceHistory(this.#id, this.#spec().resolution));
  #price = new QueryController<Price>(this, this.data, (s) => s.queries.price(this.#id));
  #subscription = new ChannelSubscriptionController(this, this.data, () => ({ channel: 'price_updates', params: { assetIds: [this.#id] } }));

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('assetId')) {
      const { symbols } = parseSymbolList(this.assetId);
      if (symbols.length !== 1) this.reportBadAttribute('asset-id', `asset-id="${this.assetId}" is not one asset symbol; charting BTC`);
      this.#id = symbols.length === 1 ? symbols[0]! : 'BTC';
    }
    if (changed.has('timeframe') && !TIMEFRAMES.includes(this.timeframe)) {
      this.reportBadAttribute('timeframe', `timeframe="${this.timeframe}" is not 1h, 24h, 7d or 30d; using 24h`);
      this.timeframe = '24h';
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof IntersectionObserver === 'undefined') return;
    // A chart below the fold (or in a hidden tab panel) would redraw its whole canvas on every
    // tick for nobody; it keeps the series current and draws once when it comes near the screen.
    this.#onScreen = new IntersectionObserver(
      (entries) => {
        const visible = entries[entries.length - 1]!.isIntersecting;
        if (visible === this.#visible) return;
        this.#visible = visible;
        if (visible) this.#draw(true);
      },
      { rootMargin: '25% 0px' },
    );
    this.#onScreen.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#onScreen?.disconnect();
    this.#onScreen = null;
    this.#visible = typeof IntersectionObserver === 'undefined';
    this.#resize?.disconnect();
    this.#resize = null;
    this.#plot?.destroy();
    this.#plot = null;
    clearTimeout(this.#redrawTimer);
    this.#redrawTimer = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // uPlot paints with the colours it was given, so a new theme means a new plot.
    if (changed.has('theme') && this.#plot) {
      this.#resize?.disconnect();
      this.#plot.destroy();
      this.#plot = null;
      this.#historyKey = '';
    }
    this.#syncSeries();
  }

  /** Reloads the series when new history arrives, and appends the latest tick. */
  #syncSeries(): void {
    const spec = this.#spec();
    const history = this.#history.current?.data;
    const key = `${this.#id}|${this.timeframe}|${this.#history.current?.dataUpdatedAt ?? 0}`;
    let changed = false;
    let reloaded = false;
    if (history && history.assetId === this.#id && key !== this.#historyKey) {
      this.#historyKey = key;
      this.#series.reset(history.points, spec.spanMs, Date.now());
      this.#lastTick = 0;
      changed = reloaded = true;
    }
    const price = this.#price.current?.data;
    if (history && price && price.assetId === this.#id && price.ts !== this.#lastTick) {
      this.#lastTick = price.ts;
      changed = this.#series.append(price.ts, price.price, spec.spanMs) || changed;
    }
    if (changed) this.#stale = true;
    this.#draw(reloaded);
  }

  /**
   * Draws the series if it changed and the plot can be seen. A new series (another asset or
   * timeframe, new history) draws at once; live ticks redraw at most once per
   * {@link LIVE_REDRAW_MS}: uPlot redraws its whole canvas (axes, grid, line) for each, one new
   * point moves a day-long line by less than a pixel, and the summary and the ticker show each
   * price as it comes.
   */
  #draw(now = false): void {
    if (!this.#stale || !this.#visible || !this.plotEl) return;
    if (!this.#plot) {
      this.#buildPlotSoon();
      return;
    }
    const wait = now ? 0 : this.#drawnAt + LIVE_REDRAW_MS - performance.now();
    if (wait > 0) {
      this.#redrawTimer ??= setTimeout(() => {
        this.#redrawTimer = undefined;
        this.#draw(true);
      }, wait);
      return;
    }
    clearTimeout(this.#redrawTimer);
    this.#redrawTimer = undefined;
    this.#stale = false;
    this.#drawnAt = performance.now();
    this.#plot.setData([this.#series.times, this.#series.prices]);
  }

  /**
   * Building the plot (uPlot's DOM, the colours read from computed style, the first full draw)
   * is the dearest step of this widget, so it is a unit of its own in the page's update
   * scheduler rather than part of the update that loaded the series: the two then fit in
   * separate tasks. Ticks that arrive meanwhile are in the series it is built from.
   */
  #buildPlotSoon(): void {
    if (this.#building) return;
    this.#building = true;
    const later = sharedUpdateScheduler().schedule(() => {
      this.#building = false;
      if (this.#plot || !this.#stale || !this.#visible || !this.isConnected || !this.plotEl) return;
      this.#stale = false;
      this.#drawnAt = performance.now();
      this.#createPlot();
    });
    later?.catch((error: unknown) => setTimeout(() => {
      throw error;
    }, 0));
  }

  #createPlot(): void {
    const style = getComputedStyle(this);
    const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const text = color('--crw-color-muted', '#5b6470');
    const grid = color('--crw-color-border', '#d9dee4');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const width = Math.max(200, this.plotEl.clientWidth);
    const height = Math.max(120, this.plotEl.clientHeight);
    this.#plot = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          axis,
          {
            ...axis,
            values: (_u, ticks) => ticks.map((t) => this.format.price(t)),
            // Wide enough for the longest price label, which depends on the asset and the locale.
            size: (_u, values) => 16 + 7.5 * Math.max(6, ...(values ?? []).map((v) => String(v).length)),
          },
        ],
        series: [{}, { stroke: color('--crw-chart-line', '#2456d3'), fill: color('--crw-chart-fill', 'transparent'), width: 1.5, points: { show: false } }],
      },
      [this.#series.times, this.#series.prices],
      this.plotEl,
    );
    this.#resize = new ResizeObserver(() => {
      if (this.#plot && this.plotEl.clientWidth > 0) this.#plot.setSize({ width: this.plotEl.clientWidth, height: Math.max(120, this.plotEl.clientHeight) });
    });
    this.#resize.observe(this.plotEl);
  }

  #pick(timeframe: ChartTimeframe): void {
    if (timeframe === this.timeframe) return;
    this.timeframe = timeframe;
    this.dispatchEvent(new ChartTimeframeChangeEvent({ assetId: this.#id, timeframe }));
  }

  /** One sentence with what the line shows, for screen readers and as a caption. */
  #summary(): string {
    const prices = this.#series.prices;
    if (prices.length < 2) return `${this.#id}: not enough data yet`;
    let high = -Infinity;
    let low = Infinity;
    for (const p of prices) {
      if (p > high) high = p;
      if (p < low) low = p;
    }
    const first = prices[0]!;
    const last = prices[prices.length - 1]!;
    const change = ((last - first) / first) * 100;
    return `${this.#id} over ${this.#spec().label}: from ${this.format.price(first)} to ${this.format.price(last)} (${this.format.percentPoints(change)}), high ${this.format.price(high)}, low ${this.format.price(low)}.`;
  }

  protected override render() {
    const result = this.#history.result.get();
    const price = this.#price.result.get()?.data;
    const state = this.viewState(result);
    return html`<figure part="base" data-state=${state} aria-busy=${state === 'loading' ? 'true' : 'false'}>
      <div part="header">
        <h3 part="title">${this.#id} · ${this.#spec().label}</h3>
        <span part="price">${price ? this.format.price(price.price) : html`<span class="skeleton"></span>`}</span>
        ${this.noControls
          ? nothing
          : html`<div part="timeframes" role="group" aria-label="Timeframe">
              ${TIMEFRAMES.map((tf) => html`<button type="button" aria-pressed=${tf === this.timeframe ? 'true' : 'false'} @click=${() => this.#pick(tf)}>${tf}</button>`)}
            </div>`}
        ${this.renderStatus(state, result, () => this.#history.refetch())}
      </div>
      ${this.#subscription.error ? html`<p class="status status--error" role="alert">${this.#subscription.error.message}</p>` : nothing}
      <div part="plot" role="img" aria-label=${this.#summary()}></div>
      <figcaption part="summary" class="visually-hidden">${this.#summary()}</figcaption>
      ${this.renderLiveRegion()}
    </figure>`;
  }
}
