import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  annualReturn,
  annualVolatility,
  calmarRatio,
  downsideRisk,
  maxDrawdown,
  omegaRatio,
  sharpeRatio,
  sortinoRatio,
} from './index.js';

function close(actual: number, expected: number, rel = 1e-12): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

// The worked example of docs/ANALYTICS.md: three daily returns.
const r = [0.01, -0.02, 0.03];
const mean = (0.01 - 0.02 + 0.03) / 3; // 0.006667
// Sample variance: sum of squared deviations over n - 1 = 2.
const sampleStd = Math.sqrt(((0.01 - mean) ** 2 + (-0.02 - mean) ** 2 + (0.03 - mean) ** 2) / 2); // 0.025166

describe('return metrics, checked by hand', () => {
  test('annualReturn is the CAGR of the compounded growth', () => {
    const growth = 1.01 * 0.98 * 1.03; // 1.019494
    close(annualReturn(r), growth ** (252 / 3) - 1); // 4.0619 with 252 periods a year
    close(annualReturn(r), 4.0618891594159985, 1e-10); // numpy reference
    close(annualReturn(r, { annualization: 365 }), growth ** (365 / 3) - 1);
    close(annualReturn(r, { period: 'monthly' }), growth ** (12 / 3) - 1);
    close(annualReturn(r, { period: 'quarterly' }), growth ** (4 / 3) - 1);
    close(annualReturn(r, { period: 'weekly', annualization: 1 }), growth ** (1 / 3) - 1); // annualization wins
  });

  test('annualVolatility uses the sample (n - 1) deviation', () => {
    close(annualVolatility(r), sampleStd * Math.sqrt(252)); // 0.025166 * 15.8745 = 0.39950
    close(annualVolatility(r), 0.3994996871087636, 1e-12);
    close(annualVolatility(r, { annualization: 365 }), sampleStd * Math.sqrt(365));
    close(annualVolatility(r, { period: 'yearly' }), sampleStd);
  });

  test('sharpeRatio is mean over sample std of excess returns, times sqrt(ann)', () => {
    close(sharpeRatio(r), (mean / sampleStd) * Math.sqrt(252)); // 4.2053
    close(sharpeRatio(r), 4.205259864302774, 1e-12);
    const rf = 0.001;
    const ex = r.map((x) => x - rf);
    const exMean = mean - rf;
    const exStd = Math.sqrt(ex.reduce((a, x) => a + (x - exMean) ** 2, 0) / 2); // unchanged by a constant shift
    close(sharpeRatio(r, { riskFree: rf }), (exMean / exStd) * Math.sqrt(252));
    // An array risk-free rate is subtracted period by period: excess = [0.009, -0.022, 0.027].
    const exArr = [0.009, -0.022, 0.027];
    const m = (0.009 - 0.022 + 0.027) / 3;
    const s = Math.sqrt(exArr.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
    close(sharpeRatio(r, { riskFree: [0.001, 0.002, 0.003] }), (m / s) * Math.sqrt(252));
  });

  test('downsideRisk is the root mean square of the clipped shortfall, over all periods', () => {
    // min(r, 0) = [0, -0.02, 0]; mean of squares = 0.0004 / 3; not a sample std.
    close(downsideRisk(r), Math.sqrt(0.0004 / 3) * Math.sqrt(252)); // 0.18330
    close(downsideRisk(r), 0.18330302779823363, 1e-12);
    // Required 0.015: shortfalls [-0.005, -0.035, 0] -> (0.000025 + 0.001225) / 3.
    close(downsideRisk(r, { requiredReturn: 0.015 }), Math.sqrt((0.000025 + 0.001225) / 3) * Math.sqrt(252));
  });

  test('sortinoRatio is the annualised mean excess over annualised downside risk', () => {
    close(sortinoRatio(r), (mean * 252) / (Math.sqrt(0.0004 / 3) * Math.sqrt(252))); // 9.1652
    close(sortinoRatio(r), 9.165151389911678, 1e-12);
    // Array required returns: shortfalls [0, -0.03, 0], excess mean (0.01 - 0.03 + 0.03) / 3.
    close(
      sortinoRatio(r, { requiredReturn: [0, 0.01, 0] }),
      (((0.01 - 0.03 + 0.03) / 3) * 252) / (Math.sqrt(0.0009 / 3) * Math.sqrt(252)),
    );
  });

  test('maxDrawdown starts from the value before the first return', () => {
    // Values 100, 101, 98.98, 101.9494: the fall from 101 to 98.98 is -2 %.
    close(maxDrawdown(r), (98.98 - 101) / 101);
    close(maxDrawdown([-0.1, 0.05]), -0.1); // a first-period loss counts
    // 100 -> 110 -> 88 -> 96.8 -> 77.44: peak 110, trough 77.44.
    close(maxDrawdown([0.1, -0.2, 0.1, -0.2]), 77.44 / 110 - 1);
    assert.equal(maxDrawdown([0.01, 0.02]), 0);
  });

  test('calmarRatio divides the CAGR by the drawdown size', () => {
    close(calmarRatio(r), (Math.pow(1.01 * 0.98 * 1.03, 84) - 1) / 0.02, 1e-10); // 203.09
    assert.ok(Number.isNaN(calmarRatio([0.01, 0.02]))); // no drawdown
  });

  test('omegaRatio: gains over losses around a de-annualised threshold', () => {
    // Threshold 0: gains 0.01 + 0.03, losses 0.02.
    close(omegaRatio(r), 0.04 / 0.02);
    // An annual required return of 10 % becomes 1.1^(1/252) - 1 per day.
    const t = Math.pow(1.1, 1 / 252) - 1;
    const x = r.map((v) => v - t);
    const gains = x.filter((v) => v > 0).reduce((a, b) => a + b, 0);
    const losses = -x.filter((v) => v < 0).reduce((a, b) => a + b, 0);
    close(omegaRatio(r, { requiredReturn: 0.1 }), gains / losses);
    // With annualization 1 the required return is used as it is.
    close(omegaRatio(r, { annualization: 1, requiredReturn: 0.01 }), 0.02 / (0.03 + 0));
    close(omegaRatio(r, { riskFree: 0.01 }), 0.02 / 0.03);
    assert.ok(Number.isNaN(omegaRatio(r, { requiredReturn: -1 })));
    assert.ok(Number.isNaN(omegaRatio([0.01, 0.02]))); // no losses
  });
});
