import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cholesky, factorCorrelation } from '../../demo/server/market/correlation.js';
import { mulberry32, normalSource } from '../../demo/server/market/prng.js';
import { MarketSimulator } from '../../demo/server/market/simulator.js';

const START = Date.UTC(2025, 0, 15, 10, 37, 12);

function run(seed: number, steps: number): number[][] {
  const sim = new MarketSimulator({ seed, startTime: START });
  const out: number[][] = [[...sim.priceVector()]];
  for (let i = 0; i < steps; i += 1) {
    sim.step(1000);
    out.push([...sim.priceVector()]);
  }
  return out;
}

describe('market simulator', () => {
  test('the same seed gives the same prices; another seed differs', () => {
    const a = run(42, 200);
    const b = run(42, 200);
    const c = run(43, 200);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.slice(1), c.slice(1));
    // History is seeded too.
    const ha = new MarketSimulator({ seed: 7, startTime: START }).history.closes('SOL', '1h').values;
    const hb = new MarketSimulator({ seed: 7, startTime: START }).history.closes('SOL', '1h').values;
    assert.deepEqual(ha, hb);
  });

  test('prices start at realistic levels and stablecoins stay near 1', () => {
    const sim = new MarketSimulator({ seed: 1, startTime: START });
    assert.ok(sim.assets.length >= 20);
    assert.equal(Math.round(sim.priceOf('BTC')!), 95_000);
    for (let i = 0; i < 5000; i += 1) sim.step(60_000);
    for (const id of ['USDT', 'USDC', 'DAI']) {
      const p = sim.priceOf(id)!;
      assert.ok(Math.abs(p - 1) < 0.01, `${id} at ${p}`);
    }
  });

  test('returns are correlated as configured: majors with BTC, stablecoins not', () => {
    const sim = new MarketSimulator({ seed: 3, startTime: START, backfill: false });
    const n = 4000;
    const ret: Record<string, number[]> = { BTC: [], ETH: [], SOL: [], USDT: [] };
    let prev = sim.priceVector();
    for (let i = 0; i < n; i += 1) {
      sim.step(60_000);
      const now = sim.priceVector();
      for (const id of Object.keys(ret)) {
        const k = sim.indexOf(id)!;
        ret[id]!.push(Math.log(now[k]! / prev[k]!));
      }
      prev = now;
    }
    const corr = (x: number[], y: number[]) => {
      const mx = x.reduce((s, v) => s + v, 0) / x.length;
      const my = y.reduce((s, v) => s + v, 0) / y.length;
      let sxy = 0, sxx = 0, syy = 0;
      x.forEach((v, i) => {
        sxy += (v - mx) * (y[i]! - my);
        sxx += (v - mx) ** 2;
        syy += (y[i]! - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    const ethBtc = corr(ret.ETH!, ret.BTC!);
    const solBtc = corr(ret.SOL!, ret.BTC!);
    const usdtBtc = corr(ret.USDT!, ret.BTC!);
    assert.ok(ethBtc > 0.75 && ethBtc < 0.95, `ETH/BTC ${ethBtc}`);
    assert.ok(solBtc > 0.65 && solBtc < 0.9, `SOL/BTC ${solBtc}`);
    assert.ok(Math.abs(usdtBtc) < 0.15, `USDT/BTC ${usdtBtc}`);
    // BTC's realised annual volatility near 55 %.
    const sd = Math.sqrt(ret.BTC!.reduce((s, v) => s + v * v, 0) / n);
    const annual = sd * Math.sqrt((365 * 24 * 60));
    assert.ok(annual > 0.45 && annual < 0.65, `BTC vol ${annual}`);
  });

  test('history: 24 h of minutes and 30 days of hours, extended live', () => {
    const sim = new MarketSimulator({ seed: 5, startTime: START });
    const m = sim.history.closes('ETH', '1m');
    const h = sim.history.closes('ETH', '1h');
    assert.equal(m.values.length, 1441);
    assert.equal(h.values.length, 721);
    assert.equal(m.intervalMs, 60_000);
    assert.equal((m.start + 1440 * 60_000) % 60_000, 0);
    assert.ok(m.start + 1440 * 60_000 <= START && START - (m.start + 1440 * 60_000) < 60_000);
    assert.equal(m.values.at(-1), sim.priceOf('ETH'));
    const ticks: number[] = [];
    const off = sim.history.onTick((t) => t.assetId === 'ETH' && ticks.push(t.price));
    for (let i = 0; i < 130; i += 1) sim.step(1000);
    off();
    sim.step(1000);
    assert.equal(ticks.length, 130);
    const later = sim.history.closes('ETH', '1m');
    assert.equal(later.values.length, 1441, 'the ring keeps its size');
    assert.equal(later.start, m.start + 2 * 60_000, 'two minutes rolled in');
    const q = sim.quote('ETH', 1)!;
    assert.ok(q.low24h <= q.price && q.price <= q.high24h && q.volume24h > 0);
    assert.equal(q.open24h, sim.history.closeAt('ETH', sim.marketTime - 24 * 3_600_000));
  });

  test('cholesky reproduces the matrix and rejects a contradictory one', () => {
    const m = factorCorrelation([0.95, 0.9, 0.7, 0]);
    const l = cholesky(m);
    for (let i = 0; i < 4; i += 1) {
      for (let j = 0; j < 4; j += 1) {
        let s = 0;
        for (let k = 0; k < 4; k += 1) s += l[i]![k]! * l[j]![k]!;
        assert.ok(Math.abs(s - m[i]![j]!) < 1e-12);
      }
    }
    assert.throws(() => cholesky([[1, 2], [2, 1]]), /positive definite/);
  });

  test('prng: seeded, uniform in [0, 1), normals with mean 0 and sd 1', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const normal = normalSource(mulberry32(11));
    const zs = Array.from({ length: 20000 }, normal);
    const mean = zs.reduce((s, z) => s + z, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((s, z) => s + (z - mean) ** 2, 0) / zs.length);
    assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(sd - 1) < 0.03, `sd ${sd}`);
  });
});
