// The realtime layer against the real feed server, in Chromium: restarts, polling fallback,
// and one shared connection per feed URL. Every test runs twice: with the socket on the main
// thread, and with the socket, parsing and coalescing in the socket Worker.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../src/core/elements/index.js';
import { alertsResponseSchema, healthResponseSchema, validate } from '../../src/core/protocol/index.js';
import { WebSocketClient, type SubscribedEvent, type WebSocketClientOptions } from '../../src/core/socket/index.js';
import { SocketTransport, socketTransportOf, type WorkerMode } from '../../src/core/worker/index.js';
import { raiseAlert, sharedFeed, spawnFeed, startFeed, stopFeed, waitFor, type FeedInfo } from '../support/feed.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const mode of ['off', 'on'] as const satisfies readonly WorkerMode[]) {
describe(`realtime layer against the real feed server (${mode === 'on' ? 'socket Worker' : 'main thread'})`, () => {
  const clients: WebSocketClient[] = [];
  const transports: SocketTransport[] = [];
  /** A client whose socket lives where this run says. */
  function makeClient(options: WebSocketClientOptions): WebSocketClient {
    const transport = new SocketTransport({ mode, maxFrameBytes: 1 << 20 });
    const client = new WebSocketClient({ ...options, WebSocket: transport.WebSocket, pipeline: transport.pipeline });
    transport.attach(client);
    transports.push(transport);
    clients.push(client);
    return client;
  }
  /** Checks the run really used the transport it names: frames counted, sockets where they should be. */
  function expectTransportUsed(client: WebSocketClient): void {
    expect(transports.find(() => true)!.inWorker).to.equal(mode === 'on');
    expect(client.getStats().framesReceived).to.be.greaterThan(0);
  }
  const feeds: FeedInfo[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.dispose());
    transports.splice(0).forEach((t) => t.dispose());
    for (const feed of feeds.splice(0)) await stopFeed(feed.id);
    resetPageDefault();
  });

  it('survives a server restart: reconnects within its backoff, resubscribes, and gets every alert exactly once', async function () {
    // A stop, a wait and a restart of the feed: on a loaded machine this alone can take most of the default 30 s.
    this.timeout(60_000);
    const feed = await spawnFeed({ args: ['--dev-routes'] });
    feeds.push(feed);
    const backoffMaxMs = 2000;
    const client = makeClient({ url: feed.wsUrl, apiUrl: feed.url, backoffMinMs: 250, backoffMaxMs, maxReconnectAttempts: 100 });
    const received = new Map<string, number>();
    const subscribed: SubscribedEvent[] = [];
    client.on('alert', (m) => received.set(m.data.id, (received.get(m.data.id) ?? 0) + 1));
    client.on('subscribed', (e) => subscribed.push(e));
    client.subscribe('alerts');
    await client.connect();
    const start = await waitFor(() => subscribed[0]?.positions['alerts'], 'the alerts subscription');

    const before = [await raiseAlert(feed, 'A1'), await raiseAlert(feed, 'A2'), await raiseAlert(feed, 'A3')];
    await waitFor(() => before.every((id) => received.has(id)), 'the first three alerts');

    await stopFeed(feed.id);
    await waitFor(() => client.getConnectionStatus().state !== 'connected', 'the client noticing the stop');
    await sleep(3000);
    await startFeed(feed.id);
    const restartedAt = Date.now();
    // Raised while the client is still waiting out its backoff: it must catch up on them.
    const during = [await raiseAlert(feed, 'B1'), await raiseAlert(feed, 'B2'), await raiseAlert(feed, 'B3'), await raiseAlert(feed, 'B4')];
    await waitFor(() => client.getConnectionStatus().state === 'connected', 'reconnection', 30000);
    const reconnectMs = Date.now() - restartedAt;
    // The next try comes at most one backoff ceiling after the server is back, plus the handshake.
    expect(reconnectMs).to.be.lessThan(backoffMaxMs + 5000);
    await waitFor(() => during.every((id) => received.has(id)), 'the alerts raised during the restart', 20000);

    // Count on both sides: the server's record of every alert since the subscription, and the client's.
    const answer = await (await fetch(`${feed.url}/api/alerts?since=${start.seq}&epoch=${start.epoch}&limit=1000`)).json();
    const server = validate(alertsResponseSchema, answer);
    expect(server.ok).to.equal(true);
    const serverIds = server.ok ? server.value.alerts.map((a) => a.id) : [];
    await waitFor(() => serverIds.every((id) => received.has(id)), 'every server alert on the client');
    expect([...received.keys()].sort()).to.deep.equal([...serverIds].sort());
    expect([...received.values()].every((count) => count === 1)).to.equal(true);
    expect(serverIds).to.include.members([...before, ...during]);
    expect(client.getSubscriptionCount()).to.equal(1);
    expectTransportUsed(client);
  });

  it('falls back to HTTP polling when the WebSocket is refused, and returns to it when it answers', async function () {
    // A stop, a wait and a restart of the feed: on a loaded machine this alone can take most of the default 30 s.
    this.timeout(60_000);
    // The server refuses WebSocket upgrades from this page's origin but serves REST to it.
    const feed = await spawnFeed({ args: ['--allowed-origin', 'http://somewhere-else.example'] });
    feeds.push(feed);
    const client = makeClient({
      url: feed.wsUrl, apiUrl: feed.url, maxReconnectAttempts: 2, backoffMinMs: 100, backoffMaxMs: 300, pollIntervalMs: 500, probeIntervalMs: 1500,
    });
    const transports: string[] = [];
    client.on('price_update', (_m, meta) => transports.push(meta.transport));
    client.subscribe('price_updates', { assetIds: ['BTC'] });
    client.connect().catch(() => {});
    await waitFor(() => client.getConnectionStatus().state === 'polling', 'the polling fallback', 30000);
    await waitFor(() => transports.includes('polling'), 'prices over HTTP polling', 15000);
    expect(client.getConnectionStatus().transport).to.equal('polling');

    await stopFeed(feed.id);
    await startFeed(feed.id, []);
    await waitFor(() => client.getConnectionStatus().state === 'connected', 'the probe moving back to the WebSocket', 30000);
    const from = transports.length;
    await waitFor(() => transports.slice(from).includes('websocket'), 'prices over the WebSocket again', 15000);
    expect(client.getConnectionStatus().transport).to.equal('websocket');
    expectTransportUsed(client);
  });

  it('shares one connection between two providers with the same URL', async () => {
    const feed = await spawnFeed();
    feeds.push(feed);
    const el = await fixture(html`<div>
      <crypto-data-provider api-url=${feed.url} worker=${mode}><crypto-ticker symbols="BTC"></crypto-ticker></crypto-data-provider>
      <crypto-data-provider api-url=${feed.url} worker=${mode}><crypto-ticker symbols="ETH"></crypto-ticker></crypto-data-provider>
    </div>`);
    const [a, b] = [...el.querySelectorAll<CryptoDataProvider>('crypto-data-provider')];
    await waitFor(() => a!.services?.socket?.getConnectionStatus().connected, 'connected');
    expect(a!.services!.socket).to.equal(b!.services!.socket);
    const health = validate(healthResponseSchema, await (await fetch(`${feed.url}/api/health`)).json());
    expect(health.ok && health.value.clients).to.equal(1);
    expect(socketTransportOf(a!.services!.socket)!.inWorker).to.equal(mode === 'on');
    // Both tickers show live prices, whichever thread the socket is on.
    for (const ticker of el.querySelectorAll('crypto-ticker')) {
      await waitFor(() => /\$[\d,]+\.\d\d/.test(ticker.shadowRoot?.textContent ?? ''), 'a price in each ticker');
    }
  });

  it('signs in, streams the user\'s portfolio, counts for the monitor and logs, wherever the socket runs', async () => {
    const feed = await sharedFeed();
    const { portfolios } = (await (await fetch(`${feed.url}/api/portfolios`, { headers: { authorization: `Bearer ${feed.token}` } })).json()) as { portfolios: Array<{ id: string }> };
    const lines: string[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    try {
      // A poll interval of its own, so these services (and the socket's transport) are built here.
      const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} poll-interval=${mode === 'on' ? 4993 : 4994}
        token=${feed.token!} worker=${mode} performance-monitoring debug>
        <portfolio-value portfolio-id=${portfolios[0]!.id} locale="en-US"></portfolio-value>
        <crypto-ticker symbols="BTC,ETH" locale="en-US"></crypto-ticker>
      </crypto-data-provider>`);
      const { socket } = provider.services!;
      const perf = await provider.services!.loadPerf();
      expect(socketTransportOf(socket)!.inWorker).to.equal(mode === 'on');
      const value = provider.querySelector('portfolio-value')!;
      // The portfolio stream needs the signed-in socket: its live value proves the auth frame went through.
      await waitFor(() => value.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'live', 'a live portfolio value', 20000);
      await waitFor(() => socket!.getSubscriptions().some((s) => s.channel === 'portfolio_updates' && s.state === 'subscribed'), 'the portfolio subscription');
      perf.sampleNow();
      await sleep(1200);
      const sample = perf.sampleNow();
      expect(sample.socket!.messagesPerSec).to.be.greaterThan(0);
      expect(sample.socket!.bytesPerSec).to.be.greaterThan(0);
      expect(lines.some((l) => l.startsWith('[crw:socket') && l.includes('connected'))).to.equal(true, lines.join('\n'));
      await expect(provider.querySelector('crypto-ticker')).to.be.accessible();
    } finally {
      console.debug = original;
    }
  });
});
}
