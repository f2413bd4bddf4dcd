import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServerMessage, SubscribedMessage } from '../../src/core/protocol/index.js';
import { StreamRegistry } from '../../demo/server/streams/stream-registry.js';
import { http, Probe, startServer } from './helpers.js';

const isSubscribed = (m: ServerMessage) => m.type === 'subscribed';

describe('resource limits', () => {
  test('deep JSON is refused before it is parsed, hashed or validated: 400 on REST, bad_frame on the socket', async () => {
    const server = await startServer();
    try {
      const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
      const res = await http(server, 'POST', '/api/portfolios', { raw: deep, headers: { 'idempotency-key': 'deep-1' } });
      assert.equal(res.status, 400, 'not a 500 from a stack overflow while hashing');
      assert.match(res.body.error.message, /nests deeper than 32/);
      const nested = `{"name":"x","holdings":${'['.repeat(40)}${']'.repeat(40)}}`;
      const refused = await http(server, 'POST', '/api/portfolios', { raw: nested, headers: { 'idempotency-key': 'deep-2' } });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /nests deeper/);
      const p = await Probe.connect(server.wsUrl);
      const answer = p.after((m) => m.type === 'error');
      p.send(`{"type":"ping","id":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
      const error = await answer;
      assert.ok(error.type === 'error' && error.code === 'bad_frame', JSON.stringify(error));
      await p.sync();
      await p.close();
    } finally {
      await server.close();
    }
  });

  test('a repeated since on a live subscription replays nothing', async () => {
    const server = await startServer();
    try {
      for (let i = 0; i < 20; i += 1) server.raiseAlert({ title: `a${i}`, message: 'x'.repeat(500) });
      const p = await Probe.connect(server.wsUrl);
      const epoch = server.alerts.position.epoch;
      p.send({ type: 'subscribe', channel: 'alerts', since: { epoch, seq: 0 } });
      const first = await p.next<SubscribedMessage>(isSubscribed);
      assert.equal(first.recovered, true);
      await p.sync();
      assert.equal(p.of('alert').length, 20);
      for (let i = 0; i < 50; i += 1) p.send({ type: 'subscribe', channel: 'alerts', since: { epoch, seq: 0 } });
      await p.sync();
      const answers = p.of('subscribed');
      assert.equal(answers.length, 51);
      assert.ok(answers.slice(1).every((m) => m.recovered === false), 'the client is told to reload instead');
      assert.equal(p.of('alert').length, 20, 'nothing was sent twice');
      await p.close();
    } finally {
      await server.close();
    }
  });

  test('replay bytes per connection per minute are capped', async () => {
    const server = await startServer({ maxReplayBytesPerMinute: 20_000 });
    try {
      for (let i = 0; i < 20; i += 1) server.raiseAlert({ title: `a${i}`, message: 'x'.repeat(1000) });
      const epoch = server.alerts.position.epoch;
      const p = await Probe.connect(server.wsUrl);
      p.send({ type: 'subscribe', channel: 'alerts', since: { epoch, seq: 10 } });
      assert.equal((await p.next<SubscribedMessage>(isSubscribed)).recovered, true, '10 alerts fit');
      p.send({ type: 'unsubscribe', channel: 'alerts' });
      p.send({ type: 'subscribe', channel: 'alerts', since: { epoch, seq: 0 } });
      await p.sync();
      assert.equal(p.of('subscribed').at(-1)!.recovered, false, '20 more do not fit this minute');
      assert.equal(p.of('alert').length, 10);
      await p.close();
    } finally {
      await server.close();
    }
  });

  test('replay buffers are bounded by bytes and by time, with eviction', () => {
    let now = 1_000_000;
    const registry = new StreamRegistry({ epoch: 'e', replaySize: 1000, replayMs: 10_000, replayBytes: 5_000, now: () => now });
    const stream = registry.ensure('s', { channel: 'price_updates', type: 'price_update' });
    for (let i = 0; i < 100; i += 1) registry.publish(stream, { pad: 'x'.repeat(400) }, now);
    assert.ok(stream.bufferBytes <= 5_000, `held ${stream.bufferBytes} bytes`);
    assert.ok(stream.buffer.length > 0 && stream.buffer.length < 100);
    assert.equal(stream.bufferBytes, stream.buffer.reduce((n, m) => n + m.frame.byteLength, 0));
    now += 11_000;
    registry.sweep();
    assert.equal(stream.buffer.length, 0, 'expired messages are dropped even with nobody publishing');
    assert.equal(registry.bufferedBytes(), 0);
    assert.deepEqual(registry.replay(stream, { epoch: 'e', seq: 50 }), { recovered: false });
  });
});

describe('connection limits and timeouts', () => {
  test('WebSockets are capped per IP address and in all', async () => {
    const server = await startServer({ maxConnectionsPerIp: 2 });
    try {
      const a = await Probe.connect(server.wsUrl);
      const b = await Probe.connect(server.wsUrl);
      const third = new Probe(server.wsUrl);
      await assert.rejects(third.opened, /429/);
      await a.close();
      const again = await Probe.connect(server.wsUrl);
      await Promise.all([b.close(), again.close()]);
    } finally {
      await server.close();
    }
    const small = await startServer({ maxConnections: 1 });
    try {
      const only = await Probe.connect(small.wsUrl);
      await assert.rejects(new Probe(small.wsUrl).opened, /503/);
      await only.close();
    } finally {
      await small.close();
    }
  });

  test('a silent TCP connection is closed after the idle timeout', async () => {
    const server = await startServer({ idleTimeoutMs: 300, headersTimeoutMs: 300 });
    try {
      const { createConnection } = await import('node:net');
      const started = Date.now();
      await new Promise<void>((resolve, reject) => {
        const socket = createConnection(server.port, '127.0.0.1');
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
        setTimeout(() => reject(new Error('still open after 10 s')), 10_000).unref();
      });
      assert.ok(Date.now() - started < 10_000);
      assert.equal((await http(server, 'GET', '/api/health')).status, 200);
    } finally {
      await server.close();
    }
  });
});
