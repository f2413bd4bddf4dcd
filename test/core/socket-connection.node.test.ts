import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, getSharedClient, releaseSharedClient, sharedClientRefs, SocketError } from '../../src/core/socket/index.js';
import { fakeFetch, json, waitFor } from './support/fake-fetch.js';
import { frames } from './support/fake-socket-server.js';
import { seededRandom } from './support/fake-timers.js';
import { createHarness } from './support/harness.js';

describe('backoffDelay', () => {
  it('stays within 0..30 s over 10,000 attempts, spreads out, keeps jitter at the cap and never gives NaN', () => {
    const random = seededRandom(42);
    const atCap: number[] = [];
    const all: number[] = [];
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const delay = backoffDelay(attempt, random);
      assert.ok(Number.isFinite(delay), `attempt ${attempt} gave ${delay}`);
      assert.ok(delay >= 0 && delay <= 30_000, `attempt ${attempt} gave ${delay}`);
      all.push(delay);
      if (attempt >= 5) atCap.push(delay);
    }
    assert.ok(new Set(all).size > 5000, `only ${new Set(all).size} distinct delays`);
    // At the cap the draw is still uniform over [0, 30 s]: no lockstep at exactly 30 s.
    assert.ok(Math.min(...atCap) < 1000 && Math.max(...atCap) > 29_000);
    const mean = atCap.reduce((a, b) => a + b, 0) / atCap.length;
    assert.ok(mean > 13_500 && mean < 16_500, `mean at cap ${mean}`);
    assert.ok(atCap.filter((d) => d === 30_000).length < 10);
  });

  it('grows its ceiling from the floor and copes with absurd inputs', () => {
    assert.equal(backoffDelay(0, () => 0.999999), 1000);
    assert.equal(backoffDelay(1, () => 0.999999), 2000);
    assert.equal(backoffDelay(3, () => 0.999999), 8000);
    for (const attempt of [Infinity, -Infinity, NaN, -5, 1e12]) {
      const d = backoffDelay(attempt, () => 0.5);
      assert.ok(Number.isFinite(d) && d >= 0 && d <= 30_000, `${attempt} → ${d}`);
    }
    assert.ok(Number.isFinite(backoffDelay(3, () => NaN)));
  });
});

