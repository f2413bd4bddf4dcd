import type { AlertSeverity, RiskLevel } from '../protocol/index.js';

/** What the alert rules look at in one risk reading. */
export interface RiskAlertState {
  readonly score: number;
  readonly level: RiskLevel;
  /** Value at risk in currency (positive for a loss). */
  readonly valueAtRisk: number;
  /** Portfolio value in the same currency. */
  readonly value: number;
  /** Herfindahl index of the weights. */
  readonly concentration: number;
}

export interface RiskAlertLimits {
  /** Alert when the score reaches this. Default 75. */
  score?: number;
  /** Alert when value at risk reaches this fraction of value. Default 0.1. */
  valueAtRiskFraction?: number;
  /** Alert when the Herfindahl index reaches this. Default 0.5. */
  concentration?: number;
}

export const DEFAULT_RISK_ALERT_LIMITS: Readonly<Required<RiskAlertLimits>> = Object.freeze({
  score: 75,
  valueAtRiskFraction: 0.1,
  concentration: 0.5,
});

export type RiskAlertMetric = 'score' | 'valueAtRiskFraction' | 'concentration';

/** A risk event, as data: the server stores it as an `Alert` of the same kind. */
export type RiskAlert =
  | {
      readonly kind: 'risk_level';
      readonly severity: AlertSeverity;
      readonly title: string;
      readonly message: string;
      readonly from: RiskLevel;
      readonly to: RiskLevel;
    }
  | {
      readonly kind: 'risk_threshold';
      readonly severity: AlertSeverity;
      readonly title: string;
      readonly message: string;
      readonly metric: RiskAlertMetric;
      readonly value: number;
      readonly limit: number;
    };

const LEVEL_RANK: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

function metricValue(state: RiskAlertState, metric: RiskAlertMetric): number {
  if (metric === 'score') return state.score;
  if (metric === 'concentration') return state.concentration;
  return state.value > 0 ? state.valueAtRisk / state.value : Number.NaN;
}

const METRIC_TEXT: Readonly<Record<RiskAlertMetric, (v: number, limit: number) => [string, string]>> = {
  score: (v, l) => ['Risk score above limit', `Risk score ${v.toFixed(1)} reached the limit of ${l}.`],
  valueAtRiskFraction: (v, l) => [
    'Value at risk above limit',
    `Value at risk is ${(v * 100).toFixed(1)} % of the portfolio, at or above the limit of ${(l * 100).toFixed(1)} %.`,
  ],
  concentration: (v, l) => [
    'Portfolio concentrated',
    `Concentration (Herfindahl index) ${v.toFixed(2)} reached the limit of ${l}.`,
  ],
};

/**
 * Alerts for the step from `previous` to `next`: a `risk_level` alert when the level changed, and
 * a `risk_threshold` alert for each limit that `next` reaches and `previous` did not (edge
 * triggered, so a portfolio that stays above a limit is reported once; with no previous reading
 * every limit already reached is reported).
 */
export function getRiskAlerts(previous: RiskAlertState | undefined, next: RiskAlertState, limits: RiskAlertLimits = {}): RiskAlert[] {
  const l = { ...DEFAULT_RISK_ALERT_LIMITS, ...limits };
  const alerts: RiskAlert[] = [];
  if (previous && previous.level !== next.level) {
    const rising = LEVEL_RANK[next.level] > LEVEL_RANK[previous.level];
    alerts.push({
      kind: 'risk_level',
      severity: next.level === 'critical' ? 'critical' : rising && next.level === 'high' ? 'warning' : 'info',
      title: rising ? `Risk level rose to ${next.level}` : `Risk level fell to ${next.level}`,
      message: `Portfolio risk moved from ${previous.level} to ${next.level} (score ${next.score.toFixed(1)}).`,
      from: previous.level,
      to: next.level,
    });
  }
  for (const metric of ['score', 'valueAtRiskFraction', 'concentration'] as const) {
    const limit = l[metric];
    const value = metricValue(next, metric);
    const before = previous ? metricValue(previous, metric) : Number.NaN;
    if (!(value >= limit) || before >= limit) continue;
    const [title, message] = METRIC_TEXT[metric](value, limit);
    alerts.push({
      kind: 'risk_threshold',
      severity: metric === 'score' && next.level === 'critical' ? 'critical' : 'warning',
      title,
      message,
      metric,
      value,
      limit,
    });
  }
  return alerts;
}
