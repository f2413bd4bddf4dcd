import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as z from 'zod/mini';
import {
  alertRuleSchema,
  alertRulesResponseSchema,
  alertSchema,
  alertsResponseSchema,
  assetsResponseSchema,
  healthResponseSchema,
  livePricesResponseSchema,
  marketTickerSchema,
  portfolioLiveSchema,
  portfolioSchema,
  portfoliosResponseSchema,
  priceHistorySchema,
  restErrorBodySchema,
  validate,
  watchlistItemSchema,
  watchlistResponseSchema,
} from '../../src/core/protocol/index.js';
import type { FeedServer } from '../../demo/server/server.js';
import { http, startServer } from './helpers.js';

function check<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const r = validate(schema, value);
  if (!r.ok) assert.fail(`does not match the schema: ${JSON.stringify(r.issues)}\n${JSON.stringify(value).slice(0, 400)}`);
  return r.value;
}

/** Asserts an error answer: status, shared body shape, code, and (optionally) the field named. */
function expectError(res: { status: number; body: unknown }, status: number, code: string, path?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  const body = check(restErrorBodySchema, res.body);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  if (path !== undefined) {
    assert.ok(body.error.issues?.some((i) => i.path === path), `issues should name ${path}: ${JSON.stringify(body.error.issues)}`);
  }
}

const holding = { assetId: 'BTC', quantity: 0.5, costBasis: 20_000 };

