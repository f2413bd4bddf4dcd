import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FeedServer } from '../../demo/server/server.js';
import {
  marketMoversSchema,
  marketSentimentSchema,
  riskHistorySchema,
  riskMetricsSchema,
  validate,
  type RiskMetrics,
} from '../../src/core/protocol/index.js';
import { http, startServer } from './helpers.js';

describe('risk and market REST endpoints', () => {
  let server: FeedServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  test('GET /api/portfolios/:id/risk answers schema-valid metrics whose breakdown adds up to the score', async () => {
    const res = await http<RiskMetrics>(server, 'GET', '/api/portfolios/demo-balanced/risk');
    assert.equal(res.status, 200);
    assert.ok(validate(riskMetricsSchema, res.body).ok);
    const sum = res.body.breakdown.reduce((total, f) => total + f.contribution, 0);
    assert.ok(Math.abs(sum - res.body.score) < 1e-9);
    assert.ok(res.body.valueAtRisk.historical > 0, 'a crypto portfolio has a positive one-day VaR');
    assert.ok(res.body.expectedShortfall.historical >= res.body.valueAtRisk.historical, 'ES is at least VaR');
  });

  test('a portfolio moved into stablecoins reads as less risky', async () => {
    const created = await http<{ id: string }>(server, 'POST', '/api/portfolios', {
      body: { name: 'Risky', holdings: [{ assetId: 'DOGE', quantity: 100000, costBasis: 10000 }, { assetId: 'SOL', quantity: 50, costBasis: 5000 }] },
    });
    assert.equal(created.status, 201);
    const risky = await http<RiskMetrics>(server, 'GET', `/api/portfolios/${created.body.id}/risk`);
    await http(server, 'PATCH', `/api/portfolios/${created.body.id}`, { body: { holdings: [{ assetId: 'USDC', quantity: 15000, costBasis: 15000 }] } });
    const calm = await http<RiskMetrics>(server, 'GET', `/api/portfolios/${created.body.id}/risk`);
    assert.ok(calm.body.volatility < risky.body.volatility / 10, `${calm.body.volatility} vs ${risky.body.volatility}`);
    assert.ok(calm.body.score < risky.body.score);
    await http(server, 'DELETE', `/api/portfolios/${created.body.id}`);
    assert.equal((await http(server, 'GET', `/api/portfolios/${created.body.id}/risk`)).status, 404);
  });

  test('risk history exists from the first second, for every timeframe', async () => {
    for (const timeframe of ['1h', '24h', '7d', '30d']) {
      const res = await http(server, 'GET', `/api/portfolios/demo-balanced/risk/history?timeframe=${timeframe}`);
      assert.equal(res.status, 200, timeframe);
      const checked = validate(riskHistorySchema, res.body);
      assert.ok(checked.ok && checked.value.points.length > 0, `${timeframe} has points`);
    }
  });

  test('bad ids and queries get errors that name the field', async () => {
    assert.equal((await http(server, 'GET', '/api/portfolios/nope/risk')).status, 404);
    const tf = await http<{ error: { issues: Array<{ path: string }> } }>(server, 'GET', '/api/portfolios/demo-balanced/risk/history?timeframe=1y');
    assert.equal(tf.status, 400);
    assert.equal(tf.body.error.issues[0]?.path, 'timeframe');
    const n = await http<{ error: { issues: Array<{ path: string }> } }>(server, 'GET', '/api/market/movers?n=0');
    assert.equal(n.status, 400);
    assert.equal(n.body.error.issues[0]?.path, 'n');
  });

  test('market sentiment and movers describe the live market', async () => {
    const sentiment = await http(server, 'GET', '/api/market/sentiment');
    const checked = validate(marketSentimentSchema, sentiment.body);
    assert.ok(checked.ok);
    assert.equal(checked.ok && checked.value.advancers + checked.value.decliners + checked.value.unchanged, checked.ok ? checked.value.assets : -1);
    const movers = await http(server, 'GET', '/api/market/movers?n=3');
    const m = validate(marketMoversSchema, movers.body);
    assert.ok(m.ok && m.value.gainers.length === 3 && m.value.losers.length === 3);
    if (m.ok) {
      const gains = m.value.gainers.map((g) => g.changePercent24h);
      assert.deepEqual(gains, [...gains].sort((a, b) => b - a), 'gainers are sorted, largest first');
    }
  });
});

describe('GET /api/alerts without a position', () => {
  test('answers the newest alerts, oldest first, and says older ones exist', async () => {
    const server = await startServer();
    try {
      for (let i = 1; i <= 5; i++) server.raiseAlert({ title: `alert ${i}` });
      const res = await http<{ alerts: Array<{ title: string }>; hasMore: boolean }>(server, 'GET', '/api/alerts?limit=2');
      assert.deepEqual(res.body.alerts.map((a) => a.title), ['alert 4', 'alert 5']);
      assert.equal(res.body.hasMore, true);
      const from = await http<{ alerts: Array<{ title: string }> }>(server, 'GET', '/api/alerts?since=0&limit=2');
      assert.deepEqual(from.body.alerts.map((a) => a.title), ['alert 1', 'alert 2']);
    } finally {
      await server.close();
    }
  });
});
