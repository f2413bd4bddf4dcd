import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { riskMetricsSchema, validate } from '../protocol/index.js';
import * as A from './index.js';

function close(actual: number, expected: number, rel = 1e-12): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

describe('portfolio mathematics', () => {
  test('portfolio values hold today’s quantities at past closes, aligned on the latest end', () => {
    const histories = { BTC: [100, 110, 99], ETH: [5, 10, 12, 11] };
    const holdings = [{ assetId: 'BTC', quantity: 2 }, { assetId: 'ETH', quantity: 10 }];
    // ETH is cut to its last 3 closes: [10, 12, 11].
    assert.deepEqual(A.portfolioValues(holdings, histories), [2 * 100 + 10 * 10, 2 * 110 + 10 * 12, 2 * 99 + 10 * 11]);
    const r = A.portfolioReturns(holdings, new Map(Object.entries(histories)));
    close(r[0]!, 340 / 300 - 1);
    close(r[1]!, 308 / 340 - 1);
    assert.deepEqual(A.portfolioValues([{ assetId: 'XRP', quantity: 1 }], histories), []);
  });

  test('Herfindahl index of the weights', () => {
    close(A.herfindahlIndex([0.5, 0.5]), 0.5);
    close(A.herfindahlIndex([1, 1, 1, 1]), 0.25); // normalised first: 4 * (1/4)^2
    close(A.herfindahlIndex([3, 1]), 0.75 ** 2 + 0.25 ** 2);
    close(A.herfindahlIndex([7]), 1);
    assert.ok(Number.isNaN(A.herfindahlIndex([])));
  });

  test('covariance (n - 1) and correlation matrices', () => {
    const a = [0.01, 0.02, 0.03];
    const b = [0.02, 0.04, 0.06];
    const c = [0.03, 0.02, 0.01];
    const cov = A.covarianceMatrix([a, b]);
    close(cov[0]![0]!, (0.01 ** 2 + 0 + 0.01 ** 2) / 2); // deviations -0.01, 0, 0.01
    close(cov[0]![1]!, (0.01 * 0.02 + 0 + 0.01 * 0.02) / 2);
    const corr = A.correlationMatrix([a, b, c]);
    close(corr[0]![1]!, 1);
    close(corr[0]![2]!, -1);
    assert.equal(corr[1]![1], 1);
    assert.ok(Number.isNaN(A.correlationMatrix([a, [0, 0, 0]])[0]![1]!)); // a flat series has no correlation
  });

  test('component risk w_i (S w)_i / sigma sums to sigma', () => {
    const w = [0.6, 0.4];
    const cov = [[0.04, 0.006], [0.006, 0.01]];
    // S w = [0.04*0.6 + 0.006*0.4, 0.006*0.6 + 0.01*0.4] = [0.0264, 0.0076]
    const variance = 0.6 * 0.0264 + 0.4 * 0.0076; // 0.01888
    const parts = A.componentRisk(w, cov);
    close(parts.volatility, Math.sqrt(variance));
    close(parts.contributions[0]!, (0.6 * 0.0264) / Math.sqrt(variance));
    close(parts.contributions[1]!, (0.4 * 0.0076) / Math.sqrt(variance));
    close(parts.shares[0]! + parts.shares[1]!, 1);
    assert.deepEqual(A.componentRisk([1], [[0]]).contributions, [0]);
  });

  test('weighted average correlation', () => {
    const corr = [[1, 0.5, -0.2], [0.5, 1, 0.1], [-0.2, 0.1, 1]];
    const w = [0.5, 0.3, 0.2];
    const num = 0.5 * 0.3 * 0.5 + 0.5 * 0.2 * -0.2 + 0.3 * 0.2 * 0.1;
    const den = 0.5 * 0.3 + 0.5 * 0.2 + 0.3 * 0.2;
    close(A.averageCorrelation(w, corr), num / den);
    assert.equal(A.averageCorrelation([1], [[1]]), 1); // one holding: no diversification
  });
});

