import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  annualVolatility,
  historicalLoss,
  maxDrawdown,
  parametricLoss,
  portfolioReturns,
  sumContributions,
} from '../../../src/core/analytics/index.js';
import { riskHistorySchema, riskMetricsSchema, validate, type RiskMetrics } from '../../../src/core/protocol/index.js';
import { RiskEngine } from './risk-engine.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function randomWalk(seed: number, n: number, start: number, vol: number): number[] {
  let s = seed;
  const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
  const out = [start];
  for (let i = 1; i < n; i += 1) out.push(out[i - 1]! * (1 + vol * (rand() - 0.5)));
  return out;
}

function near(actual: number, expected: number, tol = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(Math.abs(expected), 1e-12), `expected ${expected}, got ${actual}`);
}

const ASSETS = { BTC: 60000, ETH: 3000, SOL: 150 } as const;
const holdings = [{ assetId: 'BTC', quantity: 0.2 }, { assetId: 'ETH', quantity: 3 }, { assetId: 'SOL', quantity: 40 }];

function seededEngine(windowSize = 120) {
  let now = T0;
  const engine = new RiskEngine({ windowSize, sampleIntervalMs: MINUTE, clock: () => now });
  const minute: Record<string, number[]> = {};
  const hourly: Record<string, number[]> = {};
  Object.entries(ASSETS).forEach(([id, start], k) => {
    minute[id] = randomWalk(k + 1, 1440, start, 0.004);
    hourly[id] = randomWalk(k + 11, 720, start, 0.03);
    engine.backfill(id, minute[id]!, MINUTE);
    engine.backfill(id, hourly[id]!, HOUR);
  });
  return { engine, minute, hourly, setNow: (t: number) => (now = t), now: () => now };
}

function lastPrices(series: Record<string, number[]>): Map<string, number> {
  return new Map(Object.entries(series).map(([id, s]) => [id, s[s.length - 1]!]));
}

