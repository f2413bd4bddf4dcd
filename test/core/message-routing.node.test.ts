import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frames } from './support/fake-socket-server.js';
import { createHarness } from './support/harness.js';

describe('routing data messages to subscriptions', () => {
  it('hands each message to the onMessage of every subscription that delivers its stream, and to no other', async () => {
    const h = createHarness();
    await h.connect();
    const got: string[] = [];
    h.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] }, (m) => got.push(`pair:${m.stream}`));
    const all = h.client.subscribe('price_updates', undefined, (m) => got.push(`all:${m.stream}`));
    h.client.subscribe('portfolio_updates', { portfolioId: 'p1' }, (m) => got.push(`p1:${m.stream}`));
    h.client.subscribe('portfolio_updates', { portfolioId: 'p2' }, (m) => got.push(`p2:${m.stream}`));
    h.server.last.sendFrame(frames.price('BTC', 1));
    h.server.last.sendFrame(frames.price('SOL', 1));
    h.server.last.sendFrame(frames.portfolio('p1', 1));
    assert.deepEqual(got, ['pair:price_updates:BTC', 'all:price_updates:BTC', 'all:price_updates:SOL', 'p1:portfolio_updates:p1']);
    got.length = 0;
    all.unsubscribe();
    h.server.last.sendFrame(frames.price('SOL', 2));
    h.server.last.sendFrame(frames.price('ETH', 2));
    assert.deepEqual(got, ['pair:price_updates:ETH'], 'SOL is still live (grace period) but nobody asked for it now');
    h.client.dispose();
  });

  it('reports a throwing onMessage as a listener error and still calls the others', async () => {
    const h = createHarness();
    await h.connect();
    const got: number[] = [];
    h.client.subscribe('price_updates', { assetIds: ['BTC'] }, () => {
      throw new Error('boom');
    });
    h.client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] }, (m) => got.push(m.seq));
    h.server.last.sendFrame(frames.price('BTC', 1));
    h.server.last.sendFrame(frames.price('BTC', 2));
    assert.deepEqual(got, [1, 2]);
    assert.equal(h.errors.filter((e) => e.code === 'listener_error').length, 2);
    assert.equal(h.client.getStats().listenerErrors, 2);
    h.client.dispose();
  });

  it('drops frames for streams no live subscription delivers, and counts them', async () => {
    const h = createHarness();
    await h.connect();
    const got: number[] = [];
    h.client.on('price_update', (m) => got.push(m.seq));
    h.client.subscribe('price_updates', { assetIds: ['BTC'] });
    h.server.last.sendFrame(frames.price('ETH', 1));
    h.server.last.sendFrame(frames.price('BTC', 1));
    assert.deepEqual(got, [1]);
    assert.equal(h.client.getStats().droppedStale, 1);
    h.client.dispose();
  });
});
