import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as A from './index.js';

// What each metric returns on degenerate series; the values follow empyrical 0.5.5 on numpy 2 /
// scipy 1.17 (NaN where empyrical raises, see docs/ANALYTICS.md).
const CASES = {
  empty: [] as number[],
  single: [0.01],
  flatZero: [0, 0, 0],
  flatUp: [0.01, 0.01, 0.01],
  flatDown: [-0.01, -0.01, -0.01],
  allNaN: [NaN, NaN, NaN],
  mixed: [0.01, NaN, -0.02, 0.03],
};
type Case = keyof typeof CASES;
const N = NaN;
const sq252 = Math.sqrt(252);

const UNARY: Record<string, [(r: number[]) => number, Record<Case, number>]> = {
  annualReturn: [(r) => A.annualReturn(r), {
    empty: N, single: 1.01 ** 252 - 1, flatZero: 0, flatUp: 1.01 ** 252 - 1, flatDown: 0.99 ** 252 - 1,
    allNaN: 0, // NaN compounds as 0 and still counts as a period
    mixed: (1.01 * 0.98 * 1.03) ** (252 / 4) - 1,
  }],
  annualVolatility: [(r) => A.annualVolatility(r), { empty: N, single: N, flatZero: 0, flatUp: 0, flatDown: 0, allNaN: N, mixed: 0.3994996871087636 }],
  sharpeRatio: [(r) => A.sharpeRatio(r), { empty: N, single: N, flatZero: N, flatUp: Infinity, flatDown: -Infinity, allNaN: N, mixed: 4.205259864302774 }],
  sortinoRatio: [(r) => A.sortinoRatio(r), { empty: N, single: N, flatZero: N, flatUp: Infinity, flatDown: (-0.01 * 252) / (0.01 * sq252), allNaN: N, mixed: 9.165151389911678 }],
  downsideRisk: [(r) => A.downsideRisk(r), { empty: N, single: 0, flatZero: 0, flatUp: 0, flatDown: 0.01 * sq252, allNaN: N, mixed: 0.18330302779823363 }],
  maxDrawdown: [(r) => A.maxDrawdown(r), { empty: N, single: 0, flatZero: 0, flatUp: 0, flatDown: 0.99 ** 3 - 1, allNaN: 0, mixed: -0.02 }],
  calmarRatio: [(r) => A.calmarRatio(r), {
    empty: N, single: N, flatZero: N, flatUp: N, flatDown: (0.99 ** 252 - 1) / (1 - 0.99 ** 3), allNaN: N,
    mixed: ((1.01 * 0.98 * 1.03) ** 63 - 1) / 0.02,
  }],
  omegaRatio: [(r) => A.omegaRatio(r), { empty: N, single: N, flatZero: N, flatUp: N, flatDown: 0, allNaN: N, mixed: 2 }],
  valueAtRisk: [(r) => A.valueAtRisk(r), { empty: N, single: 0.01, flatZero: 0, flatUp: 0.01, flatDown: -0.01, allNaN: N, mixed: N }],
  conditionalValueAtRisk: [(r) => A.conditionalValueAtRisk(r), { empty: N, single: 0.01, flatZero: 0, flatUp: 0.01, flatDown: -0.01, allNaN: N, mixed: -0.02 }],
  tailRatio: [(r) => A.tailRatio(r), { empty: N, single: 1, flatZero: N, flatUp: 1, flatDown: 1, allNaN: N, mixed: 0.028 / 0.017 }],
  stabilityOfTimeseries: [(r) => A.stabilityOfTimeseries(r), { empty: N, single: N, flatZero: N, flatUp: 1, flatDown: 1, allNaN: N, mixed: 0.0958842818553302 }],
};

