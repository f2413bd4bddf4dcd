// What monitors and inspectors read from the socket client's public surface: subscriptions with
// their positions, answered pings, and the bytes received.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PongEvent } from '../../src/core/socket/index.js';
import { frames } from './support/fake-socket-server.js';
import { createHarness } from './support/harness.js';

describe('WebSocketClient inspection surface', () => {
  it('lists subscriptions with holders, state and the position of each named stream', async () => {
    const h = createHarness({ unsubscribeGraceMs: 1000 });
    await h.connect();
    const a = h.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] });
    h.client.subscribe('price_updates', { assetIds: ['ETH', 'BTC'] });
    h.client.subscribe('alerts');
    h.time.advance(0);
    h.server.last.sendFrame(frames.price('BTC', 7));
    h.time.advance(0);
    const subs = h.client.getSubscriptions();
    const prices = subs.find((s) => s.channel === 'price_updates')!;
    assert.deepEqual({ key: prices.key, refs: prices.refs, state: prices.state }, { key: 'price_updates?BTC,ETH', refs: 2, state: 'subscribed' });
    assert.deepEqual(prices.positions['price_updates:BTC'], { epoch: 'e1', seq: 7 });
    assert.ok(subs.some((s) => s.key === 'alerts'));
    a.unsubscribe();
    assert.equal(h.client.getSubscriptions().find((s) => s.channel === 'price_updates')?.refs, 1);
    h.client.dispose();
  });

  it('reports each answered ping as a pong event and counts the bytes received', async () => {
    const h = createHarness();
    await h.connect();
    const before = h.client.getStats().bytesReceived;
    assert.ok(before > 0, 'the welcome frame counts');
    const pongs: PongEvent[] = [];
    h.client.on('pong', (p) => pongs.push(p));
    const rtt = h.client.ping();
    h.time.advance(0);
    assert.equal(await rtt, pongs[0]?.rttMs);
    assert.deepEqual(Object.keys(pongs[0]!).sort(), ['receivedAt', 'rttMs', 'serverTime']);
    assert.equal(pongs[0]!.receivedAt, h.time.now());
    const frame = JSON.stringify(frames.price('BTC', 1));
    const mid = h.client.getStats().bytesReceived;
    h.server.last.sendFrame(frame);
    h.time.advance(0);
    assert.equal(h.client.getStats().bytesReceived - mid, frame.length);
    h.client.dispose();
  });
});
