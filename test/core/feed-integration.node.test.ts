// End to end against the reference feed server, run as a child process the way a user runs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WS from 'ws';
import { ApiClient } from '../../src/core/api/index.js';
import { alertMessageSchema, priceUpdateMessageSchema, validate } from '../../src/core/protocol/index.js';
import { WebSocketClient, type SubscribedEvent } from '../../src/core/socket/index.js';


function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(check, 20);
    };
    check();
  });
}

describe('WebSocketClient against the feed server', () => {
  it('streams schema-valid prices and alerts, and recovers from a server restart on the same port', { timeout: 180_000 }, async () => {
    const feedModule = '../../scripts/feed-process.mjs'; // plain JS, no type declarations
    const { startFeedProcess } = (await import(feedModule)) as {
      startFeedProcess(options?: Record<string, unknown>): Promise<{ url: string; wsUrl: string; stop(): Promise<void>; start(): Promise<void> }>;
    };
    const feed = await startFeedProcess({ rate: 20 });
    const client = new WebSocketClient({ url: feed.wsUrl, apiUrl: feed.url, WebSocket: WS, lifecycle: null, backoffMinMs: 100, backoffMaxMs: 1000,
      // A slow restart on a busy machine can outlast the ten attempts; polling then probes the socket soon, not after a minute.
      probeIntervalMs: 2000 });
    const prices: unknown[] = [];
    const alerts: unknown[] = [];
    const subscribed: SubscribedEvent[] = [];
    client.on('price_update', (m) => prices.push(m));
    client.on('alert', (m) => alerts.push(m));
    client.on('subscribed', (e) => subscribed.push(e));
    try {
      assert.equal((await new ApiClient({ baseUrl: feed.url }).getHealth()).status, 'ok');
      client.subscribe('price_updates', { assetIds: ['BTC', 'ETH'] });
      client.subscribe('alerts');
      await client.connect();
      await until(() => subscribed.length >= 2 && prices.length >= 5, 'subscriptions and prices');
      for (const m of prices) assert.ok(validate(priceUpdateMessageSchema, m).ok);
      for (const m of alerts) assert.ok(validate(alertMessageSchema, m).ok);

      await feed.stop();
      await until(() => client.getConnectionStatus().state !== 'connected', 'noticed the restart');
      const before = { prices: prices.length, subscribed: subscribed.length };
      await feed.start();
      await until(() => client.getConnectionStatus().state === 'connected', 'reconnected');
      await until(() => subscribed.length >= before.subscribed + 2 && prices.length >= before.prices + 5, 'resubscribed and streaming');
      assert.equal(client.getStats().invalid, 0);
    } finally {
      client.dispose();
      await feed.stop();
    }
  });
});
