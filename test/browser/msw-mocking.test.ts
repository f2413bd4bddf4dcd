import { expect } from '@open-wc/testing';
import { http, HttpResponse, ws } from 'msw';
import { livePricesResponseSchema, parseServerFrame, validate } from '../../src/core/protocol/index.js';
import { resetMocks, useMocks } from '../support/msw.js';
import { waitFor } from '../support/feed.js';

const MOCK_WS_URL = 'ws://feed.mock/ws';

const btc = {
  assetId: 'BTC', price: 64000, open24h: 63000, high24h: 64500, low24h: 62500, volume24h: 3.1e10,
  change24h: 1000, changePercent24h: 1.587, marketCap: 1.26e12, ts: 1_700_000_000_000,
};

describe('msw mocks for widget tests', () => {
  afterEach(() => resetMocks());

  it('mocks a REST call through the service worker', async () => {
    await useMocks(http.get('/api/prices/live', ({ request }) => {
      const ids = new URL(request.url).searchParams.get('ids');
      return HttpResponse.json({ prices: ids === 'BTC' ? [btc] : [], ts: btc.ts });
    }));
    const response = await fetch('/api/prices/live?ids=BTC');
    const body = validate(livePricesResponseSchema, await response.json());
    expect(body.ok).to.equal(true);
    expect(body.ok && body.value.prices[0]?.price).to.equal(64000);
  });

  it('mocks a WebSocket feed that speaks the protocol', async () => {
    const feed = ws.link(MOCK_WS_URL);
    await useMocks(feed.addEventListener('connection', ({ client }) => {
      client.send(JSON.stringify({ type: 'welcome', sessionId: 's1', heartbeatMs: 15000, serverTime: btc.ts, protocolVersion: 1, maxFrameBytes: 65536 }));
      client.addEventListener('message', (event) => {
        const frame = JSON.parse(String(event.data));
        if (frame.type !== 'subscribe') return;
        client.send(JSON.stringify({ type: 'subscribed', channel: frame.channel, params: frame.params, positions: { 'price_updates:BTC': { epoch: 'e1', seq: 7 } } }));
        client.send(JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: 'price_updates:BTC', epoch: 'e1', seq: 7, ts: btc.ts, data: btc }));
      });
    }));

    const socket = new WebSocket(MOCK_WS_URL);
    const received: string[] = [];
    socket.addEventListener('message', (event) => {
      const parsed = parseServerFrame(event.data);
      received.push(parsed.ok ? parsed.message.type : `invalid: ${parsed.message}`);
    });
    await waitFor(() => received.includes('welcome'), 'welcome from the mock');
    socket.send(JSON.stringify({ type: 'subscribe', channel: 'price_updates', params: { assetIds: ['BTC'] } }));
    await waitFor(() => received.includes('price_update'), 'a mocked price update');
    expect(received).to.deep.equal(['welcome', 'subscribed', 'price_update']);
    socket.close();
  });
});
