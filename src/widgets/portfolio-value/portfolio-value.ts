import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ChannelSubscriptionController, QueryController } from '../../core/elements/index.js';
import type { PortfolioLive } from '../../core/protocol/index.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { ALLOCATION_STYLES, renderAllocation, type AllocationStyle } from './allocation.js';
import { portfolioIdProblem } from './portfolio-id.js';
import { portfolioValueStyles } from './portfolio-value.styles.js';

/** A move of the total value of at least this much since the last announcement is read out. */
const ANNOUNCE_MOVE = 0.02;

/**
 * A portfolio valued at live prices: the total, profit and loss since purchase, the 24 h change
 * and how the value is spread across assets.
 *
 * @summary A portfolio's live value, P&L and allocation.
 * @tagname portfolio-value
 *
 * @slot header - Replaces the portfolio's name in the header.
 *
 * @csspart base - The whole widget.
 * @csspart header - The portfolio's name and the status line.
 * @csspart name - The portfolio's name.
 * @csspart status - The connection / freshness status.
 * @csspart retry - The retry button of the error state.
 * @csspart total - The total value.
 * @csspart pnl - Profit and loss since purchase (also `pnl up` / `pnl down`).
 * @csspart change - The 24 h change (also `change up` / `change down`).
 * @csspart allocation - The allocation picture and its legend.
 * @csspart bar - The stacked allocation bar (`allocation="bar"`).
 * @csspart donut - The allocation donut (`allocation="donut"`).
 * @csspart legend - The table of asset, weight and value.
 * @csspart updated - When the data was last updated.
 *
 * @cssprop --crw-portfolio-total-size - Font size of the total value.
 * @cssprop --crw-portfolio-donut-size - Diameter of the donut.
 * @cssprop --crw-portfolio-bar-height - Height of the stacked bar.
 * @cssprop --crw-portfolio-color-1 - Colour of the largest holding; `-2` … `-8` colour the next ones.
 * @cssprop --crw-theme-up - Colour of gains (shared theme token).
 * @cssprop --crw-theme-down - Colour of losses (shared theme token).
 */
export class PortfolioValue extends CrwWidget {
  static override styles = [themeStyles, portfolioValueStyles];

  /** The id of the portfolio to show. */
  @property({ attribute: 'portfolio-id', reflect: true, useDefault: true }) portfolioId = '';

  /** How to draw the allocation: `bar` (a stacked bar) or `donut`. */
  @property({ reflect: true }) allocation: AllocationStyle = 'bar';

  /** Accessible name of the widget; default: the portfolio's name. */
  @property({ reflect: true, useDefault: true }) label = '';

  #id: string | null = null;
  #idProblem: string | null = null;
  #announced: { id: string; value: number } | null = null;

  #live = new QueryController<PortfolioLive>(this, this.data, (s) => (this.#id ? s.queries.portfolioLive(this.#id) : null));
  #subscription = new ChannelSubscriptionController(this, this.data, () =>
    this.#id ? { channel: 'portfolio_updates', params: { portfolioId: this.#id } } : null,
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('portfolioId')) {
      this.#idProblem = portfolioIdProblem(this.portfolioId);
      if (this.#idProblem && this.portfolioId) this.reportBadAttribute('portfolio-id', this.#idProblem);
      this.#id = this.#idProblem ? null : this.portfolioId;
    }
    if (changed.has('allocation') && !ALLOCATION_STYLES.includes(this.allocation)) {
      this.reportBadAttribute('allocation', `allocation="${this.allocation}" is not bar or donut; using bar`);
      this.allocation = 'bar';
    }
  }

  /** Tells a screen reader about large moves of the total, at most as often as the announcer allows. */
  #track(data: PortfolioLive): void {
    const last = this.#announced;
    if (!last || last.id !== data.portfolioId) {
      this.#announced = { id: data.portfolioId, value: data.totalValue };
      return;
    }
    if (last.value > 0 && Math.abs(data.totalValue - last.value) / last.value >= ANNOUNCE_MOVE) {
      const move = ((data.totalValue - last.value) / last.value) * 100;
      this.#announced = { id: data.portfolioId, value: data.totalValue };
      this.announcer.announce(`${data.name} ${move > 0 ? 'up' : 'down'} ${this.format.percentPoints(move)}, now ${this.format.money(data.totalValue)}`);
    }
  }

  #direction(value: number): string {
    return value > 0 ? 'up' : value < 0 ? 'down' : '';
  }

  #renderFigures(data: PortfolioLive) {
    const pnl = this.#direction(data.pnl);
    const change = this.#direction(data.change24h);
    return html`
      <p part="total" class="total">${this.format.money(data.totalValue)}</p>
      <dl class="figures">
        <div>
          <dt>Profit / loss</dt>
          <dd part="pnl ${pnl}" class=${pnl}>${this.format.money(data.pnl, { signed: true })} <span class="pct">(${this.format.percentPoints(data.pnlPercent)})</span></dd>
        </div>
        <div>
          <dt>24 h change</dt>
          <dd part="change ${change}" class=${change}>${this.format.money(data.change24h, { signed: true })} <span class="pct">(${this.format.percentPoints(data.change24hPercent)})</span></dd>
        </div>
      </dl>
      ${renderAllocation(this.allocation, data.allocation, this.format)}
      <p part="updated" class="updated muted">Last updated <time datetime=${new Date(data.ts).toISOString()}>${this.format.time(data.ts)}</time></p>`;
  }

  #renderSkeleton() {
    return html`<p part="total" class="total"><span class="skeleton"></span></p>
      <dl class="figures">
        <div><dt>Profit / loss</dt><dd><span class="skeleton"></span></dd></div>
        <div><dt>24 h change</dt><dd><span class="skeleton"></span></dd></div>
      </dl>
      <div part="allocation" class="allocation"><span class="skeleton skeleton--bar"></span></div>`;
  }

  #renderStatusLine(state: ReturnType<CrwWidget['viewState']>, result: QueryController<PortfolioLive>['current']) {
    // Waiting for a page to pick a portfolio is normal, so only a malformed id is an alert.
    if (!this.portfolioId) return html`<span part="status" class="status muted" data-state="error">No portfolio chosen.</span>`;
    if (this.#idProblem) {
      return html`<span part="status error" class="status status--error" role="alert" data-state="error">This widget was given a portfolio id that cannot exist.</span>`;
    }
    const status = (result?.error as { status?: number } | null | undefined)?.status;
    if (state === 'error' && status === 404) {
      return html`<span part="status error" class="status status--error" role="alert" data-state="error">No portfolio with id “${this.#id}”.
        <button part="retry" @click=${() => this.#live.refetch()}>Retry</button></span>`;
    }
    return this.renderStatus(state, result, () => this.#live.refetch());
  }

  protected override render() {
    const result = this.#live.result.get();
    const state = this.#idProblem ? 'error' : this.viewState(result);
    const data = result?.data;
    if (data) this.#track(data);
    const problem = this.#subscription.error;
    const name = data?.name ?? (this.#id ? 'Portfolio' : 'No portfolio');
    return html`<section part="base" aria-label=${this.label || `${name} value`} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state}>
      <header part="header">
        <span part="name" class="name"><slot name="header">${name}</slot></span>
        ${this.#renderStatusLine(state, result)}
      </header>
      ${problem ? html`<p class="status status--error" role="alert">${problem.message}</p>` : nothing}
      ${data ? this.#renderFigures(data) : state === 'loading' ? this.#renderSkeleton() : nothing}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