describe('loss estimates in currency', () => {
  const r10 = [0.05, -0.1, 0.02, -0.03, 0.04, 0.01, -0.06, 0.03, 0.02, -0.01];

  test('historical VaR and ES, scaled by the square root of the horizon', () => {
    // 5 % quantile of r10 is -0.082 (see the tail metrics); the tail mean is the worst return -0.1.
    const one = A.historicalLoss(r10, 1000, { confidence: 0.95 });
    close(one.valueAtRisk, 82);
    close(one.expectedShortfall, 100);
    const four = A.historicalLoss(r10, 1000, { confidence: 0.95, horizon: 4 });
    close(four.valueAtRisk, 164); // sqrt(4) = 2
    close(four.expectedShortfall, 200);
  });

  test('parametric VaR and ES from the normal distribution', () => {
    const mean = r10.reduce((a, b) => a + b, 0) / 10; // -0.003
    const sd = Math.sqrt(r10.reduce((a, x) => a + (x - mean) ** 2, 0) / 9);
    const z = 1.6448536269514722; // scipy.stats.norm.ppf(0.95)
    const esFactor = 2.0627128075074275; // norm.pdf(z) / 0.05
    const p = A.parametricLoss(r10, 1000, { confidence: 0.95 });
    close(p.valueAtRisk, (z * sd - mean) * 1000, 1e-12);
    close(p.expectedShortfall, (sd * esFactor - mean) * 1000, 1e-12);
    const h = A.parametricLoss(r10, 1000, { confidence: 0.95, horizon: 9 });
    close(h.valueAtRisk, (z * sd * 3 - mean * 9) * 1000, 1e-12);
    assert.throws(() => A.parametricLoss(r10, 1, { confidence: 1 }), RangeError);
  });
});

describe('risk score, level, trend, breakdown and alerts', () => {
  const half = { volatility: 0.75, valueAtRiskFraction: 0.05, maxDrawdown: -0.25, concentration: 0.5, correlation: 0.5 };

  test('each factor at half its scale scores 50 in total', () => {
    const b = A.getRiskBreakdown(half);
    assert.deepEqual(b.map((i) => i.factor), ['volatility', 'valueAtRisk', 'drawdown', 'concentration', 'correlation']);
    assert.deepEqual(b.map((i) => i.contribution), [15, 12.5, 10, 7.5, 5]); // 30, 25, 20, 15, 10 points at 50 %
    assert.deepEqual(b.map((i) => i.score), [50, 50, 50, 50, 50]);
    assert.equal(A.calculateRiskScore(half), 50);
    assert.equal(A.calculateRiskScore({ ...half, volatility: 9, valueAtRiskFraction: 1, maxDrawdown: -1, concentration: 1, correlation: 1 }), 100);
    assert.equal(A.calculateRiskScore({ ...half, volatility: NaN, valueAtRiskFraction: -1, maxDrawdown: 0, concentration: 0, correlation: -0.5 }), 0);
    // Custom weights: only volatility counts.
    assert.equal(A.calculateRiskScore(half, { weights: { volatility: 1, valueAtRisk: 0, drawdown: 0, concentration: 0, correlation: 0 } }), 50);
  });

  test('levels at 25, 50 and 75', () => {
    assert.equal(A.getRiskLevel(0), 'low');
    assert.equal(A.getRiskLevel(24.999), 'low');
    assert.equal(A.getRiskLevel(25), 'medium');
    assert.equal(A.getRiskLevel(50), 'high');
    assert.equal(A.getRiskLevel(75), 'critical');
    assert.equal(A.getRiskLevel(60, { critical: 60 }), 'critical');
  });

  test('trend from the fitted change over the window', () => {
    assert.equal(A.getRiskTrend([10, 12, 14, 16, 18]), 'deteriorating'); // slope 2 over 4 steps = +8
    assert.equal(A.getRiskTrend([18, 16, 14, 12, 10]), 'improving');
    assert.equal(A.getRiskTrend([50, 51, 49, 52, 50]), 'stable');
    assert.equal(A.getRiskTrend([10, 14]), 'stable'); // +4 is within the tolerance of 5
    assert.equal(A.getRiskTrend([10, 14], { tolerance: 3 }), 'deteriorating');
    assert.equal(A.getRiskTrend([90, 10, 10, 10], { window: 3 }), 'stable');
    assert.equal(A.getRiskTrend([]), 'stable');
  });

  test('alerts fire on level changes and on crossing a limit, once', () => {
    const calm = { score: 30, level: 'medium' as const, valueAtRisk: 20, value: 1000, concentration: 0.3 };
    const hot = { score: 80, level: 'critical' as const, valueAtRisk: 150, value: 1000, concentration: 0.6 };
    const alerts = A.getRiskAlerts(calm, hot);
    assert.deepEqual(alerts.map((a) => a.kind), ['risk_level', 'risk_threshold', 'risk_threshold', 'risk_threshold']);
    assert.equal(alerts[0]!.severity, 'critical');
    assert.deepEqual(alerts.slice(1).map((a) => (a.kind === 'risk_threshold' ? a.metric : '')), ['score', 'valueAtRiskFraction', 'concentration']);
    assert.deepEqual(A.getRiskAlerts(hot, { ...hot, score: 82 }), []); // still above: no repeat
    const down = A.getRiskAlerts(hot, calm);
    assert.equal(down.length, 1);
    assert.equal(down[0]!.severity, 'info');
    assert.equal(A.getRiskAlerts(undefined, hot).length, 3); // no level change without a previous reading
    assert.deepEqual(A.getRiskAlerts(calm, { ...calm, concentration: 0.45 }, { concentration: 0.4 }).map((a) => a.kind), ['risk_threshold']);
  });
});