// Factor metrics with the series as its own factor.
const BINARY: Record<string, [(r: number[], f: number[]) => number, Record<Case, number>]> = {
  beta: [(r, f) => A.beta(r, f), { empty: N, single: N, flatZero: N, flatUp: N, flatDown: N, allNaN: N, mixed: 1 }],
  alpha: [(r, f) => A.alpha(r, f), { empty: N, single: N, flatZero: N, flatUp: N, flatDown: N, allNaN: N, mixed: 0 }],
  excessSharpe: [(r, f) => A.excessSharpe(r, f), { empty: N, single: N, flatZero: N, flatUp: N, flatDown: N, allNaN: N, mixed: N }],
  captureRatio: [(r, f) => A.captureRatio(r, f), { empty: N, single: 1, flatZero: N, flatUp: 1, flatDown: 1, allNaN: N, mixed: 1 }],
  upCapture: [(r, f) => A.upCapture(r, f), { empty: N, single: 1, flatZero: N, flatUp: 1, flatDown: N, allNaN: N, mixed: 1 }],
  downCapture: [(r, f) => A.downCapture(r, f), { empty: N, single: N, flatZero: N, flatUp: N, flatDown: 1, allNaN: N, mixed: 1 }],
};

function same(actual: number, expected: number, label: string): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${label}: expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected, label);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${label}: expected ${expected}, got ${actual}`);
}

describe('degenerate series return what empyrical returns, and never throw', () => {
  for (const [name, [fn, expected]] of Object.entries(UNARY)) {
    test(name, () => {
      for (const [c, series] of Object.entries(CASES) as [Case, number[]][]) same(fn(series), expected[c], `${name}(${c})`);
    });
  }
  for (const [name, [fn, expected]] of Object.entries(BINARY)) {
    test(name, () => {
      for (const [c, series] of Object.entries(CASES) as [Case, number[]][]) same(fn(series, series.slice()), expected[c], `${name}(${c})`);
    });
  }
  test('upDownCapture follows its two parts', () => {
    same(A.upDownCapture([0.01, -0.02], [0.02, -0.01]), A.upCapture([0.01, -0.02], [0.02, -0.01]) / A.downCapture([0.01, -0.02], [0.02, -0.01]), 'mixed');
    same(A.upDownCapture([], []), N, 'empty');
  });
});

describe('NaN, alignment and rate arrays', () => {
  test('NaN values are skipped by nan-aware reductions but counted in lengths', () => {
    // annualReturn: 4 periods, the NaN compounds as 0.
    same(A.annualReturn([0.01, NaN, -0.02, 0.03]), (1.01 * 0.98 * 1.03) ** 63 - 1, 'annualReturn');
    // Two periods with one NaN pass the length check but leave one value: no sample std.
    same(A.annualVolatility([0.01, NaN]), N, 'annualVolatility');
    same(A.downsideRisk([-0.01, NaN]), 0.01 * sq252, 'downsideRisk');
  });

  test('series of different lengths are aligned by position, padded with NaN', () => {
    same(A.beta([0.01, -0.02, 0.03, 0.5], [0.02, -0.01, 0.01]), 17 / 14, 'beta');
    const [a, b] = A.alignSeries([1, 2], [3]);
    assert.equal(a.length, 2);
    assert.ok(Number.isNaN(b[1]!));
  });

  test('rate arrays must have one value per period', () => {
    assert.throws(() => A.sharpeRatio([0.01, 0.02, 0.03], { riskFree: [0, 0] }), RangeError);
    same(A.sharpeRatio([0.01, 0.02, 0.03], { riskFree: [0.01, 0.02, 0.03] }), N, 'zero excess'); // 0 / 0
    same(A.omegaRatio([0.01, -0.02, 0.03], { requiredReturn: [0, 0, 0] }), 2, 'omega array');
  });

  test('an unknown period throws; an explicit annualization overrides it', () => {
    assert.throws(() => A.annualVolatility([0.01, 0.02], { period: 'hourly' as never }), RangeError);
    same(A.annualVolatility([0.01, 0.03], { period: 'hourly' as never, annualization: 4 }), Math.sqrt(0.0002) * 2, 'override');
  });
});
