import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertInput } from '../../demo/server/alerts/alert-service.js';
import { AlertRuleEngine, DEFAULT_ALERT_RULE_OPTIONS } from '../../demo/server/alerts/rule-engine.js';

function setup() {
  const prices = new Map<string, number>([['BTC', 100]]);
  const past = new Map<string, number>([['BTC', 100]]);
  const raised: AlertInput[] = [];
  const engine = new AlertRuleEngine(
    { assetIds: ['BTC'], priceOf: (id) => prices.get(id), priceAt: (id) => past.get(id) },
    (a) => raised.push(a),
    { ...DEFAULT_ALERT_RULE_OPTIONS, cooldownMs: 1000 },
  );
  return { prices, past, raised, engine };
}

describe('alert rules', () => {
  test('a price threshold fires once on crossing and re-arms after crossing back', () => {
    const { prices, raised, engine } = setup();
    engine.addRule({ id: 'r1', assetId: 'BTC', condition: 'above', price: 101, enabled: true, createdAt: 0 });
    const moves = [100.5, 101.5, 102, 103, 100, 101.2];
    moves.forEach((p, i) => {
      prices.set('BTC', p);
      engine.evaluatePrices(i);
    });
    const fired = raised.filter((a) => a.kind === 'price_threshold');
    assert.equal(fired.length, 2);
    assert.equal(fired[0]!.ruleId, 'r1');
  });

  test('a rule created while its condition holds waits for a fresh crossing', () => {
    const { prices, raised, engine } = setup();
    prices.set('BTC', 200);
    engine.addRule({ id: 'r2', assetId: 'BTC', condition: 'above', price: 150, enabled: true, createdAt: 0 });
    engine.evaluatePrices(0);
    assert.equal(raised.filter((a) => a.kind === 'price_threshold').length, 0);
  });

  test('price moves beyond the threshold alert with a cooldown', () => {
    const { prices, raised, engine } = setup();
    prices.set('BTC', 103);
    engine.evaluatePrices(10_000);
    engine.evaluatePrices(10_500);
    assert.equal(raised.filter((a) => a.kind === 'price_move').length, 1);
    engine.evaluatePrices(11_500);
    assert.equal(raised.filter((a) => a.kind === 'price_move').length, 2);
    prices.set('BTC', 101);
    engine.evaluatePrices(20_000);
    assert.equal(raised.length, 2, 'a 1 % move is below the 2 % threshold');
  });

  test('drawdown from the running peak', () => {
    const { raised, engine } = setup();
    engine.evaluatePortfolio('p', 'P', 1000, 0);
    engine.evaluatePortfolio('p', 'P', 1200, 1);
    engine.evaluatePortfolio('p', 'P', 1150, 2);
    assert.equal(raised.length, 0);
    engine.evaluatePortfolio('p', 'P', 1130, 3);
    assert.equal(raised.length, 1);
    assert.equal(raised[0]!.kind, 'portfolio_drawdown');
    engine.evaluatePortfolio('p', 'P', 1125, 4000);
    assert.equal(raised.length, 1, 'the next alert needs a further fall');
  });
});
