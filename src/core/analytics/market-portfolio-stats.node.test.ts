import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { marketMoversSchema, marketSentimentSchema, portfolioLiveSchema, validate } from '../protocol/index.js';
import * as A from './index.js';

function close(actual: number, expected: number, rel = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

const p = (assetId: string, price: number, changePercent24h: number, marketCap = 0) => ({ assetId, price, changePercent24h, marketCap });
const market = [p('BTC', 60000, 2, 1200), p('ETH', 3000, -1, 360), p('SOL', 150, 8, 70), p('DOGE', 0.1, -4, 14), p('USDT', 1, 0, 100)];

describe('market statistics', () => {
  test('sentiment from breadth and the cap-weighted change, with its inputs', () => {
    const s = A.getMarketSentiment(market);
    assert.equal(s.advancers, 2);
    assert.equal(s.decliners, 2);
    assert.equal(s.unchanged, 1);
    close(s.breadth, 0);
    const cw = (1200 * 2 + 360 * -1 + 70 * 8 + 14 * -4 + 100 * 0) / (1200 + 360 + 70 + 14 + 100);
    close(s.capWeightedChangePercent, cw); // 1.4427 %
    close(s.score, (0 + cw / 5) / 2);
    assert.equal(s.sentiment, 'neutral'); // 0.144 is under 0.2
    assert.equal(A.getMarketSentiment(market.map((x) => ({ ...x, changePercent24h: x.changePercent24h + 5 }))).sentiment, 'bullish');
    assert.equal(A.getMarketSentiment(market.map((x) => ({ ...x, changePercent24h: x.changePercent24h - 6 }))).sentiment, 'bearish');
    assert.equal(A.getMarketSentiment([]).sentiment, 'neutral');
    // Without caps every asset weighs the same.
    close(A.getMarketSentiment({ A: { assetId: 'A', price: 1, changePercent24h: 2 }, B: { assetId: 'B', price: 1, changePercent24h: 4 } }).capWeightedChangePercent, 3);
    assert.ok(validate(marketSentimentSchema, { ...s, ts: 1 }).ok);
  });

  test('top gainers and losers, largest move first', () => {
    assert.deepEqual(A.getTopGainers(market, 5).map((m) => m.assetId), ['SOL', 'BTC']);
    assert.deepEqual(A.getTopLosers(market, 1).map((m) => m.assetId), ['DOGE']);
    assert.deepEqual(A.getTopGainers(market, 0), []);
    assert.ok(validate(marketMoversSchema, { gainers: A.getTopGainers(market, 3), losers: A.getTopLosers(market, 3), ts: 1 }).ok);
    // The change is derived from open24h when the percentage is missing.
    const derived = A.getTopGainers([{ assetId: 'X', price: 110, open24h: 100 }], 1);
    close(derived[0]!.changePercent24h, 10, 1e-12);
  });

  test('price change statistics', () => {
    const s = A.getPriceChangeStats(market);
    close(s.mean, (2 - 1 + 8 - 4 + 0) / 5); // 1
    assert.equal(s.median, 0);
    close(s.std, Math.sqrt(((2 - 1) ** 2 + (-1 - 1) ** 2 + (8 - 1) ** 2 + (-4 - 1) ** 2 + (0 - 1) ** 2) / 4)); // sample std
    assert.deepEqual([s.advancers, s.decliners, s.unchanged, s.min, s.max], [2, 2, 1, -4, 8]);
    assert.equal(A.getPriceChangeStats([1, 3]).median, 2);
    assert.ok(Number.isNaN(A.getPriceChangeStats([]).mean));
    assert.ok(Number.isNaN(A.getPriceChangeStats([5]).std));
  });
});

describe('portfolio statistics', () => {
  const holdings = [
    { assetId: 'BTC', quantity: 0.5, costBasis: 20000 },
    { assetId: 'ETH', quantity: 2, costBasis: 7000 },
    { assetId: 'BTC', quantity: 0.5, costBasis: 25000 },
  ];
  const prices = [
    { assetId: 'BTC', price: 60000, changePercent24h: 20, open24h: 50000 },
    { assetId: 'ETH', price: 3000, changePercent24h: -25 },
  ];

  test('value, cost, P&L, 24 h change and allocation', () => {
    const s = A.getPortfolioStats({ holdings }, prices);
    assert.equal(s.totalValue, 60000 + 6000);
    assert.equal(s.totalCost, 45000 + 7000);
    assert.equal(s.pnl, 66000 - 52000);
    close(s.pnlPercent, (14000 / 52000) * 100);
    // 24 h ago: BTC at open24h 50 000, ETH at 3000 / (1 - 0.25) = 4000.
    close(s.change24h, 66000 - (50000 + 8000));
    close(s.change24hPercent, ((66000 - 58000) / 58000) * 100);
    assert.deepEqual(s.allocation.map((a) => [a.assetId, a.quantity]), [['BTC', 1], ['ETH', 2]]);
    close(s.allocation[0]!.weight, 60000 / 66000);
    assert.equal(s.allocation[1]!.pnl, 6000 - 7000);
    assert.ok(validate(portfolioLiveSchema, { ...s, portfolioId: 'p1', name: 'x', ts: 1 }).ok);
    assert.equal(A.getPortfolioStats([], prices).pnlPercent, 0);
  });

  test('top performers by return on cost or 24 h change', () => {
    assert.deepEqual(A.getTopPerformers(holdings, prices, 2).map((h) => h.assetId), ['BTC', 'ETH']);
    assert.deepEqual(A.getTopPerformers(holdings, prices, 1, { by: 'change24hPercent' }).map((h) => h.assetId), ['BTC']);
    close(A.getTopPerformers(holdings, prices, 1)[0]!.pnlPercent, (15000 / 45000) * 100);
  });

  test('highest risk by component contribution, summing to portfolio volatility', () => {
    const histories = {
      BTC: [100, 102, 99, 103, 101, 104],
      ETH: [10, 10.5, 9.6, 10.8, 10.1, 11],
      USDC: [1, 1.0001, 0.9999, 1, 1.0001, 1],
    };
    const h = [...holdings, { assetId: 'USDC', quantity: 10000, costBasis: 10000 }];
    const px = [...prices, { assetId: 'USDC', price: 1, changePercent24h: 0 }];
    const risk = A.getHighestRisk(h, px, histories, 3, { annualization: 365 });
    assert.equal(risk[0]!.assetId, 'BTC');
    assert.equal(risk[2]!.assetId, 'USDC');
    const totalShare = risk.reduce((a, r) => a + r.share, 0);
    close(totalShare, 1, 1e-9);
    const stats = A.getPortfolioStats(h, px);
    const weights = stats.allocation.map((a) => a.weight);
    const cov = A.covarianceMatrix(stats.allocation.map((a) => A.simpleReturns(histories[a.assetId as 'BTC'])));
    const total = A.componentRisk(weights, cov).volatility * Math.sqrt(365);
    close(risk.reduce((a, r) => a + r.contribution, 0), total, 1e-9);
    assert.equal(A.getHighestRisk(h, px, histories, 1).length, 1);
  });
});
