import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PerformanceAlert } from '../../core/elements/index.js';
import type { FormatController } from '../shared/format-controller.js';
import { severityBadge } from './alert-item.js';

/**
 * The page's own performance alerts (from the provider's monitor, while `performance-monitoring`
 * is on), above the feed's alerts. They leave by themselves when their condition clears; Dismiss
 * hides one here until it fires again.
 */
export function performanceAlerts(alerts: readonly PerformanceAlert[], format: FormatController, dismiss: (alert: PerformanceAlert) => void): TemplateResult | typeof nothing {
  if (!alerts.length) return nothing;
  return html`<ol part="performance" aria-label="Performance alerts of this page">
    ${repeat(alerts, (a) => `${a.id}@${a.firedAt}`, (a) => html`<li part="item performance-item ${a.severity}" class=${a.severity} data-performance-alert=${a.id}>
      ${severityBadge({ severity: a.severity })}
      <span part="alert-title">${a.title}</span>
      <time part="time" datetime=${new Date(a.firedAt).toISOString()}>${format.time(a.firedAt)}</time>
      <p part="message">${a.message}</p>
      <div part="actions"><button part="dismiss" aria-label="Dismiss: ${a.title}" @click=${() => dismiss(a)}>Dismiss</button></div>
    </li>`)}
  </ol>`;
}