describe('getRiskSummary', () => {
  function walk(seed: number, n: number, start: number, drift: number, vol: number): number[] {
    let s = seed;
    const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
    const out = [start];
    for (let i = 1; i < n; i += 1) out.push(out[i - 1]! * (1 + drift + vol * (rand() - 0.5)));
    return out;
  }
  const histories = { BTC: walk(1, 91, 60000, 0.001, 0.08), ETH: walk(2, 91, 3000, 0, 0.1), DOGE: walk(3, 91, 0.1, -0.002, 0.2) };
  const holdings = [{ assetId: 'BTC', quantity: 0.5 }, { assetId: 'ETH', quantity: 4 }, { assetId: 'DOGE', quantity: 50000 }];
  const prices = { BTC: histories.BTC[90]!, ETH: histories.ETH[90]!, DOGE: histories.DOGE[90]! };

  test('assembles every metric consistently and validates as RiskMetrics', () => {
    const s = A.getRiskSummary({ holdings, prices, histories, previousScores: [10, 10, 10] });
    const returns = A.portfolioReturns(holdings, histories);
    const value = 0.5 * prices.BTC + 4 * prices.ETH + 50000 * prices.DOGE;
    close(s.volatility, A.annualVolatility(returns, { annualization: 365 }));
    close(s.maxDrawdown, A.maxDrawdown(returns));
    close(s.sharpeRatio!, A.sharpeRatio(returns, { annualization: 365 }));
    close(s.valueAtRisk.historical, A.historicalLoss(returns, value).valueAtRisk, 1e-10);
    close(s.expectedShortfall.parametric, A.parametricLoss(returns, value).expectedShortfall, 1e-10);
    const w = [0.5 * prices.BTC, 4 * prices.ETH, 50000 * prices.DOGE].map((x) => x / value);
    close(s.concentration, w.reduce((a, x) => a + x * x, 0));
    assert.equal(s.score, A.sumContributions(s.breakdown));
    assert.equal(s.level, A.getRiskLevel(s.score));
    assert.equal(s.trend, A.getRiskTrend([10, 10, 10, s.score]));
    const checked = validate(riskMetricsSchema, { ...s, portfolioId: 'p1', ts: 1 });
    assert.ok(checked.ok, JSON.stringify(checked));
  });

  test('an empty portfolio or a missing history still gives a valid, zero-risk reading', () => {
    for (const input of [{ holdings: [], prices, histories }, { holdings: [{ assetId: 'XRP', quantity: 1 }], prices: { XRP: 0.5 }, histories }]) {
      const s = A.getRiskSummary(input);
      assert.ok(validate(riskMetricsSchema, { ...s, portfolioId: 'p1', ts: 1 }).ok);
      assert.equal(s.sharpeRatio, null);
    }
  });
});
