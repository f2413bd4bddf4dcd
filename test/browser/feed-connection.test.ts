import { expect } from '@open-wc/testing';
import { parseServerFrame, type ServerMessage } from '../../src/core/protocol/index.js';
import { sharedFeed, waitFor } from '../support/feed.js';

/** Opens a raw WebSocket and records every frame, parsed with the protocol schemas. */
async function openFeedSocket(wsUrl: string) {
  const socket = new WebSocket(wsUrl);
  const messages: ServerMessage[] = [];
  const invalid: string[] = [];
  socket.addEventListener('message', (event) => {
    const result = parseServerFrame(event.data);
    if (result.ok) messages.push(result.message);
    else invalid.push(result.message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`could not connect to ${wsUrl}`)), { once: true });
  });
  return { socket, messages, invalid };
}

describe('the real feed server, from a browser page', () => {
  it('welcomes a page and streams schema-valid price updates for the assets it asked for', async () => {
    const feed = await sharedFeed();
    const { socket, messages, invalid } = await openFeedSocket(feed.wsUrl);
    try {
      const welcome = await waitFor(() => messages.find((m) => m.type === 'welcome'), 'welcome');
      expect(welcome.type).to.equal('welcome');
      socket.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC', 'ETH'] } }));
      await waitFor(() => messages.find((m) => m.type === 'subscribed'), 'subscribed');

      // The current values arrive at once, then live ticks follow.
      const prices = await waitFor(() => {
        const updates = messages.filter((m) => m.type === 'price_update');
        const btc = updates.filter((m) => m.data.assetId === 'BTC');
        return btc.length >= 2 ? updates : null;
      }, 'two BTC price updates', 20000);

      expect(invalid).to.deep.equal([]);
      for (const update of prices) {
        if (update.type !== 'price_update') continue;
        expect(['BTC', 'ETH']).to.include(update.data.assetId);
        expect(update.data.price).to.be.greaterThan(0);
        expect(update.stream).to.equal(`price_updates:${update.data.assetId}`);
      }
      const btcSeqs = prices.flatMap((m) => (m.type === 'price_update' && m.data.assetId === 'BTC' ? [m.seq] : []));
      for (let i = 1; i < btcSeqs.length; i++) expect(btcSeqs[i]).to.be.greaterThan(btcSeqs[i - 1]!);
    } finally {
      socket.close();
    }
  });

  it('answers a malformed frame with a readable error and keeps the connection', async () => {
    const feed = await sharedFeed();
    const { socket, messages } = await openFeedSocket(feed.wsUrl);
    try {
      await waitFor(() => messages.find((m) => m.type === 'welcome'), 'welcome');
      socket.send('{not json');
      const error = await waitFor(() => messages.find((m) => m.type === 'error'), 'error frame');
      expect(error.type === 'error' && error.code).to.equal('bad_json');
      socket.send(JSON.stringify({ type: 'ping', id: 'still-here' }));
      const pong = await waitFor(() => messages.find((m) => m.type === 'pong'), 'pong');
      expect(pong.type === 'pong' && pong.id).to.equal('still-here');
      expect(socket.readyState).to.equal(WebSocket.OPEN);
    } finally {
      socket.close();
    }
  });
});
