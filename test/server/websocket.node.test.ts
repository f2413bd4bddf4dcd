import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DEFAULT_MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  riskMetricsUpdateMessageSchema,
  streamKey,
  validate,
  type RiskMetricsUpdateMessage,
  type ServerMessage,
  type SubscribedMessage,
} from '../../src/core/protocol/index.js';
import type { FeedServer } from '../../demo/server/server.js';
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from '../../demo/server/ws/socket-hub.js';
import { http, Probe, startServer, waitUntil } from './helpers.js';

const isSubscribed = (channel: string) => (m: ServerMessage) => m.type === 'subscribed' && m.channel === channel;

describe('WebSocket', () => {
  let server: FeedServer;
  const probes: Probe[] = [];
  const connect = async (options = {}) => {
    const p = await Probe.signedIn(server, undefined, options);
    probes.push(p);
    return p;
  };
  /** Signed out: the public alerts stream, which `raiseAlert` answers from. */
  const connectSignedOut = async () => {
    const p = await Probe.connect(server.wsUrl);
    probes.push(p);
    return p;
  };
  before(async () => {
    server = await startServer({ replaySize: 5 });
  });
  after(async () => {
    await Promise.all(probes.map((p) => p.close()));
    await server.close();
  });

  test('welcome carries the session, heartbeat, protocol version and frame limit', async () => {
    const p = await connect();
    const welcome = p.messages[0]!;
    assert.equal(welcome.type, 'welcome');
    if (welcome.type !== 'welcome') return;
    assert.equal(welcome.protocolVersion, PROTOCOL_VERSION);
    assert.equal(welcome.heartbeatMs, 15_000);
    assert.equal(welcome.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
    assert.ok(welcome.sessionId.length > 0);
    await waitUntil(() => server.clientCount() >= 1);
  });

  test('price subscribe answers positions and the latest value at once, then live updates in order', async () => {
    const p = await connect();
    p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC', 'ETH'] } });
    const sub = await p.next<SubscribedMessage>(isSubscribed('price_updates'));
    assert.deepEqual(Object.keys(sub.positions).sort(), [streamKey('price_updates', 'BTC'), streamKey('price_updates', 'ETH')]);
    assert.equal(sub.recovered, undefined);
    await p.sync();
    const first = p.of('price_update');
    assert.deepEqual(first.map((m) => m.data.assetId).sort(), ['BTC', 'ETH'], 'one current value per stream, without waiting for a tick');
    for (const m of first) assert.equal(m.seq, sub.positions[m.stream]!.seq, 'the latest message is resent as-is');

    server.step(3);
    await p.sync();
    const btc = p.of('price_update').filter((m) => m.data.assetId === 'BTC');
    assert.equal(btc.length, 4);
    btc.forEach((m, i) => i > 0 && assert.equal(m.seq, btc[i - 1]!.seq + 1, 'seq grows by exactly one'));
    assert.equal(btc.at(-1)!.data.price, server.simulator.priceOf('BTC'));
    assert.ok(!p.of('price_update').some((m) => m.data.assetId === 'SOL'), 'only the asked-for assets');

    p.send({ type: 'unsubscribe', channel: 'price_updates', params: { assetIds: ['ETH', 'BTC'] } });
    await p.next((m) => m.type === 'unsubscribed');
    const count = p.of('price_update').length;
    server.step(1);
    await p.sync();
    assert.equal(p.of('price_update').length, count, 'nothing after unsubscribe');
  });

  test('all assets without params; price since is answered with current values', async () => {
    const p = await connect();
    p.send({ type: 'subscribe', channel: 'price_updates', since: { epoch: server.registry.epoch, seq: 1 } });
    const sub = await p.next<SubscribedMessage>(isSubscribed('price_updates'));
    assert.equal(Object.keys(sub.positions).length, server.simulator.assets.length);
    assert.equal(sub.recovered, true);
    await p.sync();
    assert.equal(p.of('price_update').length, server.simulator.assets.length);
    p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['SOL'] }, since: { epoch: 'other', seq: 1 } });
    const again = await p.after<SubscribedMessage>(isSubscribed('price_updates'));
    assert.equal(again.recovered, false);
  });

  test('unknown assets and portfolios are not_found errors naming the channel', async () => {
    const p = await connect();
    p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC', 'NOPE'] } });
    const e1 = await p.after((m) => m.type === 'error');
    assert.ok(e1.type === 'error' && e1.code === 'not_found' && e1.channel === 'price_updates');
    assert.equal(e1.type === 'error' && e1.issues?.[0]?.path, 'params.assetIds.1');
    p.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: 'nope' } });
    const e2 = await p.after((m) => m.type === 'error');
    assert.ok(e2.type === 'error' && e2.code === 'not_found' && e2.channel === 'portfolio_updates');
    p.send({ type: 'subscribe', channel: 'risk_metrics_updates', params: { portfolioId: 'nope' } });
    const e3 = await p.after((m) => m.type === 'error');
    assert.ok(e3.type === 'error' && e3.code === 'not_found' && e3.channel === 'risk_metrics_updates');
  });

  test('alerts replay exactly the missed messages after since', async () => {
    const a = await connectSignedOut();
    a.send({ type: 'subscribe', channel: 'alerts' });
    const sub = await a.next<SubscribedMessage>(isSubscribed('alerts'));
    const position = sub.positions.alerts!;
    const seen = server.raiseAlert({ title: 'seen' });
    await a.next((m) => m.type === 'alert' && m.data.id === seen.id);
    await a.close();

    const missed = [server.raiseAlert({ title: 'm1' }), server.raiseAlert({ title: 'm2' }), server.raiseAlert({ title: 'm3' })];
    const b = await connectSignedOut();
    b.send({ type: 'subscribe', channel: 'alerts', since: { epoch: position.epoch, seq: seen.seq } });
    const resumed = await b.next<SubscribedMessage>(isSubscribed('alerts'));
    assert.equal(resumed.recovered, true);
    assert.deepEqual(resumed.positions.alerts, { epoch: position.epoch, seq: missed[2]!.seq });
    await b.sync();
    assert.deepEqual(
      b.of('alert').map((m) => [m.seq, m.data.id]),
      missed.map((x) => [x.seq, x.id]),
    );
    const live = server.raiseAlert({ title: 'live' });
    await b.next((m) => m.type === 'alert' && m.data.id === live.id);
    assert.equal(b.of('alert').at(-1)!.seq, missed[2]!.seq + 1);
  });

  test('alerts: recovered false for another epoch or a range beyond the replay window', async () => {
    const p = await connectSignedOut();
    p.send({ type: 'subscribe', channel: 'alerts', since: { epoch: 'not-this-one', seq: 1 } });
    const other = await p.after<SubscribedMessage>(isSubscribed('alerts'));
    assert.equal(other.recovered, false);
    await p.sync();
    assert.equal(p.of('alert').length, 0, 'nothing replayed; the client reloads over REST');

    const from = server.alerts.position;
    for (let i = 0; i < 6; i += 1) server.raiseAlert({ title: `burst ${i}` });
    p.send({ type: 'subscribe', channel: 'alerts', since: from });
    const evicted = await p.after<SubscribedMessage>(isSubscribed('alerts'));
    assert.equal(evicted.recovered, false, 'six missed messages do not fit a replay size of five');
  });

  test('portfolio_updates: latest value on subscribe, pushed on edit, replay from the buffer', async () => {
    const created = await http(server, 'POST', '/api/portfolios', {
      body: { name: 'Live', holdings: [{ assetId: 'SOL', quantity: 10, costBasis: 1000 }] },
    });
    const id = created.body.id as string;
    const p = await connect();
    p.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id } });
    const sub = await p.next<SubscribedMessage>(isSubscribed('portfolio_updates'));
    const first = await p.next((m) => m.type === 'portfolio_update');
    assert.ok(first.type === 'portfolio_update');
    assert.equal(first.seq, sub.positions[streamKey('portfolio_updates', id)]!.seq);
    assert.ok(Math.abs(first.data.totalValue - 10 * server.simulator.priceOf('SOL')!) < 1e-6);

    await http(server, 'PATCH', `/api/portfolios/${id}`, { body: { holdings: [{ assetId: 'SOL', quantity: 20, costBasis: 2000 }] } });
    const edited = await p.next((m) => m.type === 'portfolio_update' && m.seq > first.seq);
    assert.ok(edited.type === 'portfolio_update');
    assert.equal(edited.seq, first.seq + 1);
    assert.equal(edited.data.totalCost, 2000);
    const position = { epoch: edited.epoch, seq: edited.seq };
    await p.close();

    server.step(2);
    await http(server, 'PATCH', `/api/portfolios/${id}`, { body: { name: 'Renamed' } });
    const q = await connect();
    q.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id }, since: position });
    const resumed = await q.next<SubscribedMessage>(isSubscribed('portfolio_updates'));
    assert.equal(resumed.recovered, true);
    await q.sync();
    const replayed = q.of('portfolio_update');
    assert.ok(replayed.length >= 1);
    assert.deepEqual(replayed.map((m) => m.seq), replayed.map((_, i) => position.seq + 1 + i));
    assert.equal(replayed.at(-1)!.data.name, 'Renamed');
    assert.equal(replayed.at(-1)!.seq, resumed.positions[streamKey('portfolio_updates', id)]!.seq);

    const from = q.messages.length;
    q.send({ type: 'subscribe', channel: 'portfolio_updates', params: { portfolioId: id }, since: { epoch: 'gone', seq: 1 } });
    const lost = await q.next<SubscribedMessage>(isSubscribed('portfolio_updates'), 10_000, from);
    assert.equal(lost.recovered, false);
    const current = await q.next((m) => m.type === 'portfolio_update', 10_000, from);
    assert.ok(current.type === 'portfolio_update' && current.data.name === 'Renamed', 'latest value still follows');
  });

  test('risk_metrics_updates: schema-valid metrics from the risk engine, pushed on every risk tick', async () => {
    const p = await connect();
    p.send({ type: 'subscribe', channel: 'risk_metrics_updates', params: { portfolioId: 'demo-balanced' } });
    await p.next(isSubscribed('risk_metrics_updates'));
    server.step();
    const first = await p.next((m) => m.type === 'risk_metrics_update');
    assert.ok(validate(riskMetricsUpdateMessageSchema, first).ok);
    assert.ok(first.type === 'risk_metrics_update' && first.data.portfolioId === 'demo-balanced');
    const sum = first.type === 'risk_metrics_update' ? first.data.breakdown.reduce((total, f) => total + f.contribution, 0) : NaN;
    assert.ok(first.type === 'risk_metrics_update' && Math.abs(sum - first.data.score) < 1e-9, 'the breakdown adds up to the score');
    server.step();
    const second = await p.next<RiskMetricsUpdateMessage>((m) => m.type === 'risk_metrics_update' && m.seq === (first as RiskMetricsUpdateMessage).seq + 1);
    assert.equal(second.stream, streamKey('risk_metrics_updates', 'demo-balanced'));
    assert.equal(server.publishRisk('nope', {} as never), false);
  });

  test('a connection may hold at most MAX_SUBSCRIPTIONS_PER_CLIENT subscriptions, and is told so', async () => {
    const p = await connect();
    const assets = server.simulator.assets.map((a) => a.id);
    const pairs: string[][] = [];
    for (let i = 0; i < assets.length && pairs.length < MAX_SUBSCRIPTIONS_PER_CLIENT + 1; i++) {
      for (let j = i + 1; j < assets.length && pairs.length < MAX_SUBSCRIPTIONS_PER_CLIENT + 1; j++) pairs.push([assets[i]!, assets[j]!]);
    }
    for (const pair of pairs.slice(0, MAX_SUBSCRIPTIONS_PER_CLIENT)) p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: pair } });
    await waitUntil(() => p.of('subscribed').length === MAX_SUBSCRIPTIONS_PER_CLIENT, 20_000, 'every allowed subscription');
    p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: pairs[MAX_SUBSCRIPTIONS_PER_CLIENT] } });
    const refused = await p.next((m) => m.type === 'error');
    assert.ok(refused.type === 'error' && refused.code === 'rate_limited', JSON.stringify(refused));
    p.send({ type: 'unsubscribe', channel: 'price_updates', params: { assetIds: pairs[0] } });
    p.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: pairs[MAX_SUBSCRIPTIONS_PER_CLIENT] } });
    await waitUntil(() => p.of('subscribed').length === MAX_SUBSCRIPTIONS_PER_CLIENT + 1, 10_000, 'a subscription after making room');
  });

  test('garbage frames get errors while another client keeps receiving', async () => {
    const bad = await connect();
    const good = await connect();
    good.send({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC'] } });
    await good.next(isSubscribed('price_updates'));

    const answers: ServerMessage[] = [];
    const expect = async (frame: string, code: string) => {
      const reply = bad.after((m) => m.type === 'error');
      bad.send(frame);
      const m = await reply;
      assert.ok(m.type === 'error' && m.code === code, `${frame.slice(0, 40)} -> ${JSON.stringify(m)}`);
      answers.push(m);
    };
    await expect('not json', 'bad_json');
    await expect('{"type":"subscribe","channel":"nope"}', 'bad_frame');
    await expect('{"type":"subscribe","channel":"price_updates","params":{"assetIds":"BTC"}}', 'bad_frame');
    await expect('[1,2,3]', 'bad_frame');
    await expect(JSON.stringify({ type: 'ping', id: 'x'.repeat(DEFAULT_MAX_FRAME_BYTES) }), 'frame_too_large');
    const binary = bad.after((m) => m.type === 'error');
    bad.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.ok((await binary).type === 'error');
    const invalid = answers[2]!;
    assert.ok(invalid.type === 'error' && invalid.issues && invalid.issues.length > 0);

    const before = good.of('price_update').length;
    server.step(1);
    await good.next((m) => m.type === 'price_update', 10_000, before);
    await bad.sync();
    assert.equal(bad.socket.readyState, bad.socket.OPEN, 'the misbehaving client is still connected');
  });
});

