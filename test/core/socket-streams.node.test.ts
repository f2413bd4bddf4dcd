import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AlertMessage, ClientMessage } from '../../src/core/protocol/index.js';
import { loadSchemas } from '../../src/core/protocol/schemas-on-demand.js';
import type { ResyncEvent } from '../../src/core/socket/index.js';
import { fakeFetch, json, waitFor } from './support/fake-fetch.js';
import { alertData, frames } from './support/fake-socket-server.js';
import { createHarness } from './support/harness.js';

// These tests step the client frame by frame and look at once. Alerts and malformed frames need
// the zod schemas, which load on demand; load them first (test/core/frame-pipeline.node.test.ts
// covers what happens while they load).
before(() => loadSchemas());

const subscribesOf = (received: ClientMessage[]) => received.filter((m) => m.type === 'subscribe');
const unsubscribesOf = (received: ClientMessage[]) => received.filter((m) => m.type === 'unsubscribe');

describe('WebSocketClient subscriptions', () => {
  it('shares one server subscription between holders and unsubscribes after the grace period', async () => {
    const h = createHarness({ unsubscribeGraceMs: 2000 });
    await h.connect();
    const a = h.client.subscribe('price_updates', { assetIds: ['ETH', 'BTC'] });
    const b = h.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH', 'BTC'] });
    const conn = h.server.last;
    assert.equal(subscribesOf(conn.received).length, 1);
    assert.equal(h.client.getSubscriptionCount(), 1);
    a.unsubscribe();
    a.unsubscribe(); // idempotent
    h.time.advance(5000);
    assert.equal(unsubscribesOf(conn.received).length, 0, 'b still holds it');
    b.unsubscribe();
    assert.equal(h.client.getSubscriptionCount(), 0);
    h.time.advance(1500);
    const again = h.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] });
    h.time.advance(5000);
    assert.equal(unsubscribesOf(conn.received).length, 0, 're-acquired within the grace: no traffic');
    assert.equal(subscribesOf(conn.received).length, 1);
    again.unsubscribe();
    h.time.advance(1999);
    assert.equal(unsubscribesOf(conn.received).length, 0);
    h.time.advance(1);
    assert.equal(unsubscribesOf(conn.received).length, 1);
    h.client.dispose();
  });

  it('rejects params that do not fit the channel', () => {
    const h = createHarness();
    assert.throws(() => h.client.subscribe('portfolio_updates', { portfolioId: 'bad id!' }), TypeError);
    h.client.dispose();
  });

  it('drops frames of an older generation until the new subscribe is answered', async () => {
    const h = createHarness({ unsubscribeGraceMs: 0, server: { autoSubscribe: false } });
    await h.connect();
    const conn = h.server.last;
    const got: number[] = [];
    h.client.on('portfolio_update', (m) => got.push(m.seq));
    const params = { portfolioId: 'p1' };
    const first = h.client.subscribe('portfolio_updates', params);
    first.unsubscribe(); // grace 0: unsubscribe goes out at once
    h.client.subscribe('portfolio_updates', params);
    assert.deepEqual(conn.received.map((m) => m.type), ['subscribe', 'unsubscribe', 'subscribe']);
    // The server answers the three requests in order; data of the first subscription arrives in between.
    conn.sendFrame({ type: 'subscribed', channel: 'portfolio_updates', params, positions: { 'portfolio_updates:p1': { epoch: 'e1', seq: 0 } } });
    conn.sendFrame(frames.portfolio('p1', 1));
    conn.sendFrame({ type: 'unsubscribed', channel: 'portfolio_updates', params });
    conn.sendFrame(frames.portfolio('p1', 2));
    assert.deepEqual(got, [], 'old generation dropped');
    conn.sendFrame({ type: 'subscribed', channel: 'portfolio_updates', params, positions: { 'portfolio_updates:p1': { epoch: 'e1', seq: 2 } } });
    conn.sendFrame(frames.portfolio('p1', 3));
    assert.deepEqual(got, [3]);
    assert.equal(h.client.getStats().droppedStale, 2);
    h.client.dispose();
  });

  it('drops duplicates and delivers each message once, in order', async () => {
    const h = createHarness();
    await h.connect();
    const got: number[] = [];
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' }, (m) => got.push(m.seq));
    for (const seq of [1, 2, 2, 1, 3]) h.server.last.sendFrame(frames.portfolio('p1', seq));
    assert.deepEqual(got, [1, 2, 3]);
    assert.equal(h.client.getStats().droppedDuplicates, 2);
    assert.deepEqual(h.client.getPosition('portfolio_updates:p1'), { epoch: 'e1', seq: 3 });
    h.client.dispose();
  });

  it('accepts a price snapshot at the subscribed position and treats price seq jumps as normal', async () => {
    const h = createHarness();
    h.server.positionsFor = () => ({ positions: { 'price_updates:BTC': { epoch: 'e1', seq: 40 } } });
    await h.connect();
    const got: number[] = [];
    h.client.subscribe('price_updates', { assetIds: ['BTC'] }, (m) => got.push(m.seq));
    for (const seq of [40, 41, 45, 44]) h.server.last.sendFrame(frames.price('BTC', seq));
    assert.deepEqual(got, [40, 41, 45]);
    assert.equal(h.client.getStats().gaps, 0);
    assert.equal(h.client.getStats().priceSkips, 1);
    assert.equal(subscribesOf(h.server.last.received).length, 1, 'no resubscribe for prices');
    h.client.dispose();
  });

  it('on a gap, resubscribes with since and delivers the replay without holes', async () => {
    const h = createHarness({ server: { autoSubscribe: false } });
    await h.connect();
    const conn = h.server.last;
    const got: number[] = [];
    const params = { portfolioId: 'p1' };
    h.client.subscribe('portfolio_updates', params, (m) => got.push(m.seq));
    const subscribed = (seq: number, recovered?: boolean) =>
      conn.sendFrame({ type: 'subscribed', channel: 'portfolio_updates', params, positions: { 'portfolio_updates:p1': { epoch: 'e1', seq } }, ...(recovered === undefined ? {} : { recovered }) });
    subscribed(0);
    conn.sendFrame(frames.portfolio('p1', 1));
    conn.sendFrame(frames.portfolio('p1', 2));
    conn.sendFrame(frames.portfolio('p1', 5)); // 3 and 4 lost
    const resub = subscribesOf(conn.received).at(-1);
    assert.equal(subscribesOf(conn.received).length, 2);
    assert.deepEqual(resub && 'since' in resub ? resub.since : undefined, { epoch: 'e1', seq: 2 });
    conn.sendFrame(frames.portfolio('p1', 6)); // still in flight before the answer: dropped
    subscribed(6, true);
    for (const seq of [3, 4, 5, 6, 7]) conn.sendFrame(frames.portfolio('p1', seq));
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(h.client.getStats().gaps, 1);
    h.client.dispose();
  });

  it('resubscribes everything in one batch on reconnect, with since for replaying streams', async () => {
    const h = createHarness();
    await h.connect();
    h.client.subscribe('price_updates', { assetIds: ['BTC'] });
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    h.server.last.sendFrame(frames.portfolio('p1', 1));
    h.server.last.sendFrame(frames.portfolio('p1', 2));
    h.time.advance(6000);
    h.server.last.serverClose(1006);
    h.time.advance(1000);
    const subs = subscribesOf(h.server.last.received);
    assert.equal(subs.length, 2);
    const portfolio = subs.find((s) => s.channel === 'portfolio_updates');
    const price = subs.find((s) => s.channel === 'price_updates');
    assert.deepEqual(portfolio && 'since' in portfolio ? portfolio.since : null, { epoch: 'e1', seq: 2 });
    assert.ok(price && !('since' in price && price.since), 'prices take the latest snapshot instead');
    h.client.dispose();
  });

  it('announces a resync when a stream could not be recovered or its epoch changed', async () => {
    const h = createHarness();
    await h.connect();
    const resyncs: ResyncEvent[] = [];
    h.client.on('resync', (e) => resyncs.push(e));
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    h.server.last.sendFrame(frames.portfolio('p1', 1));
    assert.equal(resyncs.length, 0);
    h.server.positionsFor = () => ({ positions: { 'portfolio_updates:p1': { epoch: 'e2', seq: 9 } }, recovered: false });
    h.time.advance(6000);
    h.server.last.serverClose(1006);
    h.time.advance(1000);
    assert.deepEqual(resyncs.map((r) => [r.channel, r.reason]), [['portfolio_updates', 'not_recovered']]);
    const got: number[] = [];
    h.client.on('portfolio_update', (m) => got.push(m.seq));
    h.server.last.sendFrame(frames.portfolio('p1', 10, 1000, 'e2'));
    h.server.last.sendFrame(frames.portfolio('p1', 1, 1000, 'e3'));
    assert.deepEqual(got, [10, 1]);
    assert.deepEqual(resyncs.at(-1) && [resyncs.at(-1)!.reason], ['epoch_changed']);
    h.client.dispose();
  });

  it('recovers missed alerts over REST when the stream could not be recovered, delivering each exactly once', async () => {
    let releaseRest: () => void = () => {};
    const restGate = new Promise<void>((r) => (releaseRest = r));
    const api = fakeFetch(async (req) => {
      assert.equal(req.url.pathname, '/api/alerts');
      await restGate;
      const alerts = [2, 3, 4, 5, 6, 7].map((seq) => ({ ...alertData(`a${seq}`, seq), seq }));
      return json({ alerts, position: { epoch: 'e1', seq: 7 }, hasMore: false });
    });
    const h = createHarness({ fetch: api.fetch });
    await h.connect();
    const got: string[] = [];
    h.client.on('alert', (m: AlertMessage, meta) => got.push(`${m.data.id}/${meta.source}`));
    h.client.subscribe('alerts');
    for (const seq of [1, 2, 3]) h.server.last.sendFrame(frames.alert(`a${seq}`, seq));
    h.server.positionsFor = () => ({ positions: { alerts: { epoch: 'e1', seq: 6 } }, recovered: false });
    h.time.advance(6000);
    h.server.last.serverClose(1006);
    h.time.advance(1000);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    // Live alerts arrive while the REST read is in flight; they must wait and not be doubled.
    for (const seq of [7, 8]) h.server.last.sendFrame(frames.alert(`a${seq}`, seq));
    assert.deepEqual(got.length, 3);
    releaseRest();
    await waitFor(() => got.length >= 8, 'recovered alerts');
    assert.deepEqual(got, ['a1/stream', 'a2/stream', 'a3/stream', 'a4/rest', 'a5/rest', 'a6/rest', 'a7/rest', 'a8/stream']);
    assert.equal(api.calls[0]?.url.searchParams.get('since'), '3');
    assert.equal(api.calls[0]?.url.searchParams.get('epoch'), 'e1');
    h.server.last.sendFrame(frames.alert('a9', 9));
    assert.equal(got.at(-1), 'a9/stream');
    assert.deepEqual(h.client.getPosition('alerts'), { epoch: 'e1', seq: 9 });
    h.client.dispose();
  });

  it('counts and reports malformed frames of every kind without losing state', async () => {
    const h = createHarness({ maxFrameBytes: 4096 });
    await h.connect();
    const got: number[] = [];
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' }, (m) => got.push(m.seq));
    const conn = h.server.last;
    conn.sendFrame(frames.portfolio('p1', 1));
    conn.sendFrame('{not json');
    conn.sendFrame({ type: 'portfolio_update', channel: 'portfolio_updates', stream: 'portfolio_updates:p1', epoch: 'e1', seq: 2 });
    conn.sendFrame({ type: 'mystery' });
    conn.sendFrame(JSON.stringify({ ...frames.portfolio('p1', 2), pad: 'x'.repeat(5000) }));
    conn.sendFrame(new ArrayBuffer(8));
    conn.sendFrame('null');
    conn.sendFrame(frames.portfolio('p1', 2));
    assert.deepEqual(got, [1, 2]);
    assert.equal(h.client.getStats().invalid, 6);
    assert.deepEqual(h.errors.map((e) => e.code), ['bad_json', 'bad_frame', 'bad_frame', 'frame_too_large', 'binary_frame', 'bad_frame']);
    assert.equal(h.client.getConnectionStatus().state, 'connected');
    assert.deepEqual(h.client.getPosition('portfolio_updates:p1'), { epoch: 'e1', seq: 2 });
    h.client.dispose();
  });

  it('keeps going when a listener throws', async () => {
    const h = createHarness();
    await h.connect();
    const seen: number[] = [];
    h.client.on('portfolio_update', () => {
      throw new Error('widget bug');
    });
    h.client.on('portfolio_update', (m) => seen.push(m.seq));
    h.client.on('statechange', () => {
      throw new Error('another bug');
    });
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    h.server.last.sendFrame(frames.portfolio('p1', 1));
    h.server.last.sendFrame(frames.portfolio('p1', 2));
    assert.deepEqual(seen, [1, 2]);
    assert.equal(h.errors.filter((e) => e.code === 'listener_error').length, 2);
    assert.equal(h.client.getStats().listenerErrors, 2);
    h.client.disconnect();
    assert.equal(h.client.getConnectionStatus().state, 'closed');
    h.client.dispose();
  });

  it('registers a listener once however often it is added', async () => {
    const h = createHarness();
    await h.connect();
    let calls = 0;
    const listener = () => calls++;
    h.client.on('portfolio_update', listener);
    h.client.on('portfolio_update', listener);
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' });
    h.server.last.sendFrame(frames.portfolio('p1', 1));
    assert.equal(calls, 1);
    h.client.dispose();
  });
});
