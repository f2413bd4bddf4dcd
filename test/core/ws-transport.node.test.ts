// The client over a real network socket with the `ws` package, against a small scripted server
// that is stopped and restarted on the same port.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import WS, { WebSocketServer } from 'ws';
import { parseClientFrame, PROTOCOL_VERSION } from '../../src/core/protocol/index.js';
import { WebSocketClient, type SubscribedEvent } from '../../src/core/socket/index.js';
import { frames } from './support/fake-socket-server.js';
import { until } from '../support/until.js';

/** Answers subscribes and streams BTC ticks every 20 ms, numbering them per stream. */
function startScriptedServer(port = 0, epoch = 'e1'): Promise<WebSocketServer> {
  return new Promise((resolve) => {
    const server: WebSocketServer = new WebSocketServer({ host: '127.0.0.1', port }, () => resolve(server));
    let seq = 0;
    server.on('connection', (socket: WS) => {
      socket.send(JSON.stringify({ type: 'welcome', sessionId: 'x', heartbeatMs: 5000, serverTime: Date.now(), protocolVersion: PROTOCOL_VERSION, maxFrameBytes: 65536 }));
      let timer: NodeJS.Timeout | undefined;
      socket.on('message', (raw: WS.RawData) => {
        const parsed = parseClientFrame(String(raw));
        if (!parsed.ok || parsed.message.type !== 'subscribe') return;
        const msg = parsed.message;
        socket.send(JSON.stringify({ type: 'subscribed', channel: msg.channel, params: msg.params, positions: { 'price_updates:BTC': { epoch, seq } } }));
        timer ??= setInterval(() => socket.send(JSON.stringify(frames.price('BTC', ++seq, 100 + seq, epoch))), 20);
      });
      socket.on('close', () => clearInterval(timer));
    });
  });
}

function stop(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('WebSocketClient over ws', () => {
  it('receives validated updates, and reconnects and resubscribes after a server restart on the same port', async () => {
    let server = await startScriptedServer();
    const { port } = server.address() as AddressInfo;
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, WebSocket: WS, lifecycle: null, backoffMinMs: 50, backoffMaxMs: 200, firstRetryMaxMs: 50 });
    const prices: number[] = [];
    const subscribed: SubscribedEvent[] = [];
    client.on('price_update', (m) => prices.push(m.data.price));
    client.on('subscribed', (e) => subscribed.push(e));
    client.subscribe('price_updates', { assetIds: ['BTC'] });
    try {
      await client.connect();
      await until(() => prices.length >= 3, 'first prices');
      await stop(server);
      await until(() => client.getConnectionStatus().state === 'reconnecting', 'reconnecting');
      const before = prices.length;
      server = await startScriptedServer(port, 'e2');
      await until(() => client.getConnectionStatus().state === 'connected', 'reconnected');
      await until(() => prices.length >= before + 3, 'prices after the restart');
      assert.equal(subscribed.length, 2, 'resubscribed once');
      assert.ok(client.getStats().reconnects >= 1);
      assert.equal(client.getStats().invalid, 0);
    } finally {
      client.dispose();
      await stop(server);
    }
  });
});
