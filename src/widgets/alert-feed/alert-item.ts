import { html, nothing, type TemplateResult } from 'lit';
import type { Alert } from '../../core/protocol/index.js';
import type { FormatController } from '../shared/format-controller.js';
import { SEVERITY_LABEL, severityIcon } from './severity.js';

export interface AlertItemActions {
  acknowledge: (alert: Alert) => void;
  dismiss: (alert: Alert) => void;
}

/** The severity badge: a shape and a word, never colour alone. */
export function severityBadge(alert: Pick<Alert, 'severity'>): TemplateResult {
  return html`<span part="severity"><svg viewBox="0 0 16 16" aria-hidden="true">${severityIcon(alert.severity)}</svg>${SEVERITY_LABEL[alert.severity]}</span>`;
}

/** One alert of the list. Title and message are feed text and only ever bound as text. */
export function alertItem(alert: Alert, pending: boolean, format: FormatController, actions: AlertItemActions): TemplateResult {
  const acknowledged = alert.acknowledged;
  const ackLabel = acknowledged ? `Acknowledged: ${alert.title}` : pending ? `Acknowledging: ${alert.title}` : `Acknowledge: ${alert.title}`;
  return html`<li part="item ${alert.severity}${acknowledged ? ' acknowledged' : ''}" class="${alert.severity}${acknowledged ? ' acknowledged' : ''}" data-alert=${alert.id}>
    ${severityBadge(alert)}
    <span part="alert-title">${alert.title}</span>
    <time part="time" datetime=${new Date(alert.createdAt).toISOString()}>${format.time(alert.createdAt)}</time>
    <p part="message">${alert.message}</p>
    <div part="actions">
      <button
        part="acknowledge"
        aria-label=${ackLabel}
        aria-disabled=${acknowledged || pending ? 'true' : nothing}
        @click=${() => (acknowledged || pending ? undefined : actions.acknowledge(alert))}
      >${acknowledged ? 'Acknowledged' : pending ? 'Acknowledging…' : 'Acknowledge'}</button>
      <button part="dismiss" aria-label="Dismiss: ${alert.title}" @click=${() => actions.dismiss(alert)}>Dismiss</button>
    </div>
  </li>`;
}

/** Placeholder rows while the first list loads. */
export function skeletonItems(count = 3): TemplateResult {
  return html`${Array.from({ length: count }, () => html`<li part="item" class="info" aria-hidden="true"><span class="skeleton"></span><span class="skeleton"></span></li>`)}`;
}
