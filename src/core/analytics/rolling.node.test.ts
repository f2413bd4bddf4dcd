import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as A from './index.js';

// Relative tolerance 1e-9, measured against the size of the quantity or, when that is near zero,
// against the magnitude of the data it came from: a downdate leaves rounding error of the order
// of the values that left the window, not of what remains.
function near(actual: number, expected: number, scale = 0, tol = 1e-9): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `expected NaN, got ${actual}`);
  const bound = tol * Math.max(Math.abs(expected), scale);
  assert.ok(Math.abs(actual - expected) <= bound, `expected ${expected}, got ${actual} (bound ${bound})`);
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Returns on a 1e-6 grid within ±20 %: the range prices move in, without the subnormal doubles
// whose products underflow (where no relative tolerance means anything).
const aReturn = fc.integer({ min: -200_000, max: 200_000 }).map((k) => k / 1e6);
const updates = fc.array(aReturn, { minLength: 1, maxLength: 400 });

describe('rolling statistics equal the batch recompute of the same window', () => {
  test('RollingMoments: mean and sample variance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), updates, (w, xs) => {
        const m = new A.RollingMoments(w);
        xs.forEach((x, i) => {
          m.push(x);
          const window = xs.slice(Math.max(0, i + 1 - w), i + 1);
          const magnitude = Math.max(...xs.slice(Math.max(0, i + 1 - 2 * w), i + 1).map(Math.abs));
          near(m.mean, A.nanMean(window), magnitude);
          if (window.length > 1) near(m.std(1), A.nanStd(window, 1), magnitude * 1e-3);
        });
      }),
    );
  });

  test('RollingMoments skips NaN like nanmean', () => {
    const m = new A.RollingMoments(3);
    for (const x of [0.01, NaN, 0.03, -0.02]) m.push(x);
    near(m.mean, (0.03 - 0.02) / 2);
    assert.equal(m.count, 2);
    assert.equal(m.size, 3);
  });

  test('RollingQuantiles: value at risk and CVaR', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), updates, fc.double({ min: 0.01, max: 0.5, noNaN: true }), (w, xs, cutoff) => {
        const q = new A.RollingQuantiles(w);
        xs.forEach((x, i) => {
          q.push(x);
          const window = xs.slice(Math.max(0, i + 1 - w), i + 1);
          // The batch form computes np.percentile(r, 100 * cutoff), whose q may differ by an ulp.
          near(q.quantile(cutoff), A.valueAtRisk(window, { cutoff }), Math.max(...window.map(Math.abs)));
          const k = Math.trunc((window.length - 1) * cutoff) + 1;
          assert.equal(q.meanOfSmallest(k), A.conditionalValueAtRisk(window, { cutoff }));
        });
      }),
    );
  });

  test('RollingDrawdown: maximum drawdown of the window of values', () => {
    const values = fc.array(fc.double({ min: 1, max: 200, noNaN: true }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), values, (w, vs) => {
        const d = new A.RollingDrawdown(w);
        vs.forEach((v, i) => {
          d.push(v);
          const window = vs.slice(Math.max(0, i + 1 - w), i + 1);
          // Drawdowns are fractions of value: rounding of the price ratios sits near 1e-16.
          near(d.maxDrawdown(), A.maxDrawdown(A.simpleReturns(window)), 1e-6);
          const extra = 100;
          near(d.maxDrawdown(extra), A.maxDrawdown(A.simpleReturns([...window, extra])), 1e-6);
        });
      }),
    );
  });

  test('RollingCovariance: covariance and correlation matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((dim) =>
          fc.tuple(fc.constant(dim), fc.integer({ min: 2, max: 30 }), fc.array(fc.array(aReturn, { minLength: dim, maxLength: dim }), { minLength: 2, maxLength: 150 })),
        ),
        ([dim, w, rows]) => {
          const c = new A.RollingCovariance(dim, w);
          rows.forEach((row, t) => {
            c.push(row);
            const window = rows.slice(Math.max(0, t + 1 - w), t + 1);
            if (window.length < 2) return;
            const series = Array.from({ length: dim }, (_, i) => window.map((r) => r[i]!));
            const cov = A.covarianceMatrix(series);
            const recent = rows.slice(Math.max(0, t + 1 - 2 * w), t + 1);
            for (let i = 0; i < dim; i += 1) {
              for (let j = 0; j < dim; j += 1) {
                const magnitude = Math.max(...recent.map((r) => Math.abs(r[i]!))) * Math.max(...recent.map((r) => Math.abs(r[j]!)));
                near(c.covariance(i, j), cov[i]![j]!, magnitude * 1e-3);
              }
            }
          });
        },
      ),
    );
  });

  test('no drift after a long run: 50 000 updates through a window of 64', () => {
    const rand = lcg(42);
    const w = 64;
    const m = new A.RollingMoments(w);
    const c = new A.RollingCovariance(3, w);
    const risk = new A.RollingValueRisk(w);
    const xs: number[] = [];
    const values: number[] = [];
    let value = 1000;
    for (let t = 0; t < 50_000; t += 1) {
      // Large level shifts stress the cancellation in the downdates.
      const x = (rand() - 0.5) * 0.1 + (t % 5000 < 2500 ? 0.05 : -0.05);
      m.push(x);
      c.push([x, rand() - 0.5, x * 2 + rand() * 0.01]);
      xs.push(x);
      value *= 1 + x / 10;
      risk.push(value);
      values.push(value);
    }
    const window = xs.slice(-w);
    near(m.mean, A.nanMean(window), A.nanStd(window));
    near(m.std(1), A.nanStd(window, 1));
    near(c.covariance(0, 0), A.covarianceMatrix([window])[0]![0]!);
    const returns = A.simpleReturns(values.slice(-(w + 1)));
    const snap = risk.snapshot({ annualization: 365, confidence: 0.95, horizon: 1 });
    near(snap.volatility, A.annualVolatility(returns, { annualization: 365 }));
    near(snap.maxDrawdown, A.maxDrawdown(returns), 1e-6);
    const hist = A.historicalLoss(returns, 1, { confidence: 0.95 });
    const para = A.parametricLoss(returns, 1, { confidence: 0.95 });
    near(snap.historicalVaR, hist.valueAtRisk, 1e-12);
    near(snap.historicalES, hist.expectedShortfall, 1e-12);
    near(snap.parametricVaR, para.valueAtRisk, 1e-12);
    near(snap.parametricES, para.expectedShortfall, 1e-12);
    near(snap.sharpeRatio, A.sharpeRatio(returns, { annualization: 365 }), 1e-6);
  });

  test('RollingValueRisk matches the batch loss estimates on random windows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(aReturn, { minLength: 3, maxLength: 200 }),
        fc.constantFrom(0.9, 0.95, 0.99),
        fc.constantFrom(1, 24, 1440),
        (w, rs, confidence, horizon) => {
          const risk = new A.RollingValueRisk(w);
          const values = [100];
          for (const r of rs) values.push(values[values.length - 1]! * (1 + r));
          values.forEach((v) => risk.push(v));
          const returns = A.simpleReturns(values.slice(-(w + 1)));
          const snap = risk.snapshot({ annualization: 365, confidence, horizon });
          const hist = A.historicalLoss(returns, 1, { confidence, horizon });
          const para = A.parametricLoss(returns, 1, { confidence, horizon });
          const scale = A.nanStd(returns, 1) * Math.sqrt(horizon) + 1e-12;
          near(snap.historicalVaR, hist.valueAtRisk, scale);
          near(snap.historicalES, hist.expectedShortfall, scale);
          if (A.nanStd(returns, 1) > 1e-9) {
            near(snap.parametricVaR, para.valueAtRisk, scale);
            near(snap.volatility, A.annualVolatility(returns, { annualization: 365 }));
          }
          near(snap.maxDrawdown, A.maxDrawdown(returns), 1e-6);
        },
      ),
    );
  });
});
