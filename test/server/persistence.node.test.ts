import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { portfolioSchema, validate } from '../../src/core/protocol/index.js';
import { http, Probe, startServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'feed-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const body = { name: 'Kept', holdings: [{ assetId: 'ETH', quantity: 3, costBasis: 9000 }] };

describe('Idempotency-Key', () => {
  test('the same key twice creates one portfolio and answers the same', async () => {
    const server = await startServer();
    try {
      const headers = { 'idempotency-key': 'create-1' };
      const first = await http(server, 'POST', '/api/portfolios', { body, headers });
      const second = await http(server, 'POST', '/api/portfolios', { body, headers });
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.deepEqual(second.body, first.body);
      assert.equal(second.headers.get('idempotency-replayed'), 'true');
      const list = (await http(server, 'GET', '/api/portfolios')).body.portfolios as { name: string }[];
      assert.equal(list.filter((p) => p.name === 'Kept').length, 1);

      const conflict = await http(server, 'POST', '/api/portfolios', { body: { ...body, name: 'Other' }, headers });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.error.code, 'conflict');

      // Scoped to method and path: the same key elsewhere is a different request.
      const id = (first.body as { id: string }).id;
      const patch = await http(server, 'PATCH', `/api/portfolios/${id}`, { body: { name: 'Renamed' }, headers });
      assert.equal(patch.status, 200);
      assert.equal(patch.body.name, 'Renamed');

      // A delete replayed answers 204 again instead of 404.
      const del = { 'idempotency-key': 'delete-1' };
      assert.equal((await http(server, 'DELETE', `/api/portfolios/${id}`, { headers: del })).status, 204);
      assert.equal((await http(server, 'DELETE', `/api/portfolios/${id}`, { headers: del })).status, 204);

      // Failures are not stored: the same key can be retried with a valid body.
      const bad = await http(server, 'POST', '/api/portfolios', { body: { name: '' , holdings: [] }, headers: { 'idempotency-key': 'retry' } });
      assert.equal(bad.status, 400);
      const good = await http(server, 'POST', '/api/portfolios', { body, headers: { 'idempotency-key': 'retry' } });
      assert.equal(good.status, 201);

      const tooLong = await http(server, 'POST', '/api/portfolios', { body, headers: { 'idempotency-key': 'k'.repeat(300) } });
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.error.issues[0].path, 'Idempotency-Key');
    } finally {
      await server.close();
    }
  });

  test('keys survive a restart with a file database', async () => {
    const db = join(dir, 'idem', 'feed.sqlite');
    const headers = { 'idempotency-key': 'restart-1' };
    const a = await startServer({ db });
    const first = await http(a, 'POST', '/api/portfolios', { body, headers });
    await a.close();
    assert.ok(existsSync(db), 'the parent folder is created');
    const b = await startServer({ db });
    try {
      const again = await http(b, 'POST', '/api/portfolios', { body, headers });
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, first.body);
      const list = (await http(b, 'GET', '/api/portfolios')).body.portfolios as { name: string }[];
      assert.equal(list.filter((p) => p.name === 'Kept').length, 1);
    } finally {
      await b.close();
    }
  });
});

describe('persistence across a restart', () => {
  test('portfolios, watchlist, rules, alerts and the alerts epoch are kept; replay works across the restart', async () => {
    const db = join(dir, 'state.sqlite');
    const a = await startServer({ db });
    const created = await http(a, 'POST', '/api/portfolios', { body });
    const portfolio = validate(portfolioSchema, created.body);
    assert.ok(portfolio.ok);
    await http(a, 'DELETE', '/api/portfolios/demo-bitcoin');
    await http(a, 'PUT', '/api/watchlist/ARB');
    await http(a, 'POST', '/api/alert-rules', { body: { assetId: 'BTC', condition: 'below', price: 1 } });
    const first = a.raiseAlert({ title: 'before restart 1' });
    const second = a.raiseAlert({ title: 'before restart 2' });
    await http(a, 'POST', `/api/alerts/${first.id}/ack`);
    const epoch = a.alerts.position.epoch;
    await a.close();

    const b = await startServer({ db });
    try {
      const portfolios = (await http(b, 'GET', '/api/portfolios')).body.portfolios as { id: string }[];
      assert.ok(portfolios.some((p) => p.id === (created.body as { id: string }).id));
      assert.ok(!portfolios.some((p) => p.id === 'demo-bitcoin'), 'demo data is seeded on the first run only');
      const watch = (await http(b, 'GET', '/api/watchlist')).body.items as { assetId: string }[];
      assert.ok(watch.some((i) => i.assetId === 'ARB'));
      const rules = (await http(b, 'GET', '/api/alert-rules')).body.rules as { price: number }[];
      assert.ok(rules.some((r) => r.price === 1));

      assert.deepEqual(b.alerts.position, { epoch, seq: second.seq });
      const listed = (await http(b, 'GET', `/api/alerts?since=${first.seq - 1}`)).body;
      assert.deepEqual(listed.alerts.map((x: { id: string }) => x.id), [first.id, second.id]);
      assert.equal(listed.alerts[0].acknowledged, true);

      const third = b.raiseAlert({ title: 'after restart' });
      assert.equal(third.seq, second.seq + 1, 'seq continues in the same epoch');

      const probe = await Probe.connect(b.wsUrl);
      probe.send({ type: 'subscribe', channel: 'alerts', since: { epoch, seq: first.seq } });
      const subscribed = await probe.next((m) => m.type === 'subscribed');
      assert.equal(subscribed.type === 'subscribed' && subscribed.recovered, true);
      await probe.sync();
      assert.deepEqual(probe.of('alert').map((m) => [m.seq, m.data.id]), [
        [second.seq, second.id],
        [third.seq, third.id],
      ]);
      await probe.close();
    } finally {
      await b.close();
    }
  });

  test('a memory database starts a new alerts epoch every time', async () => {
    const a = await startServer();
    const b = await startServer();
    try {
      assert.notEqual(a.alerts.position.epoch, b.alerts.position.epoch);
      assert.notEqual(a.registry.epoch, b.registry.epoch);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
