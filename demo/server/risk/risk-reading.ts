import {
  getRiskBreakdown,
  getRiskLevel,
  sumContributions,
  type RiskInputs,
  type RiskScoreConfig,
  type RollingRiskSnapshot,
} from '../../../src/core/analytics/index.js';
import type { RiskBreakdownItem, RiskLevel } from '../../../src/core/protocol/index.js';

/** Score, level and breakdown from one rolling snapshot; the same rule as `getRiskSummary`. */
export interface RiskReading {
  readonly inputs: RiskInputs;
  readonly breakdown: RiskBreakdownItem[];
  readonly score: number;
  readonly level: RiskLevel;
}

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

export function readRisk(
  snapshot: RollingRiskSnapshot,
  weights: readonly number[],
  correlation: number,
  config?: RiskScoreConfig,
): RiskReading {
  const concentration = weights.length > 0 ? weights.reduce((acc, w) => acc + w * w, 0) : Number.NaN;
  const inputs: RiskInputs = {
    volatility: snapshot.volatility,
    valueAtRiskFraction: Math.max(finite(snapshot.historicalVaR), finite(snapshot.parametricVaR)),
    maxDrawdown: snapshot.maxDrawdown,
    concentration,
    correlation,
  };
  const breakdown = getRiskBreakdown(inputs, config);
  const score = sumContributions(breakdown);
  return { inputs, breakdown, score, level: getRiskLevel(score) };
}

/**
 * Weighted mean pairwise correlation, reading pairs through `rho` (NaN pairs left out); 1 when no
 * pair counts (one holding diversifies nothing), NaN with no holdings at all.
 */
export function weightedCorrelation(weights: readonly number[], rho: (i: number, j: number) => number): number {
  if (weights.length === 0) return Number.NaN;
  let num = 0;
  let den = 0;
  for (let i = 0; i < weights.length; i += 1) {
    for (let j = i + 1; j < weights.length; j += 1) {
      const r = rho(i, j);
      const ww = (weights[i] as number) * (weights[j] as number);
      if (Number.isNaN(r) || ww === 0) continue;
      num += ww * r;
      den += ww;
    }
  }
  return den === 0 ? 1 : num / den;
}