describe('RiskEngine', () => {
  test('metrics after a backfill equal the batch analytics over the same window', () => {
    const { engine, minute } = seededEngine(120);
    engine.setPortfolio({ id: 'p1', holdings });
    const prices = lastPrices(minute);
    const m = engine.metrics('p1', prices, T0);
    const check = validate(riskMetricsSchema, m);
    assert.ok(check.ok, JSON.stringify(check));
    // The window holds the last 121 closes, so 120 returns sampled a minute apart.
    const window = Object.fromEntries(Object.entries(minute).map(([id, s]) => [id, s.slice(-121)]));
    const returns = portfolioReturns(holdings, window);
    const perYear = 365 * 1440;
    const value = holdings.reduce((a, h) => a + h.quantity * prices.get(h.assetId)!, 0);
    near(m.volatility, annualVolatility(returns, { annualization: perYear }));
    near(m.maxDrawdown, maxDrawdown(returns), 1e-6);
    near(m.valueAtRisk.historical, historicalLoss(returns, value, { horizon: 1440 }).valueAtRisk);
    near(m.valueAtRisk.parametric, parametricLoss(returns, value, { horizon: 1440 }).valueAtRisk);
    near(m.expectedShortfall.historical, historicalLoss(returns, value, { horizon: 1440 }).expectedShortfall);
    assert.equal(m.score, sumContributions(m.breakdown));
    assert.equal(m.valueAtRisk.horizonDays, 1);
  });

  test('ticks roll the window forward one sample per interval', () => {
    const { engine, minute } = seededEngine(60);
    engine.setPortfolio({ id: 'p1', holdings });
    const closes = Object.fromEntries(Object.entries(minute).map(([id, s]) => [id, s.slice()]));
    const walks = Object.fromEntries(Object.keys(ASSETS).map((id, k) => [id, randomWalk(k + 101, 400, closes[id]!.at(-1)!, 0.01)]));
    // Ten ticks a minute per asset for 90 minutes: the last tick of each minute is its close.
    let ts = T0;
    for (let minuteIndex = 0; minuteIndex < 90; minuteIndex += 1) {
      for (let tick = 0; tick < 10; tick += 1) {
        for (const id of Object.keys(ASSETS)) {
          const w = walks[id]!;
          engine.onPrice(id, w[(minuteIndex * 3 + tick) % w.length]! * (1 + tick / 1000), ts + tick * 5000);
        }
      }
      for (const id of Object.keys(ASSETS)) closes[id]!.push(walks[id]![(minuteIndex * 3 + 9) % walks[id]!.length]! * 1.009);
      ts += MINUTE;
    }
    engine.onPrice('BTC', closes.BTC!.at(-1)!, ts); // opens the next minute, closing the 90th
    const prices = new Map(Object.keys(ASSETS).map((id) => [id, closes[id]!.at(-1)!]));
    const m = engine.metrics('p1', prices, ts);
    const window = Object.fromEntries(Object.entries(closes).map(([id, s]) => [id, s.slice(-61)]));
    const returns = portfolioReturns(holdings, window);
    near(m.volatility, annualVolatility(returns, { annualization: 365 * 1440 }));
    const value = holdings.reduce((a, h) => a + h.quantity * prices.get(h.assetId)!, 0);
    near(m.valueAtRisk.historical, historicalLoss(returns, value, { horizon: 1440 }).valueAtRisk);
  });

  test('history exists for every timeframe at start-up and grows with each reading', () => {
    const { engine, minute, setNow } = seededEngine(120);
    engine.setPortfolio({ id: 'p1', holdings });
    for (const tf of ['1h', '24h', '7d', '30d'] as const) {
      const h = engine.history('p1', tf);
      assert.ok(validate(riskHistorySchema, h).ok);
      assert.ok(h.points.length > 0, `${tf} has points`);
      const ts = h.points.map((p) => p.ts);
      assert.deepEqual(ts, [...ts].sort((a, b) => a - b));
      assert.ok(ts[0]! >= T0 - { '1h': HOUR, '24h': 24 * HOUR, '7d': 168 * HOUR, '30d': 720 * HOUR }[tf]);
    }
    assert.equal(engine.history('p1', '1h').points.length, 60);
    assert.equal(engine.history('p1', '24h').points.length, 96); // a point every 15 minutes
    assert.equal(engine.history('p1', '7d').points.length, 168);
    setNow(T0 + 2 * MINUTE);
    const m = engine.metrics('p1', lastPrices(minute), T0 + 2 * MINUTE);
    const after = engine.history('p1', '1h').points;
    assert.deepEqual(after.at(-1), { ts: m.ts, score: m.score, level: m.level, volatility: m.volatility, valueAtRisk: m.valueAtRisk.historical });
    assert.ok(after.every((p) => p.ts > T0 + 2 * MINUTE - HOUR));
    assert.equal(engine.history('p1', '30d').points.at(-1)!.ts, m.ts);
  });

  test('alerts on a level change and on crossing a limit', () => {
    const { engine, minute } = seededEngine(120);
    engine.setPortfolio({ id: 'p1', holdings: [{ assetId: 'BTC', quantity: 1 }] });
    const m = engine.metrics('p1', lastPrices(minute), T0);
    assert.equal(m.concentration, 1); // one asset
    const calm: RiskMetrics = { ...m, score: 20, level: 'low', concentration: 0.2 };
    const alerts = engine.alertsFor('p1', calm, m);
    assert.ok(alerts.some((a) => a.kind === 'risk_threshold' && a.metric === 'concentration'));
    assert.ok(alerts.every((a) => a.portfolioId === 'p1'));
    if (m.level !== 'low') assert.ok(alerts.some((a) => a.kind === 'risk_level'));
    assert.deepEqual(engine.alertsFor('p1', m, m), []);
  });

  test('holdings changes rebuild; removed portfolios are unknown', () => {
    const { engine, minute } = seededEngine(120);
    engine.setPortfolio({ id: 'p1', holdings });
    const a = engine.metrics('p1', lastPrices(minute), T0);
    engine.setPortfolio({ id: 'p1', holdings: [{ assetId: 'SOL', quantity: 10 }, { assetId: 'SOL', quantity: 5 }] });
    const b = engine.metrics('p1', lastPrices(minute), T0 + 1);
    assert.notEqual(a.volatility, b.volatility);
    assert.equal(b.concentration, 1);
    engine.removePortfolio('p1');
    assert.deepEqual(engine.portfolioIds, []);
    assert.throws(() => engine.metrics('p1', lastPrices(minute), T0), /unknown portfolio/);
  });

  test('a cold engine with no history still answers valid metrics', () => {
    const engine = new RiskEngine({ clock: () => T0 });
    engine.setPortfolio({ id: 'p2', holdings });
    engine.onPrice('BTC', 60000, T0);
    const m = engine.metrics('p2', new Map([['BTC', 60000]]), T0);
    assert.ok(validate(riskMetricsSchema, m).ok);
    assert.equal(m.sharpeRatio, null);
    engine.setPortfolio({ id: 'empty', holdings: [] });
    const empty = engine.metrics('empty', new Map(), T0);
    assert.ok(validate(riskMetricsSchema, empty).ok);
    assert.equal(empty.score, 0); // nothing held, nothing at risk
    // No backfill: the history holds only the reading just taken.
    assert.deepEqual(engine.history('p2', '7d').points.map((p) => p.ts), [T0]);
  });
});
