import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { marketMoversSchema, marketSentimentSchema, validate } from '../../../src/core/protocol/index.js';
import { marketMoversBody, marketSentimentBody, parseMoversQuery } from './market-endpoints.js';
import { RiskEngine } from './risk-engine.js';

const price = (assetId: string, changePercent24h: number, marketCap: number) => ({ assetId, price: 10, changePercent24h, marketCap });
const prices = new Map([
  ['BTC', price('BTC', 3, 1000)],
  ['ETH', price('ETH', 2, 400)],
  ['DOGE', price('DOGE', -9, 20)],
  ['USDT', price('USDT', 0, 100)],
]);

describe('market endpoints', () => {
  test('sentiment body is valid and bullish when most of the cap rose', () => {
    const body = marketSentimentBody(prices.values(), 123);
    assert.ok(validate(marketSentimentSchema, body).ok);
    assert.equal(body.ts, 123);
    // breadth (2 - 1) / 4 = 0.25; cap-weighted (3000 + 800 - 180) / 1520 = 2.38 % -> 0.476; mean 0.363.
    assert.equal(body.sentiment, 'bullish');
    assert.equal(new RiskEngine().sentiment(prices.values(), 123).sentiment, 'bullish');
  });

  test('movers body lists n of each side and only the fields of the schema', () => {
    const body = marketMoversBody(prices.values(), 1, 5);
    assert.deepEqual(body, {
      gainers: [{ assetId: 'BTC', price: 10, changePercent24h: 3 }],
      losers: [{ assetId: 'DOGE', price: 10, changePercent24h: -9 }],
      ts: 5,
    });
    assert.ok(validate(marketMoversSchema, body).ok);
  });

  test('?n= is parsed from the query string, 1..50, default 5', () => {
    assert.deepEqual(parseMoversQuery({}), { ok: true, n: 5 });
    assert.deepEqual(parseMoversQuery({ n: '3' }), { ok: true, n: 3 });
    assert.equal(parseMoversQuery({ n: '0' }).ok, false);
    assert.equal(parseMoversQuery({ n: 'x' }).ok, false);
    assert.equal(parseMoversQuery({ n: '3', other: 1 }).ok, false);
  });
});
