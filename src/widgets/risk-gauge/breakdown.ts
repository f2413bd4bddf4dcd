import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LossEstimate, RiskFactor, RiskMetrics } from '../../core/protocol/index.js';
import type { FormatController } from '../shared/format-controller.js';

const FACTOR_NAMES: Record<RiskFactor, string> = {
  volatility: 'Volatility',
  valueAtRisk: 'Value at risk',
  drawdown: 'Drawdown',
  concentration: 'Concentration',
  correlation: 'Correlation',
};

/** Volatility, VaR and drawdown are fractions; concentration (HHI) and correlation are plain ratios. */
function factorValue(factor: RiskFactor, value: number, format: FormatController): string {
  return factor === 'concentration' || factor === 'correlation' ? format.number(value, 2) : format.fraction(value);
}

function lossCaption(name: string, estimate: LossEstimate, format: FormatController): string {
  return `${name} (${format.fraction(estimate.confidence, 0)}, ${format.number(estimate.horizonDays)} d)`;
}

/** The factor table, the loss estimates in currency and the return statistics. */
export function renderBreakdown(risk: RiskMetrics, format: FormatController): TemplateResult {
  return html`
    <table part="factors" class="factors">
      <caption>Risk factors</caption>
      <thead><tr><th scope="col">Factor</th><th scope="col">Value</th><th scope="col">Sub-score</th><th scope="col">Contribution</th></tr></thead>
      <tbody>
        ${repeat(risk.breakdown, (item) => item.factor, (item) => html`<tr data-factor=${item.factor}>
          <th scope="row">${FACTOR_NAMES[item.factor] ?? item.factor}</th>
          <td>${factorValue(item.factor, item.value, format)}</td>
          <td>${format.number(item.score, 0)}</td>
          <td>${format.number(item.contribution, 1)}</td>
        </tr>`)}
      </tbody>
    </table>
    <table part="losses" class="losses">
      <caption>Potential loss</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col">Historical</th><th scope="col">Parametric</th></tr></thead>
      <tbody>
        <tr data-measure="var">
          <th scope="row">${lossCaption('Value at risk', risk.valueAtRisk, format)}</th>
          <td>${format.money(risk.valueAtRisk.historical)}</td>
          <td>${format.money(risk.valueAtRisk.parametric)}</td>
        </tr>
        <tr data-measure="es">
          <th scope="row">${lossCaption('Expected shortfall', risk.expectedShortfall, format)}</th>
          <td>${format.money(risk.expectedShortfall.historical)}</td>
          <td>${format.money(risk.expectedShortfall.parametric)}</td>
        </tr>
      </tbody>
    </table>
    <dl part="stats" class="stats">
      <div><dt>Volatility (annualised)</dt><dd data-stat="volatility">${format.fraction(risk.volatility)}</dd></div>
      <div><dt>Max drawdown</dt><dd data-stat="drawdown">${format.fraction(risk.maxDrawdown)}</dd></div>
      <div><dt>Sharpe ratio</dt><dd data-stat="sharpe">${risk.sharpeRatio === null ? 'not available' : format.number(risk.sharpeRatio, 2)}</dd></div>
    </dl>`;
}
