import { svg, type SVGTemplateResult } from 'lit';
import type { AlertSeverity } from '../../core/protocol/index.js';

export const SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

export const SEVERITY_LABEL: Record<AlertSeverity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

/**
 * One shape per severity (circle, triangle, octagon), so the level reads without colour; the
 * visible label next to it carries the meaning, so the icon is hidden from assistive technology.
 */
export function severityIcon(severity: AlertSeverity): SVGTemplateResult {
  switch (severity) {
    case 'info':
      return svg`<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 7v4.5M8 4.4v.2" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>`;
    case 'warning':
      return svg`<path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v3.8M8 11.8v.2" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>`;
    case 'critical':
      return svg`<path d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1z" fill="currentColor"/><path d="M8 4.2v4.6M8 11.2v.2" stroke="var(--crw-color-bg)" stroke-width="1.8" stroke-linecap="round"/>`;
  }
}
