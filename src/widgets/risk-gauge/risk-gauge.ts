import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ChannelSubscriptionController, QueryController } from '../../core/elements/index.js';
import type { RiskLevel, RiskMetrics, RiskTrend } from '../../core/protocol/index.js';
import { portfolioIdProblem } from '../portfolio-value/portfolio-id.js';
import { CrwWidget } from '../shared/crw-widget.js';
import { themeStyles } from '../shared/theme.styles.js';
import { renderBreakdown } from './breakdown.js';
import { RiskLevelChangeEvent } from './events.js';
import { gauge } from './gauge.js';
import { riskGaugeStyles } from './risk-gauge.styles.js';

/** Risk going up is the bad direction, so "deteriorating" points up. */
const TREND: Record<RiskTrend, { arrow: string; text: string }> = {
  improving: { arrow: '↓', text: 'Improving' },
  stable: { arrow: '→', text: 'Stable' },
  deteriorating: { arrow: '↑', text: 'Deteriorating' },
};

/**
 * A portfolio's risk score as a 0-100 gauge in the colour of its level, with its trend and an
 * expandable breakdown: each factor's value, sub-score and contribution, value at risk and
 * expected shortfall (historical and parametric), volatility, maximum drawdown and Sharpe ratio.
 *
 * @summary A portfolio's live risk score with its breakdown.
 * @tagname risk-gauge
 *
 * @fires crw-risk-level-change - Live data moved the risk to another level (not fired on first load). `detail: { portfolioId, from, to, score }`.
 *
 * @slot header - Replaces the title (default: the `label`).
 *
 * @csspart base - The whole widget.
 * @csspart header - The title and status line.
 * @csspart status - The connection / freshness status.
 * @csspart retry - The retry button of the error state.
 * @csspart meter - The gauge (`role="meter"`).
 * @csspart needle - The gauge's needle.
 * @csspart score - The score in figures.
 * @csspart level - The level's name.
 * @csspart trend - The trend arrow and text.
 * @csspart toggle - The button that shows or hides the breakdown.
 * @csspart breakdown - The breakdown panel.
 * @csspart factors - The table of risk factors.
 * @csspart losses - The table of value at risk and expected shortfall.
 * @csspart stats - Volatility, maximum drawdown and Sharpe ratio.
 *
 * @cssprop --crw-risk-low - Colour of the low level (default: the theme's up colour).
 * @cssprop --crw-risk-medium - Colour of the medium level (default: the theme's warning colour).
 * @cssprop --crw-risk-high - Colour of the high level (default: between warning and critical).
 * @cssprop --crw-risk-critical - Colour of the critical level (default: the theme's critical colour).
 * @cssprop --crw-risk-track - Colour of the gauge's empty track.
 * @cssprop --crw-risk-gauge-width - Width of the gauge.
 * @cssprop --crw-risk-needle-duration - How long the needle takes to move (without reduced motion).
 */
export class RiskGauge extends CrwWidget {
  static override styles = [themeStyles, riskGaugeStyles];

  /** The id of the portfolio whose risk to show. */
  @property({ attribute: 'portfolio-id', reflect: true, useDefault: true }) portfolioId = '';

  /** Show the breakdown open. The disclosure button toggles it. */
  @property({ type: Boolean, reflect: true }) expanded = false;

  /** Accessible name of the gauge. */
  @property({ reflect: true, useDefault: true }) label = 'Portfolio risk';

  #id: string | null = null;
  #idProblem: string | null = null;
  #seen: { id: string; level: RiskLevel } | null = null;

