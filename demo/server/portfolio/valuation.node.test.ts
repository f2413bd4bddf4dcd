import assert from 'node:assert/strict';
import { test } from 'node:test';
import { portfolioLiveSchema, validate } from '../../../src/core/protocol/index.js';
import { valuePortfolio } from './valuation.js';

const market = { priceOf: () => 95_000, open24h: () => 90_000 };
const portfolio = (costBasis: number, quantity = 1e-8) => ({
  id: 'p_1',
  name: 'Tiny cost',
  createdAt: 0,
  updatedAt: 0,
  holdings: [{ assetId: 'BTC', quantity, costBasis }],
});

test('a cost basis so small that the P&L percentage overflows still values to finite numbers', () => {
  // Found by the REST fuzzer: 1e-8 BTC bought for 5e-324 gave pnlPercent Infinity, sent as null.
  const live = valuePortfolio(portfolio(5e-324), market, 1);
  assert.ok(validate(portfolioLiveSchema, JSON.parse(JSON.stringify(live))).ok, JSON.stringify(live));
  assert.equal(live.pnlPercent, Number.MAX_VALUE);
  const loss = valuePortfolio(portfolio(1e12, 1e-300), market, 1);
  assert.ok(Number.isFinite(loss.pnlPercent) && loss.pnlPercent < 0);
  assert.equal(valuePortfolio(portfolio(0), market, 1).pnlPercent, 0);
  assert.ok(Math.abs(valuePortfolio(portfolio(1000, 1), market, 1).pnlPercent - 9_400) < 1e-9);
});
