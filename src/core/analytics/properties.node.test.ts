import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as A from './index.js';

const ret = fc.double({ min: -0.5, max: 0.5, noNaN: true });
const returnsArb = fc.array(ret, { minLength: 2, maxLength: 120 });

function rel(actual: number, expected: number, tol = 1e-9, scale = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol * Math.max(Math.abs(expected), scale, 1e-300);
}

describe('properties', () => {
  test('CVaR is at or below VaR at the same cutoff', () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0.001, max: 0.999, noNaN: true }), (r, cutoff) => {
        assert.ok(A.conditionalValueAtRisk(r, { cutoff }) <= A.valueAtRisk(r, { cutoff }) + 1e-15);
      }),
    );
  });

  test('volatility scales with the square root of the annualisation', () => {
    fc.assert(
      fc.property(returnsArb, fc.integer({ min: 1, max: 1000 }), (r, ann) => {
        const base = A.annualVolatility(r, { annualization: 1 });
        assert.ok(rel(A.annualVolatility(r, { annualization: ann }), base * Math.sqrt(ann), 1e-12));
        assert.ok(rel(A.annualVolatility(r, { annualization: 4 * ann }), 2 * A.annualVolatility(r, { annualization: ann }), 1e-12));
      }),
    );
  });

  test('component risk contributions sum to the portfolio volatility', () => {
    const n = fc.integer({ min: 1, max: 8 });
    fc.assert(
      fc.property(
        n.chain((k) =>
          fc.tuple(
            fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: k, maxLength: k }),
            fc.array(fc.array(ret, { minLength: k, maxLength: k }), { minLength: k + 2, maxLength: 60 }),
          ),
        ),
        ([raw, rows]) => {
          const weights = A.normalizeWeights(raw);
          const series = weights.map((_, i) => rows.map((row) => row[i]!));
          const cov = A.covarianceMatrix(series);
          const parts = A.componentRisk(weights, cov);
          const sum = parts.contributions.reduce((a, b) => a + b, 0);
          assert.ok(rel(sum, parts.volatility, 1e-9, 1e-12));
          if (parts.volatility > 0) assert.ok(rel(parts.shares.reduce((a, b) => a + b, 0), 1, 1e-9));
        },
      ),
    );
  });

  test('breakdown contributions sum to the score exactly, and the score stays in 0..100', () => {
    const factor = fc.oneof(fc.double({ min: -3, max: 3 }), fc.constant(NaN), fc.constant(Infinity));
    const weight = fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ volatility: factor, valueAtRiskFraction: factor, maxDrawdown: factor, concentration: factor, correlation: factor }),
        fc.option(fc.record({ volatility: weight, valueAtRisk: weight, drawdown: weight, concentration: weight, correlation: weight }), { nil: undefined }),
        (inputs, weights) => {
          const config = weights ? { weights } : {};
          const breakdown = A.getRiskBreakdown(inputs, config);
          let sum = 0;
          for (const item of breakdown) sum += item.contribution;
          const score = A.calculateRiskScore(inputs, config);
          assert.equal(sum, score);
          assert.ok(score >= 0 && score <= 100, `score ${score}`);
          for (const item of breakdown) assert.ok(Number.isFinite(item.value) && item.contribution >= 0);
        },
      ),
    );
  });

  test('scaling every price by a constant leaves the return metrics unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 4, maxLength: 80 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (prices, c) => {
          const a = A.simpleReturns(prices);
          // The first return only sets the level of the fitted line. When every later move is within a few
          // ulps of zero there is no trend to fit, and R² is rounding noise on both sides.
          fc.pre(a.slice(1).some((r) => Math.abs(r) > 1e-7));
          const b = A.simpleReturns(prices.map((p) => p * c));
          const metrics: ((r: number[]) => number)[] = [
            A.annualReturn, A.annualVolatility, A.maxDrawdown, A.downsideRisk, A.valueAtRisk,
            A.conditionalValueAtRisk, A.stabilityOfTimeseries,
          ];
          // Price ratios round differently once scaled, so a near-zero metric is compared with an absolute floor.
          for (const m of metrics) assert.ok(rel(m(b), m(a), 1e-6, 1e-6), `${m.name}: ${m(a)} vs ${m(b)}`);
        },
      ),
    );
  });

  test('inputs are never modified', () => {
    fc.assert(
      fc.property(returnsArb, returnsArb, (r, f) => {
        const n = Math.min(r.length, f.length);
        const rs = Object.freeze(r.slice(0, n));
        const fs = Object.freeze(f.slice(0, n));
        const rf = Object.freeze(fs.map((x) => x / 100));
        const before = JSON.stringify([rs, fs, rf]);
        const opts = { riskFree: rf, requiredReturn: rf };
        for (const fn of [A.annualReturn, A.annualVolatility, A.sharpeRatio, A.sortinoRatio, A.downsideRisk, A.maxDrawdown,
          A.calmarRatio, A.omegaRatio, A.valueAtRisk, A.conditionalValueAtRisk, A.tailRatio, A.stabilityOfTimeseries]) {
          fn(rs, opts);
        }
        for (const fn of [A.alpha, A.beta, A.excessSharpe, A.captureRatio, A.upCapture, A.downCapture, A.upDownCapture]) {
          fn(rs, fs, { riskFree: rf });
        }
        A.covarianceMatrix([rs, fs]);
        A.componentRisk([0.5, 0.5], [[1, 0], [0, 1]]);
        assert.equal(JSON.stringify([rs, fs, rf]), before);
      }),
    );
  });
});