  #risk = new QueryController<RiskMetrics>(this, this.data, (s) => (this.#id ? s.queries.risk(this.#id) : null));
  #subscription = new ChannelSubscriptionController(this, this.data, () =>
    this.#id ? { channel: 'risk_metrics_updates', params: { portfolioId: this.#id } } : null,
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('portfolioId')) {
      this.#idProblem = portfolioIdProblem(this.portfolioId);
      if (this.#idProblem && this.portfolioId) this.reportBadAttribute('portfolio-id', this.#idProblem);
      this.#id = this.#idProblem ? null : this.portfolioId;
    }
  }

  /** Compares the level with the last one seen for this portfolio; a change after the first reading is news. */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const data = this.#risk.current?.data;
    if (!data || data.portfolioId !== this.#id) return;
    const seen = this.#seen;
    this.#seen = { id: data.portfolioId, level: data.level };
    if (!seen || seen.id !== data.portfolioId || seen.level === data.level) return;
    this.announcer.announce(`Risk now ${data.level}: ${this.format.number(data.score, 0)} of 100`);
    this.dispatchEvent(new RiskLevelChangeEvent({ portfolioId: data.portfolioId, from: seen.level, to: data.level, score: data.score }));
  }

  #toggle(): void {
    this.expanded = !this.expanded;
  }

  #valueText(risk: RiskMetrics): string {
    return `Risk ${this.format.number(risk.score, 0)} of 100, ${risk.level}, ${risk.trend}`;
  }

  #renderReading(risk: RiskMetrics) {
    const trend = TREND[risk.trend] ?? TREND.stable;
    return html`
      <div part="meter" class="meter" role="meter" aria-label=${this.label} aria-valuemin="0" aria-valuemax="100"
        aria-valuenow=${risk.score} aria-valuetext=${this.#valueText(risk)}>
        <svg viewBox="0 0 120 66" aria-hidden="true" focusable="false">${gauge(risk.score)}</svg>
      </div>
      <p class="reading">
        <span part="score" class="score">${this.format.number(risk.score, 0)}</span>
        <span part="level" class="level">${risk.level}</span>
        <span part="trend" class="trend" data-trend=${risk.trend}><span aria-hidden="true">${trend.arrow}</span> ${trend.text}</span>
      </p>
      <button part="toggle" class="toggle" aria-expanded=${this.expanded ? 'true' : 'false'} aria-controls="breakdown" @click=${this.#toggle}>
        ${this.expanded ? 'Hide breakdown' : 'Show breakdown'}
      </button>
      <div id="breakdown" part="breakdown" class="breakdown" ?hidden=${!this.expanded}>${renderBreakdown(risk, this.format)}</div>`;
  }

  #renderStatusLine(state: ReturnType<CrwWidget['viewState']>, result: QueryController<RiskMetrics>['current']) {
    // Waiting for a page to pick a portfolio is normal, so only a malformed id is an alert.
    if (!this.portfolioId) return html`<span part="status" class="status muted" data-state="error">No portfolio chosen.</span>`;
    if (this.#idProblem) {
      return html`<span part="status error" class="status status--error" role="alert" data-state="error">This widget was given a portfolio id that cannot exist.</span>`;
    }
    if (state === 'error' && (result?.error as { status?: number } | null | undefined)?.status === 404) {
      return html`<span part="status error" class="status status--error" role="alert" data-state="error">No portfolio with id “${this.#id}”.
        <button part="retry" @click=${() => this.#risk.refetch()}>Retry</button></span>`;
    }
    return this.renderStatus(state, result, () => this.#risk.refetch());
  }

  protected override render() {
    const result = this.#risk.result.get();
    const state = this.#idProblem ? 'error' : this.viewState(result);
    const data = result?.data?.portfolioId === this.#id ? result?.data : undefined;
    const problem = this.#subscription.error;
    return html`<section part="base" aria-label=${this.label} aria-busy=${state === 'loading' ? 'true' : 'false'} data-state=${state} data-level=${data?.level ?? nothing}>
      <header part="header">
        <span class="title"><slot name="header">${this.label}</slot></span>
        ${this.#renderStatusLine(state, result)}
      </header>
      ${problem ? html`<p class="status status--error" role="alert">${problem.message}</p>` : nothing}
      ${data ? this.#renderReading(data) : state === 'loading' ? html`<div class="meter"><span class="skeleton skeleton--gauge"></span></div>` : nothing}
      ${this.renderLiveRegion()}
    </section>`;
  }
}