describe('WebSocketClient connection', () => {
  it('connects, reports its status, and walks idle → connecting → connected', async () => {
    const h = createHarness();
    assert.equal(h.client.getConnectionStatus().state, 'idle');
    await h.connect();
    const status = h.client.getConnectionStatus();
    assert.equal(status.state, 'connected');
    assert.equal(status.transport, 'websocket');
    assert.equal(status.connected, true);
    assert.match(status.sessionId ?? '', /^s\d+/);
    assert.deepEqual(h.states.map((s) => s.to), ['connecting', 'connected']);
    h.client.dispose();
    assert.equal(h.time.pendingCount, 0, 'dispose leaves no timer behind');
  });

  it('waits a random 0-1 s before the first retry after a drop from a stable connection', async () => {
    const h = createHarness();
    await h.connect();
    h.time.advance(6000); // stable
    h.server.last.serverClose(1006);
    const status = h.client.getConnectionStatus();
    assert.equal(status.state, 'reconnecting');
    const wait = (status.nextRetryAt ?? Infinity) - h.time.now();
    assert.ok(wait >= 0 && wait <= 1000, `first retry after ${wait} ms`);
    h.time.advance(1000);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    assert.equal(h.client.getStats().reconnects, 1);
    h.client.dispose();
  });

  it('resets the attempt counter only after 5 s of stable uptime', async () => {
    const h = createHarness({ server: { behaviour: 'refuse' } });
    void h.client.connect().catch(() => {});
    h.time.advance(0);
    for (let i = 0; i < 2; i++) h.time.next();
    assert.equal(h.client.getConnectionStatus().attempt, 3);
    h.server.behaviour = 'accept';
    h.time.next(); // retry timer
    h.time.advance(0); // open
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    assert.equal(h.client.getConnectionStatus().attempt, 3, 'not reset on connect');
    h.time.advance(1000);
    h.server.last.serverClose(1006); // unstable: dropped after 1 s
    assert.equal(h.client.getConnectionStatus().attempt, 4);
    const wait = (h.client.getConnectionStatus().nextRetryAt ?? 0) - h.time.now();
    assert.ok(wait <= 8000, 'backs off from the counter, not from zero');
    h.time.advance(wait);
    h.time.advance(0);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    h.time.advance(4999);
    assert.equal(h.client.getConnectionStatus().attempt, 4);
    h.time.advance(1);
    assert.equal(h.client.getConnectionStatus().attempt, 0);
    h.client.dispose();
  });

  it('honours "do not reconnect" close codes and "retry later"', async () => {
    for (const code of [1008, 4001]) {
      const h = createHarness();
      await h.connect();
      h.server.last.serverClose(code, 'go away');
      assert.equal(h.client.getConnectionStatus().state, 'closed');
      assert.ok(h.errors.some((e) => e.code === 'closed_by_server'));
      h.time.advance(120_000);
      assert.equal(h.server.connections.length, 1, `no reconnect after ${code}`);
      h.client.dispose();
    }
    const h = createHarness();
    await h.connect();
    h.server.last.serverClose(1013, 'busy');
    const status = h.client.getConnectionStatus();
    assert.equal(status.state, 'suspended');
    const wait = (status.nextRetryAt ?? 0) - h.time.now();
    assert.ok(wait >= 24_000 && wait <= 36_000, `suspended retry after ${wait}`);
    h.time.advance(wait);
    h.time.advance(0);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    h.client.dispose();
  });

  it('goes to suspended after the maximum attempts when there is no REST to poll', async () => {
    const h = createHarness({ server: { behaviour: 'refuse' }, maxReconnectAttempts: 4 });
    const connected = h.client.connect();
    h.time.advance(0);
    for (let i = 0; i < 3; i++) h.time.next();
    await assert.rejects(connected, (e: SocketError) => e.code === 'connect_failed');
    assert.equal(h.client.getConnectionStatus().state, 'suspended');
    assert.equal(h.server.connections.length, 4);
    h.client.reconnectNow();
    assert.equal(h.server.connections.length, 5, 'retry now opens at once');
    h.client.dispose();
  });

  it('detects a silent connection from the heartbeat deadline and reconnects', async () => {
    const h = createHarness({ server: { heartbeatMs: 15_000 }, heartbeatGraceMs: 10_000 });
    await h.connect();
    const first = h.server.last;
    h.time.advance(20_000);
    first.sendFrame({ type: 'heartbeat', serverTime: 1 }); // any frame re-arms
    h.time.advance(24_000);
    assert.equal(first.closedByClient, null);
    h.time.advance(1001);
    assert.ok(first.closedByClient, 'the silent socket was closed');
    assert.ok(h.errors.some((e) => e.code === 'heartbeat_timeout'));
    assert.equal(h.client.getConnectionStatus().state, 'reconnecting');
    h.time.advance(1000);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    assert.notEqual(h.server.last, first);
    h.client.dispose();
  });

  it('catches a deadline missed while timers slept, on a wake-up hint', async () => {
    const h = createHarness({ server: { heartbeatMs: 15_000 } });
    await h.connect();
    h.lifecycle.fire('visible');
    assert.equal(h.server.last.closedByClient, null, 'a wake-up within the deadline changes nothing');
    h.time.jump(60_000); // the laptop slept: no timer fired
    assert.equal(h.server.last.closedByClient, null);
    h.lifecycle.fire('visible');
    assert.ok(h.server.last.closedByClient, 'closed as soon as the page woke');
    assert.equal(h.client.getConnectionStatus().state, 'reconnecting');
    h.client.dispose();
  });

  it('bounds the outgoing queue by count, bytes and age, and fails it on suspend and close', async () => {
    const h = createHarness({ server: { behaviour: 'hang' }, queue: { maxMessages: 3, maxBytes: 1000, maxAgeMs: 5000 } });
    void h.client.connect().catch(() => {});
    const outcomes: string[] = [];
    const track = (p: Promise<number>, name: string) => p.then(() => outcomes.push(`${name}:ok`), (e: SocketError) => outcomes.push(`${name}:${e.code}`));
    const pings = [1, 2, 3, 4, 5].map((i) => track(h.client.ping(), `p${i}`));
    await Promise.resolve();
    await waitFor(() => outcomes.length >= 2);
    assert.deepEqual(outcomes.sort(), ['p1:queue_overflow', 'p2:queue_overflow']);
    h.time.advance(5001);
    await waitFor(() => outcomes.length >= 5);
    assert.deepEqual(outcomes.slice(2).sort(), ['p3:queue_expired', 'p4:queue_expired', 'p5:queue_expired']);
    await Promise.all(pings);

    // Fresh frames are sent once connected, in order.
    h.server.behaviour = 'accept';
    h.server.last.serverClose(1006);
    h.time.advance(0);
    const late = h.client.ping();
    h.time.next();
    h.time.advance(0);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    assert.equal(typeof (await late), 'number');
    assert.equal(h.server.last.received.filter((m) => m.type === 'ping').length, 1);

    // Suspended: queued frames fail.
    h.server.behaviour = 'hang';
    h.server.last.serverClose(1006);
    const doomed = h.client.ping();
    h.time.advance(1000); // the retry opens a socket that never answers
    assert.equal(h.client.getConnectionStatus().connecting, true);
    h.server.last.serverClose(1013);
    await assert.rejects(doomed, (e: SocketError) => e.code === 'queue_failed');
    await assert.rejects(h.client.ping(), (e: SocketError) => e.code === 'queue_failed');
    h.client.dispose();
    await assert.rejects(h.client.ping(), (e: SocketError) => e.code === 'queue_failed');
  });

  it('falls back to HTTP polling after the maximum attempts, then probes back to the socket', async () => {
    const prices = [frames.price('BTC', 1, 101).data, frames.price('ETH', 1, 55).data];
    const api = fakeFetch((req) => (req.url.pathname === '/api/prices/live' ? json({ prices, ts: 1 }) : json({ error: { code: 'not_found', message: 'no' } }, 404)));
    const h = createHarness({ server: { behaviour: 'refuse' }, maxReconnectAttempts: 3, pollIntervalMs: 5000, fetch: api.fetch });
    const polled: string[] = [];
    h.client.on('price_update', (msg, meta) => polled.push(`${msg.data.assetId}:${meta.transport}`));
    h.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] });
    void h.client.connect().catch(() => {});
    h.time.advance(0);
    h.time.next();
    h.time.next();
    assert.equal(h.client.getConnectionStatus().state, 'polling');
    assert.equal(h.client.getConnectionStatus().transport, 'polling');
    await waitFor(() => polled.length === 2, 'first poll');
    assert.deepEqual(polled.sort(), ['BTC:polling', 'ETH:polling']);
    assert.equal(api.calls[0]?.url.searchParams.get('ids'), 'BTC,ETH');
    h.time.advance(5000);
    await waitFor(() => polled.length === 4, 'second poll');

    const probeIn = (h.client.getConnectionStatus().nextRetryAt ?? 0) - h.time.now();
    assert.ok(probeIn > 40_000 && probeIn <= 72_000, `probe in ${probeIn}`);
    h.server.behaviour = 'accept';
    const before = h.server.connections.length;
    h.time.advance(probeIn);
    h.time.advance(0);
    assert.equal(h.server.connections.length, before + 1);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    assert.equal(h.server.last.subscribes().length, 1, 'resubscribed on the socket');
    const callsAfterProbe = api.calls.length;
    h.time.advance(20_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(api.calls.length, callsAfterProbe, 'polling stopped');
    h.client.dispose();
  });
});

describe('getSharedClient', () => {
  it('shares one client per URL and disposes it with the last release', () => {
    const a = getSharedClient({ url: 'ws://shared.test/ws', lifecycle: null });
    const b = getSharedClient({ url: 'ws://shared.test/ws', lifecycle: null });
    const c = getSharedClient({ url: 'ws://other.test/ws', lifecycle: null });
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(sharedClientRefs('ws://shared.test/ws'), 2);
    releaseSharedClient(a);
    assert.equal(a.getConnectionStatus().state, 'idle');
    releaseSharedClient(b);
    assert.equal(a.getConnectionStatus().state, 'closed');
    assert.equal(sharedClientRefs('ws://shared.test/ws'), 0);
    assert.notEqual(getSharedClient({ url: 'ws://shared.test/ws', lifecycle: null }), a);
    releaseSharedClient(c);
    releaseSharedClient(getSharedClient({ url: 'ws://shared.test/ws', lifecycle: null }));
  });
});
