// Client failover in Chromium against a real cluster: two feed-server nodes on one redis-server,
// a provider given both nodes' WebSocket URLs, and the node it is on killed in the middle of an
// alert burst.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../src/core/elements/index.js';
import type { DataMessage } from '../../src/core/protocol/index.js';
import { clusterRedis, killFeed, raiseAlert, spawnFeedPatiently, stopFeed, waitFor, type FeedInfo } from '../support/feed.js';

const SECRET = 'browser-cluster-secret-0123456789abcdefgh';

describe('a provider given the nodes of a cluster', () => {
  const feeds: FeedInfo[] = [];
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await stopFeed(feed.id);
    resetPageDefault();
  });

  it('moves to another node when its node dies mid alert burst, and shows every alert exactly once', async function () {
    // Starting two server processes is most of it (slow on a busy machine).
    this.timeout(180_000);
    const { url: redis } = await clusterRedis();
    const args = ['--redis', redis, '--dev-routes', '--auth-secret', SECRET, '--alert-move-pct', '100000', '--alert-drawdown-pct', '100'];
    const first = await spawnFeedPatiently({ rate: 40, args });
    feeds.push(first);
    const second = await spawnFeedPatiently({ rate: 40, args });
    feeds.push(second);

    // REST goes to the node that stays (in production: the load balancer); the socket starts on the first node.
    const el = await fixture<CryptoDataProvider>(html`
      <crypto-data-provider api-url=${second.url} ws-url="${first.wsUrl} ${second.wsUrl}">
        <alert-feed max-items="100"></alert-feed>
        <crypto-ticker symbols="BTC"></crypto-ticker>
      </crypto-data-provider>`);
    const socket = await waitFor(() => el.services?.socket, 'the provider socket');
    expect(socket.urls).to.deep.equal([first.wsUrl, second.wsUrl]);
    const received: string[] = [];
    const prices: { seq: number; epoch: string }[] = [];
    socket.on('alert', (m: DataMessage) => received.push((m.data as { id: string }).id));
    socket.on('price_update', (m: DataMessage) => prices.push({ seq: m.seq, epoch: m.epoch }));
    await waitFor(() => socket.getConnectionStatus().connected && prices.length > 0, 'connected, with prices', 20000);
    expect(socket.currentUrl).to.equal(first.wsUrl);
    const feed = el.querySelector('alert-feed') as HTMLElement;
    await waitFor(() => feed.shadowRoot?.querySelector('section[data-state]:not([data-state="loading"])'), 'the alert feed loaded', 20000);

    const raised: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      raised.push(await raiseAlert(second, `Burst ${i}`));
      if (i === 15) {
        await waitFor(() => received.length >= 5, 'part of the burst through the first node');
        await killFeed(first.id);
      }
    }
    await waitFor(() => received.length >= raised.length, () => `all ${raised.length} alerts (have ${received.length})`, 30000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(socket.currentUrl).to.equal(second.wsUrl);
    expect(new Set(received).size).to.equal(received.length);
    expect(received).to.deep.equal(raised);
    // What the user sees: every alert of the burst once in the feed.
    const shown = await waitFor(() => {
      const ids = [...(feed.shadowRoot?.querySelectorAll<HTMLElement>('[data-alert]') ?? [])].map((li) => li.dataset.alert as string);
      return raised.every((id) => ids.includes(id)) ? ids : null;
    }, 'every alert shown');
    expect(new Set(shown).size).to.equal(shown.length);
    // Prices carry on in the same epoch, positions never going back.
    const before = prices.length;
    await waitFor(() => prices.length >= before + 3, 'prices from the second node');
    expect(new Set(prices.map((p) => p.epoch)).size).to.equal(1);
    for (let i = 1; i < prices.length; i += 1) expect(prices[i]!.seq).to.be.at.least(prices[i - 1]!.seq);
    await expect(feed).to.be.accessible();
  });
});
