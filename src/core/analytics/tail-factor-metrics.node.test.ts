import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  alpha,
  annualReturn,
  beta,
  captureRatio,
  conditionalValueAtRisk,
  downCapture,
  excessSharpe,
  stabilityOfTimeseries,
  tailRatio,
  upCapture,
  upDownCapture,
  valueAtRisk,
} from './index.js';

function close(actual: number, expected: number, rel = 1e-12): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

const r = [0.01, -0.02, 0.03];
const f = [0.02, -0.01, 0.01];

describe('tail metrics, checked by hand', () => {
  test('valueAtRisk interpolates linearly between ranks, like np.percentile', () => {
    // Sorted [-0.02, 0.01, 0.03]; virtual index (3 - 1) * 0.05 = 0.1: -0.02 + 0.1 * 0.03.
    close(valueAtRisk(r), -0.017);
    // Cutoff 0.5 is the median.
    close(valueAtRisk(r, { cutoff: 0.5 }), 0.01);
    // Ten returns, sorted [-0.1, -0.06, -0.03, -0.01, 0.01, 0.02, 0.02, 0.03, 0.04, 0.05]:
    // index 9 * 0.05 = 0.45 -> -0.1 + 0.45 * 0.04 = -0.082.
    const r10 = [0.05, -0.1, 0.02, -0.03, 0.04, 0.01, -0.06, 0.03, 0.02, -0.01];
    close(valueAtRisk(r10), -0.082);
    // index 9 * 0.1 = 0.9 -> -0.1 + 0.9 * 0.04.
    close(valueAtRisk(r10, { cutoff: 0.1 }), -0.1 + 0.9 * 0.04);
  });

  test('conditionalValueAtRisk averages the floor((n - 1) * cutoff) + 1 smallest returns', () => {
    close(conditionalValueAtRisk(r), -0.02); // floor(0.1) + 1 = 1 return
    const r21 = Array.from({ length: 21 }, (_, i) => (i - 10) / 100); // -0.10 .. 0.10
    // floor(20 * 0.05) + 1 = 2 returns: (-0.10 - 0.09) / 2.
    close(conditionalValueAtRisk(r21), -0.095);
    // floor(20 * 0.25) + 1 = 6 returns: -0.10 .. -0.05.
    close(conditionalValueAtRisk(r21, { cutoff: 0.25 }), (-0.1 - 0.09 - 0.08 - 0.07 - 0.06 - 0.05) / 6);
  });

  test('tailRatio is |p95| / |p5|', () => {
    // p95: index 1.9 -> 0.01 + 0.9 * 0.02 = 0.028; p5 = -0.017.
    close(tailRatio(r), 0.028 / 0.017);
    close(tailRatio([0.01, NaN, -0.02, 0.03]), 0.028 / 0.017); // NaN is dropped
  });

  test('stabilityOfTimeseries is the R² of a line through the cumulative log returns', () => {
    const y = [Math.log(1.01), Math.log(1.01) + Math.log(0.98), Math.log(1.01) + Math.log(0.98) + Math.log(1.03)];
    const yMean = (y[0]! + y[1]! + y[2]!) / 3;
    // x = 0, 1, 2 with mean 1: sxy = -(y0 - ym) + (y2 - ym), sxx = 2.
    const sxy = -(y[0]! - yMean) + (y[2]! - yMean);
    const syy = y.reduce((a, v) => a + (v - yMean) ** 2, 0);
    close(stabilityOfTimeseries(r), (sxy * sxy) / (2 * syy), 1e-10);
    close(stabilityOfTimeseries(r), 0.0958842818553302, 1e-9); // scipy.stats.linregress reference
    close(stabilityOfTimeseries([0.01, 0.01, 0.01, 0.01]), 1, 1e-12); // steady growth is a straight line
  });
});

describe('factor metrics, checked by hand', () => {
  // mean(f) = 0.02 / 3; residuals [0.04, -0.05, 0.01] / 3.
  const res = [0.04 / 3, -0.05 / 3, 0.01 / 3];
  const cov = (res[0]! * 0.01 + res[1]! * -0.02 + res[2]! * 0.03) / 3; // population: over n
  const varF = (res[0]! ** 2 + res[1]! ** 2 + res[2]! ** 2) / 3;

  test('beta is the population covariance over the factor variance', () => {
    close(beta(r, f), cov / varF); // = 17 / 14
    close(beta(r, f), 17 / 14, 1e-12);
    // A period missing on either side is dropped from both.
    close(beta([0.01, -0.02, NaN, 0.03], [0.02, -0.01, 0.5, 0.01]), 17 / 14, 1e-12);
    close(beta([0.01, -0.02, 0.4, 0.03], [0.02, -0.01, NaN, 0.01]), 17 / 14, 1e-12);
    close(beta(r, f, { riskFree: 0.001 }), 17 / 14, 1e-12); // a constant rate cancels
  });

  test('alpha is annualised by compounding: (1 + mean residual)^ann - 1', () => {
    const b = 17 / 14;
    const residual = (0.01 - b * 0.02 + (-0.02 - b * -0.01) + (0.03 - b * 0.01)) / 3; // -0.0014286
    close(alpha(r, f), (1 + residual) ** 252 - 1, 1e-10); // -0.3025
    close(alpha(r, f, { annualization: 365 }), (1 + residual) ** 365 - 1, 1e-10);
    const rf = 0.001;
    const withRf = (0.01 - rf - b * (0.02 - rf) + (-0.02 - rf - b * (-0.01 - rf)) + (0.03 - rf - b * (0.01 - rf))) / 3;
    close(alpha(r, f, { riskFree: rf }), (1 + withRf) ** 252 - 1, 1e-10);
  });

  test('excessSharpe is the mean active return over the sample tracking error, unannualised', () => {
    const active = [0.01, -0.02, 0.03].map((x, i) => x - [0.0, 0.01, 0.0][i]!); // [0.01, -0.03, 0.03]
    const m = (0.01 - 0.03 + 0.03) / 3;
    const te = Math.sqrt(active.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
    close(excessSharpe(r, [0, 0.01, 0]), m / te);
  });

  test('capture ratios compare annual returns over the factor’s up and down periods', () => {
    close(captureRatio(r, f), annualReturn(r) / annualReturn(f));
    // Up periods (f > 0) are the 1st and 3rd: each side compounds over 2 periods.
    const upExpected = ((1.01 * 1.03) ** (252 / 2) - 1) / ((1.02 * 1.01) ** (252 / 2) - 1);
    close(upCapture(r, f), upExpected, 1e-10); // 3.4771
    const downExpected = (0.98 ** 252 - 1) / (0.99 ** 252 - 1);
    close(downCapture(r, f), downExpected, 1e-10); // 1.0796
    close(upDownCapture(r, f), upExpected / downExpected, 1e-10);
    assert.ok(Number.isNaN(downCapture([0.01, 0.02], [0.01, 0.02]))); // no down periods
  });
});