describe('REST', () => {
  let server: FeedServer;
  before(async () => {
    server = await startServer({ devRoutes: true, bodyLimit: 4096 });
  });
  after(() => server.close());

  test('health, assets, live prices, ticker and history match their schemas', async () => {
    const health = check(healthResponseSchema, (await http(server, 'GET', '/api/health')).body);
    assert.equal(health.status, 'ok');
    assert.equal(health.clients, 0);

    const assets = check(assetsResponseSchema, (await http(server, 'GET', '/api/assets')).body).assets;
    assert.ok(assets.length >= 20);
    for (const id of ['BTC', 'ETH', 'USDT', 'USDC', 'DAI', 'OP']) assert.ok(assets.some((a) => a.id === id), id);

    const live = check(livePricesResponseSchema, (await http(server, 'GET', '/api/prices/live?ids=BTC,ETH')).body);
    assert.deepEqual(live.prices.map((p) => p.assetId), ['BTC', 'ETH']);
    const btc = live.prices[0]!;
    assert.ok(btc.low24h <= btc.price && btc.price <= btc.high24h);
    assert.ok(Math.abs(btc.marketCap - btc.price * assets.find((a) => a.id === 'BTC')!.circulatingSupply) < 1);
    const all = check(livePricesResponseSchema, (await http(server, 'GET', '/api/prices/live')).body);
    assert.equal(all.prices.length, assets.length);

    const ticker = check(marketTickerSchema, (await http(server, 'GET', '/api/market/ticker')).body);
    assert.ok(ticker.btcDominance > 0 && ticker.btcDominance < 100);

    const minutes = check(priceHistorySchema, (await http(server, 'GET', '/api/prices/ETH/history?resolution=1m')).body);
    assert.equal(minutes.points.length, 24 * 60 + 1);
    const hours = check(priceHistorySchema, (await http(server, 'GET', '/api/prices/ETH/history?resolution=1h')).body);
    assert.equal(hours.points.length, 30 * 24 + 1);
    assert.equal(hours.points[1]!.ts - hours.points[0]!.ts, 3_600_000);
  });

  test('portfolio lifecycle: create, read, live, patch, delete', async () => {
    const created = await http(server, 'POST', '/api/portfolios', { body: { name: '  Mine ', holdings: [holding] } });
    assert.equal(created.status, 201);
    const p = check(portfolioSchema, created.body);
    assert.equal(p.name, 'Mine');
    assert.deepEqual(p.holdings, [holding]);

    const list = check(portfoliosResponseSchema, (await http(server, 'GET', '/api/portfolios')).body);
    assert.ok(list.portfolios.some((x) => x.id === p.id));
    assert.ok(list.portfolios.some((x) => x.id === 'demo-balanced'), 'demo portfolios are seeded');

    assert.deepEqual((await http(server, 'GET', `/api/portfolios/${p.id}`)).body, p);

    const live = check(portfolioLiveSchema, (await http(server, 'GET', `/api/portfolios/${p.id}/live`)).body);
    const price = server.simulator.priceOf('BTC')!;
    assert.ok(Math.abs(live.totalValue - 0.5 * price) < 1e-6);
    assert.equal(live.totalCost, 20_000);
    assert.ok(Math.abs(live.pnl - (0.5 * price - 20_000)) < 1e-6);
    assert.equal(live.allocation.length, 1);
    assert.equal(live.allocation[0]!.weight, 1);

    const patched = await http(server, 'PATCH', `/api/portfolios/${p.id}`, {
      body: { holdings: [holding, { assetId: 'ETH', quantity: 2, costBasis: 5000 }] },
    });
    assert.equal(patched.status, 200);
    const updated = check(portfolioSchema, patched.body);
    assert.equal(updated.holdings.length, 2);
    assert.equal(updated.name, 'Mine');

    const removed = await http(server, 'DELETE', `/api/portfolios/${p.id}`);
    assert.equal(removed.status, 204);
    expectError(await http(server, 'GET', `/api/portfolios/${p.id}`), 404, 'not_found');
    expectError(await http(server, 'DELETE', `/api/portfolios/${p.id}`), 404, 'not_found');
  });

  test('every invalid portfolio input is a 400 naming the field', async () => {
    const post = (body: unknown) => http(server, 'POST', '/api/portfolios', { body });
    expectError(await post({ name: '', holdings: [] }), 400, 'validation_failed', 'name');
    expectError(await post({ holdings: [] }), 400, 'validation_failed', 'name');
    expectError(await post({ name: 'x' }), 400, 'validation_failed', 'holdings');
    expectError(await post({ name: 'x', holdings: [{ ...holding, quantity: 0 }] }), 400, 'validation_failed', 'holdings.0.quantity');
    expectError(await post({ name: 'x', holdings: [{ ...holding, costBasis: -1 }] }), 400, 'validation_failed', 'holdings.0.costBasis');
    expectError(await post({ name: 'x', holdings: [holding, { ...holding, assetId: 'btc' }] }), 400, 'validation_failed', 'holdings.1.assetId');
    expectError(await post({ name: 'x', holdings: [{ ...holding, assetId: 'NOPE' }] }), 400, 'validation_failed', 'holdings.0.assetId');
    expectError(await post({ name: 'x', holdings: [], id: 'mine' }), 400, 'validation_failed');
    expectError(await post([1, 2]), 400, 'validation_failed');
    expectError(await http(server, 'PATCH', '/api/portfolios/demo-balanced', { body: {} }), 400, 'validation_failed');
    expectError(await http(server, 'PATCH', '/api/portfolios/demo-balanced', { body: { name: 3 } }), 400, 'validation_failed', 'name');
    expectError(await http(server, 'PATCH', '/api/portfolios/nope', { body: { name: 'y' } }), 404, 'not_found');
    expectError(await http(server, 'GET', '/api/portfolios/bad%20id'), 400, 'validation_failed', 'id');
    expectError(await http(server, 'GET', '/api/portfolios/nope/live'), 404, 'not_found');
  });

  test('malformed JSON is a 400, an oversized body a 413, an unknown route a 404, all in the error shape', async () => {
    expectError(await http(server, 'POST', '/api/portfolios', { raw: '{"name": ' }), 400, 'bad_request');
    const big = JSON.stringify({ name: 'x'.repeat(10_000), holdings: [] });
    expectError(await http(server, 'POST', '/api/portfolios', { raw: big }), 413, 'payload_too_large');
    expectError(await http(server, 'GET', '/api/nothing-here'), 404, 'not_found');
    expectError(await http(server, 'POST', '/api/portfolios', { raw: 'name=x', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    // The server still serves after all of that.
    assert.equal((await http(server, 'GET', '/api/health')).status, 200);
  });

  test('query and parameter validation', async () => {
    expectError(await http(server, 'GET', '/api/prices/live?ids=BTC,NOPE'), 404, 'not_found', 'ids.1');
    expectError(await http(server, 'GET', '/api/prices/live?ids=BTC,eth'), 400, 'validation_failed', 'ids.1');
    expectError(await http(server, 'GET', '/api/prices/live?foo=1'), 400, 'validation_failed');
    expectError(await http(server, 'GET', '/api/alerts?since=-1'), 400, 'validation_failed', 'since');
    expectError(await http(server, 'GET', '/api/alerts?limit=0'), 400, 'validation_failed', 'limit');
    expectError(await http(server, 'GET', '/api/alerts?limit=abc'), 400, 'validation_failed', 'limit');
    expectError(await http(server, 'GET', '/api/prices/NOPE/history'), 404, 'not_found');
    expectError(await http(server, 'GET', '/api/prices/BTC/history?resolution=5m'), 400, 'validation_failed', 'resolution');
    expectError(await http(server, 'PUT', '/api/watchlist/NOPE'), 404, 'not_found');
    expectError(await http(server, 'PUT', '/api/watchlist/btc'), 400, 'validation_failed', 'assetId');
  });

  test('watchlist: put, list, delete', async () => {
    const initial = check(watchlistResponseSchema, (await http(server, 'GET', '/api/watchlist')).body);
    assert.ok(initial.items.length > 0, 'a default watchlist is seeded');
    const put = await http(server, 'PUT', '/api/watchlist/OP');
    assert.equal(put.status, 201);
    assert.equal(check(watchlistItemSchema, put.body).assetId, 'OP');
    assert.equal((await http(server, 'PUT', '/api/watchlist/OP')).status, 200, 'adding twice keeps one item');
    const list = check(watchlistResponseSchema, (await http(server, 'GET', '/api/watchlist')).body);
    assert.equal(list.items.filter((i) => i.assetId === 'OP').length, 1);
    assert.equal((await http(server, 'DELETE', '/api/watchlist/OP')).status, 204);
    expectError(await http(server, 'DELETE', '/api/watchlist/OP'), 404, 'not_found');
  });

  test('alert rules: create, list, delete, validation', async () => {
    const created = await http(server, 'POST', '/api/alert-rules', { body: { assetId: 'ETH', condition: 'above', price: 1e9 } });
    assert.equal(created.status, 201);
    const rule = check(alertRuleSchema, created.body);
    assert.equal(rule.enabled, true);
    const rules = check(alertRulesResponseSchema, (await http(server, 'GET', '/api/alert-rules')).body).rules;
    assert.ok(rules.some((r) => r.id === rule.id));
    expectError(await http(server, 'POST', '/api/alert-rules', { body: { assetId: 'ETH', condition: 'sideways', price: 1 } }), 400, 'validation_failed', 'condition');
    expectError(await http(server, 'POST', '/api/alert-rules', { body: { assetId: 'ETH', condition: 'above', price: 0 } }), 400, 'validation_failed', 'price');
    expectError(await http(server, 'POST', '/api/alert-rules', { body: { assetId: 'NOPE', condition: 'above', price: 1 } }), 404, 'not_found', 'assetId');
    assert.equal((await http(server, 'DELETE', `/api/alert-rules/${rule.id}`)).status, 204);
    expectError(await http(server, 'DELETE', `/api/alert-rules/${rule.id}`), 404, 'not_found');
  });

  test('alerts: list since a position, limit, other epoch, acknowledge', async () => {
    const start = check(alertsResponseSchema, (await http(server, 'GET', '/api/alerts')).body).position;
    const raised = [server.raiseAlert({ title: 'one' }), server.raiseAlert({ title: 'two' }), server.raiseAlert({ title: 'three' })];
    const page = check(alertsResponseSchema, (await http(server, 'GET', `/api/alerts?since=${start.seq}&limit=2`)).body);
    assert.deepEqual(page.alerts.map((a) => a.id), raised.slice(0, 2).map((a) => a.id));
    assert.equal(page.hasMore, true);
    assert.deepEqual(page.position, { epoch: start.epoch, seq: start.seq + 3 });
    const rest = check(alertsResponseSchema, (await http(server, 'GET', `/api/alerts?since=${page.alerts[1]!.seq}&epoch=${start.epoch}`)).body);
    assert.deepEqual(rest.alerts.map((a) => a.title), ['three']);
    assert.equal(rest.hasMore, false);
    const other = check(alertsResponseSchema, (await http(server, 'GET', `/api/alerts?since=${start.seq + 3}&epoch=old-epoch`)).body);
    assert.ok(other.alerts.length >= 3, 'another epoch answers from the start');
    assert.equal(other.alerts[0]!.seq, 1);

    const acked = await http(server, 'POST', `/api/alerts/${raised[0]!.id}/ack`);
    assert.equal(acked.status, 200);
    assert.equal(check(alertSchema, acked.body).acknowledged, true);
    expectError(await http(server, 'POST', '/api/alerts/nope/ack'), 404, 'not_found');

    const dev = await http(server, 'POST', '/api/dev/alerts', { body: { title: 'from dev', severity: 'critical' } });
    assert.equal(dev.status, 201);
    assert.equal(check(alertSchema, dev.body).title, 'from dev');
  });

  test('CORS: pages on this machine by default, Authorization and Idempotency-Key allowed and exposed', async () => {
    const page = 'http://localhost:5173';
    const res = await fetch(server.url + '/api/portfolios', {
      method: 'OPTIONS',
      headers: { origin: page, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'idempotency-key,content-type,authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), page);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /PATCH/);
    assert.match((res.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /idempotency-key/);
    assert.match((res.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /authorization/);
    const get = await fetch(server.url + '/api/health', { headers: { origin: 'http://127.0.0.1:6006' } });
    assert.equal(get.headers.get('access-control-allow-origin'), 'http://127.0.0.1:6006');
    assert.match((get.headers.get('access-control-expose-headers') ?? '').toLowerCase(), /idempotency-key/);
    // Another site is refused, reads and writes alike, even before any token is looked at.
    const foreign = await fetch(server.url + '/api/health', { headers: { origin: 'http://example.test' } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const write = await http(server, 'POST', '/api/portfolios', { body: { name: 'x', holdings: [] }, headers: { origin: 'http://evil.test' } });
    assert.equal(write.status, 403);
    assert.equal(write.body.error.code, 'forbidden');
  });
});

describe('REST with a CORS allowlist', () => {
  test('only listed origins get CORS headers', async () => {
    const server = await startServer({ corsOrigins: ['http://good.test'] });
    try {
      const good = await fetch(server.url + '/api/health', { headers: { origin: 'http://good.test' } });
      assert.equal(good.headers.get('access-control-allow-origin'), 'http://good.test');
      const bad = await fetch(server.url + '/api/health', { headers: { origin: 'http://bad.test' } });
      assert.equal(bad.headers.get('access-control-allow-origin'), null);
      assert.equal(bad.status, 403);
    } finally {
      await server.close();
    }
  });

  test('* opens it to any origin', async () => {
    const server = await startServer({ corsOrigins: ['*'] });
    try {
      const any = await fetch(server.url + '/api/health', { headers: { origin: 'http://example.test' } });
      assert.equal(any.status, 200);
      assert.equal(any.headers.get('access-control-allow-origin'), 'http://example.test');
    } finally {
      await server.close();
    }
  });
});

describe('without dev routes', () => {
  test('POST /api/dev/alerts does not exist', async () => {
    const server = await startServer();
    try {
      expectError(await http(server, 'POST', '/api/dev/alerts', { body: {} }), 404, 'not_found');
    } finally {
      await server.close();
    }
  });
});

describe('request limits and strict query parsing', () => {
  test('since and limit take plain decimal integers only', async () => {
    const server = await startServer();
    try {
      for (const bad of ['0x10', '1e3', '010', '-1', ' 5', '5.0', '+5', '']) {
        const res = await http(server, 'GET', `/api/alerts?since=${encodeURIComponent(bad)}`);
        assert.equal(res.status, 400, `since=${JSON.stringify(bad)}`);
        assert.equal(res.body.error.code, 'validation_failed');
      }
      assert.equal((await http(server, 'GET', '/api/alerts?since=0&limit=10')).status, 200);
      assert.equal((await http(server, 'GET', '/api/market/movers?n=0x3')).status, 400);
      assert.equal((await http(server, 'GET', '/api/market/movers?n=3')).status, 200);
    } finally {
      await server.close();
    }
  });

  test('414 and 431 are answered in the error shape', async () => {
    const server = await startServer();
    try {
      const long = await http(server, 'GET', `/api/assets?x=${'a'.repeat(5000)}`, { token: null });
      assert.equal(long.status, 414);
      assert.equal(long.body.error.code, 'uri_too_long');
      const { createConnection } = await import('node:net');
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = createConnection(server.port, '127.0.0.1', () => {
          socket.write(`GET /api/assets HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(20_000)}\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(raw, /^HTTP\/1\.1 431 /);
      const json = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      assert.equal(json.error.code, 'headers_too_large');
      assert.equal((await http(server, 'GET', '/api/health')).status, 200, 'still serving');
    } finally {
      await server.close();
    }
  });
});

describe('input the server refuses', () => {
  test('amounts above 1e12, and names with control characters, bidi overrides or lone surrogates', async () => {
    const server = await startServer();
    try {
      const post = (body: unknown) => http(server, 'POST', '/api/portfolios', { body });
      const holding = { assetId: 'BTC', quantity: 1, costBasis: 1 };
      for (const bad of [
        { name: 'Huge', holdings: [{ ...holding, quantity: 1e308 }] },
        { name: 'Huge cost', holdings: [{ ...holding, costBasis: 2e12 }] },
        { name: 'exe.\u202egnp', holdings: [] },
        { name: 'bell\u0007', holdings: [] },
        { name: 'half \ud800', holdings: [] },
      ]) {
        const res = await post(bad);
        assert.equal(res.status, 400, JSON.stringify(bad.name));
        assert.equal(res.body.error.code, 'validation_failed');
      }
      assert.equal((await post({ name: 'Emoji 🚀 and עברית', holdings: [{ ...holding, quantity: 1e12 }] })).status, 201);
      const rule = await http(server, 'POST', '/api/alert-rules', { body: { assetId: 'BTC', condition: 'above', price: 1e13 } });
      assert.equal(rule.status, 400);
    } finally {
      await server.close();
    }
  });
});
