import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isolate, isSafeText } from '../../src/core/protocol/index.js';
import { http, startServer } from './helpers.js';

describe('text rules for free text', () => {
  test('dev-alert titles and messages: control characters, bidi overrides, lone surrogates and over-long text are refused, naming the field', async () => {
    const server = await startServer({ devRoutes: true });
    try {
      const refused: [string, Record<string, string>][] = [
        ['title', { title: 'exe.\u202egnp' }],
        ['title', { title: 'bell\u0007' }],
        ['title', { title: 'half \ud800' }],
        ['title', { title: '   ' }],
        ['title', { title: 'x'.repeat(201) }],
        ['message', { message: 'line\nbreak' }],
        ['message', { message: '\u2066isolate' }],
        ['message', { message: 'x'.repeat(2001) }],
      ];
      for (const [field, body] of refused) {
        const res = await http(server, 'POST', '/api/dev/alerts', { body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.error.code, 'validation_failed');
        assert.equal(res.body.error.issues[0].path, field);
      }
      const ok = await http(server, 'POST', '/api/dev/alerts', { body: { title: '  שלום BTC 😀 ', message: 'Ünïcödé is fine: 中文, عربى.' } });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.title, 'שלום BTC 😀', 'trimmed, stored as sent');
    } finally {
      await server.close();
    }
  });

  test('names the server quotes in alert titles are isolated, so right-to-left names cannot reorder the sentence', async () => {
    const server = await startServer({ alertRules: { drawdownPercent: 1, cooldownMs: 0 } });
    try {
      const created = await http(server, 'POST', '/api/portfolios', { body: { name: 'תיק 2', holdings: [{ assetId: 'DOGE', quantity: 1000, costBasis: 100 }] } });
      assert.equal(created.status, 201);
      const id = created.body.id as string;
      // The portfolio loses half its value: the drawdown rule quotes its name.
      const t = Date.now() + 3_600_000;
      server.ruleEngine.evaluatePortfolio(id, 'תיק 2', 1000, t);
      server.ruleEngine.evaluatePortfolio(id, 'תיק 2', 500, t + 1);
      const drawdown = (await server.alerts.list('demo', {})).alerts.find((a) => a.portfolioId === id && a.kind === 'portfolio_drawdown');
      assert.ok(drawdown, 'a drawdown alert');
      assert.ok(drawdown.title.startsWith(`${isolate('תיק 2')} down 50.0%`), drawdown.title);
      assert.ok(drawdown.message.startsWith(isolate('תיק 2')), drawdown.message);
    } finally {
      await server.close();
    }
  });

  test('isSafeText: paired surrogates and right-to-left letters are fine; the rest is not', () => {
    for (const ok of ['BTC', '😀', 'שלום', 'عربى', 'e\u0301', '\u00a0']) assert.equal(isSafeText(ok), true, JSON.stringify(ok));
    for (const bad of ['\u0000', '\t', '\u009f', '\u202e', '\u2069', '\udc00x', 'x\ud800']) assert.equal(isSafeText(bad), false, JSON.stringify(bad));
  });
});
