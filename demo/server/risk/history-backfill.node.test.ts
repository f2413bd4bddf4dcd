import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CorrelationTimeline, replayRiskHistory, type BackfillSeries } from './history-backfill.js';
import { RiskEngine } from './risk-engine.js';
import { historyKeeps } from './risk-history.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

const walk = (seed: number, n: number, start: number, vol: number): number[] => {
  let s = seed;
  const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647);
  const out = [start];
  for (let i = 1; i < n; i += 1) out.push(out[i - 1]! * (1 + vol * (rand() - 0.5)));
  return out;
};

describe('history backfill with a shared correlation timeline', () => {
  test('gives the points of a replay with its own covariance (any assets, lengths, windows)', () => {
    const universe = Array.from({ length: 8 }, (_, k) => `A${k}`);
    fc.assert(
      fc.property(
        fc.record({
          lengths: fc.array(fc.integer({ min: 3, max: 90 }), { minLength: 8, maxLength: 8 }),
          picks: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 2, maxLength: 6 }),
          quantities: fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }),
          windowSize: fc.integer({ min: 2, max: 40 }),
          flat: fc.integer({ min: -1, max: 7 }),
          sparse: fc.boolean(),
        }),
        ({ lengths, picks, quantities, windowSize, flat, sparse }) => {
          const closes = new Map(universe.map((id, k) => [id, k === flat ? Array(lengths[k]).fill(5) : walk(k + 7, lengths[k]!, 10 + k, 0.05)]));
          const positions = picks.map((k, i) => ({ quantity: quantities[i]!, closes: closes.get(universe[k]!)! }));
          const length = Math.min(...positions.map((p) => p.closes.length));
          const endTs = T0 - 1;
          const input: BackfillSeries = {
            positions,
            intervalMs: HOUR,
            endTs,
            windowSize,
            annualization: 365 * 24,
            horizon: 24,
            confidence: 0.95,
            ...(sparse ? { keep: historyKeeps('coarse', endTs, HOUR) } : {}),
          };
          const timeline = new CorrelationTimeline(closes, length, input);
          const ids = picks.map((k) => universe[k]!);
          const correlationAt = timeline.reader(ids);
          assert.ok(correlationAt);
          const shared = replayRiskHistory({ ...input, correlationAt });
          const own = replayRiskHistory(input);
          // The same recurrences pair by pair; only the order of a pair's two factors may differ.
          assert.equal(shared.length, own.length);
          shared.forEach((p, k) => {
            const q = own[k]!;
            assert.deepEqual({ ts: p.ts, level: p.level, volatility: p.volatility, valueAtRisk: p.valueAtRisk }, { ts: q.ts, level: q.level, volatility: q.volatility, valueAtRisk: q.valueAtRisk });
            assert.ok(Math.abs(p.score - q.score) <= 1e-9 * Math.max(1, Math.abs(q.score)), `score ${p.score} vs ${q.score} at ${p.ts}`);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  test('the engine replays a new portfolio the same whether or not another built the timeline first', () => {
    const seeded = () => {
      const engine = new RiskEngine({ windowSize: 240, sampleIntervalMs: MINUTE, clock: () => T0 });
      ['BTC', 'ETH', 'SOL', 'ADA'].forEach((id, k) => {
        engine.backfill(id, walk(k + 1, 400, 100 * (k + 1), 0.004), MINUTE);
        engine.backfill(id, walk(k + 11, 720, 100 * (k + 1), 0.03), HOUR);
      });
      return engine;
    };
    const holdings = [{ assetId: 'BTC', quantity: 0.2 }, { assetId: 'SOL', quantity: 40 }, { assetId: 'ADA', quantity: 7 }];
    const alone = seeded();
    alone.setPortfolio({ id: 'p', holdings });
    const afterOther = seeded();
    afterOther.setPortfolio({ id: 'other', holdings: [{ assetId: 'ETH', quantity: 1 }, { assetId: 'BTC', quantity: 1 }] });
    afterOther.setPortfolio({ id: 'p', holdings });
    for (const timeframe of ['1h', '24h', '7d', '30d'] as const) {
      const a = alone.history('p', timeframe);
      assert.ok(a.points.length > 0, timeframe);
      assert.deepEqual(afterOther.history('p', timeframe), a, timeframe);
    }
  });
});