describe('WebSocket heartbeat, limits and shutdown', () => {
  test('a client that never answers pings is dropped; idle clients get heartbeat frames', async () => {
    const server = await startServer({ heartbeatMs: 150 });
    server.hub.start();
    try {
      const silent = new Probe(server.wsUrl, { autoPong: false });
      const healthy = await Probe.connect(server.wsUrl);
      await silent.opened;
      const code = await silent.closed;
      assert.equal(code, 1006, 'terminated without a closing handshake');
      await healthy.next((m) => m.type === 'heartbeat');
      assert.equal(healthy.socket.readyState, healthy.socket.OPEN);
      await waitUntil(() => server.clientCount() === 1);
      await healthy.close();
    } finally {
      await server.close();
    }
  });

  test('graceful shutdown closes clients with 1001', async () => {
    const server = await startServer();
    const p = await Probe.connect(server.wsUrl);
    await server.close();
    assert.equal(await p.closed, 1001);
  });

  test('by default only pages on this machine (and non-browser clients) may open the socket', async () => {
    const server = await startServer();
    try {
      const local = await Probe.connect(server.wsUrl, { origin: 'http://localhost:5173' });
      await local.close();
      const script = await Probe.connect(server.wsUrl);
      await script.close();
      const foreign = new Probe(server.wsUrl, { origin: 'http://evil.test' });
      await assert.rejects(foreign.opened, /403/);
    } finally {
      await server.close();
    }
  });

  test('the origin allowlist rejects other origins', async () => {
    const server = await startServer({ allowedOrigins: ['http://good.test'] });
    try {
      const ok = await Probe.connect(server.wsUrl, { origin: 'http://good.test' });
      await ok.close();
      const rejected = new Probe(server.wsUrl, { origin: 'http://evil.test' });
      await assert.rejects(rejected.opened, /403/);
      const none = new Probe(server.wsUrl);
      await assert.rejects(none.opened, /403/);
    } finally {
      await server.close();
    }
  });

  test('a client that does not read is dropped with 1013 instead of buffering forever', async () => {
    const server = await startServer({ maxBufferedBytes: 64 * 1024 });
    try {
      const slow = await Probe.connect(server.wsUrl);
      slow.send({ type: 'subscribe', channel: 'price_updates' });
      await slow.next(isSubscribed('price_updates'));
      // Stop reading: the kernel buffers fill, then the server's send buffer grows.
      (slow.socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
      let rounds = 0;
      await waitUntil(() => {
        server.step(50);
        rounds += 50;
        return server.clientCount() === 0;
      }, 30_000, 'the slow client to be dropped');
      (slow.socket as unknown as { _socket: import('node:net').Socket })._socket.resume();
      const code = await slow.closed;
      assert.ok(code === 1013 || code === 1006, `closed with ${code} after ${rounds} rounds`);
    } finally {
      await server.close();
    }
  });
});
