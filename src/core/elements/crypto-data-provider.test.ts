import { expect, fixture, html } from '@open-wc/testing';
import { SignalWatcher } from '@lit-labs/signals';
import { LitElement } from 'lit';
import { http, HttpResponse, ws } from 'msw';
import '../../define.js';
import type { Price } from '../protocol/index.js';
import { queryKeys } from '../query/index.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import { waitFor } from '../../../test/support/feed.js';
import {
  ChannelSubscriptionController,
  ConnectionStatusController,
  CryptoDataProvider,
  DataServicesController,
  QueryController,
  RealtimeController,
  resetPageDefault,
} from './index.js';

let feedCounter = 0;
/** Each test gets its own mock origin, so shared connections from earlier tests don't leak in. */
function mockFeed() {
  const origin = `http://feed-${++feedCounter}.mock`;
  return { origin, wsUrl: `ws://feed-${feedCounter}.mock/ws`, link: ws.link(`ws://feed-${feedCounter}.mock/ws`) };
}

function price(assetId: string, value: number, ts = 1_700_000_000_000): Price {
  return { assetId, price: value, open24h: value, high24h: value, low24h: value, volume24h: 1e9, change24h: 0, changePercent24h: 0, marketCap: 1e12, ts };
}

const welcome = JSON.stringify({ type: 'welcome', sessionId: 's', heartbeatMs: 30000, serverTime: Date.now(), protocolVersion: 1, maxFrameBytes: 65536 });

class TestPriceView extends SignalWatcher(LitElement) {
  static override properties = { assetId: { attribute: 'asset-id' } };
  assetId = 'BTC';
  data = new DataServicesController(this);
  query = new QueryController<Price>(this, this.data, (s) => s.queries.price(this.assetId));
  subscription = new ChannelSubscriptionController(this, this.data, () => ({ channel: 'price_updates', params: { assetIds: [this.assetId] } }));
  status = new ConnectionStatusController(this, this.data);
  override render() {
    const result = this.query.result.get();
    return `${this.status.status.get()?.state ?? 'none'}|${result?.data?.price ?? (result?.isError ? 'error' : 'loading')}`;
  }
}
customElements.define('test-price-view', TestPriceView);

class TestRealtimeHost extends LitElement {
  data = new DataServicesController(this);
  realtime = new RealtimeController(this, this.data, { enablePriceUpdates: ['ETH'], enableAlerts: true });
}
customElements.define('test-realtime-host', TestRealtimeHost);

const text = (el: Element) => el.shadowRoot!.textContent ?? '';

describe('<crypto-data-provider>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('hands its feed to widgets below it: a REST snapshot first, then live socket updates', async () => {
    const feed = mockFeed();
    await useMocks(
      http.get(`${feed.origin}/api/prices/live`, () => HttpResponse.json({ prices: [price('BTC', 100)], ts: 1 })),
      feed.link.addEventListener('connection', ({ client }) => {
        client.send(welcome);
        client.addEventListener('message', (event) => {
          const frame = JSON.parse(String(event.data));
          if (frame.type !== 'subscribe') return;
          client.send(JSON.stringify({ type: 'subscribed', channel: 'price_updates', params: frame.params, positions: { 'price_updates:BTC': { epoch: 'e', seq: 1 } } }));
          setTimeout(() => client.send(JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: 'price_updates:BTC', epoch: 'e', seq: 2, ts: 2, data: price('BTC', 101) })), 50);
        });
      }),
    );
    const provider = await fixture<CryptoDataProvider>(html`
      <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><test-price-view></test-price-view></crypto-data-provider>`);
    const view = provider.querySelector('test-price-view')!;
    await waitFor(() => text(view) === 'connected|101', `live price, saw "${text(view)}"`);
    expect(provider.services?.socket?.url).to.equal(feed.wsUrl);
  });

  it('coalesces a burst of 1,000 socket updates into a handful of cache writes that end on the last value', async () => {
    const feed = mockFeed();
    await useMocks(
      http.get(`${feed.origin}/api/prices/live`, () => HttpResponse.json({ prices: [price('BTC', 1)], ts: 1 })),
      feed.link.addEventListener('connection', ({ client }) => {
        client.send(welcome);
        client.addEventListener('message', (event) => {
          const frame = JSON.parse(String(event.data));
          if (frame.type !== 'subscribe') return;
          client.send(JSON.stringify({ type: 'subscribed', channel: 'price_updates', params: frame.params, positions: { 'price_updates:BTC': { epoch: 'e', seq: 0 } } }));
          for (let seq = 1; seq <= 1000; seq++) {
            client.send(JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: 'price_updates:BTC', epoch: 'e', seq, ts: seq, data: price('BTC', 1000 + seq) }));
          }
        });
      }),
    );
    const provider = await fixture<CryptoDataProvider>(html`
      <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><test-price-view></test-price-view></crypto-data-provider>`);
    const cache = provider.services!.queryClient.getQueryCache();
    const key = JSON.stringify(queryKeys.price('BTC'));
    let writes = 0;
    cache.subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && JSON.stringify(event.query.queryKey) === key) writes++;
    });
    const view = provider.querySelector('test-price-view')!;
    await waitFor(() => text(view) === 'connected|2000', `last value of the burst, saw "${text(view)}"`);
    expect(writes).to.be.greaterThan(0);
    expect(writes).to.be.lessThan(50);
  });

  it('shares one connection between two providers that point at the same feed', async () => {
    const feed = mockFeed();
    let connections = 0;
    await useMocks(
      http.get(`${feed.origin}/api/prices/live`, () => HttpResponse.json({ prices: [price('BTC', 5), price('ETH', 6)], ts: 1 })),
      feed.link.addEventListener('connection', ({ client }) => {
        connections++;
        client.send(welcome);
      }),
    );
    const el = await fixture(html`<div>
      <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><test-price-view></test-price-view></crypto-data-provider>
      <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><test-price-view asset-id="ETH"></test-price-view></crypto-data-provider>
    </div>`);
    const [a, b] = [...el.querySelectorAll('crypto-data-provider')];
    await waitFor(() => a!.services?.socket?.getConnectionStatus().connected, 'connected');
    expect(a!.services!.socket).to.equal(b!.services!.socket);
    expect(connections).to.equal(1);
  });

  it('serves widgets with no provider above them through the page default', async () => {
    const feed = mockFeed();
    await useMocks(http.get(`${feed.origin}/api/prices/live`, () => HttpResponse.json({ prices: [price('BTC', 42)], ts: 1 })));
    const el = await fixture(html`<div>
      <crypto-data-provider api-url=${feed.origin} no-realtime></crypto-data-provider>
      <test-price-view></test-price-view>
    </div>`);
    const view = el.querySelector('test-price-view')!;
    await waitFor(() => text(view) === 'polling|42', `REST-only price, saw "${text(view)}"`);
  });

  it('reports a wrong attribute clearly and keeps working with the default', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider no-realtime poll-interval="soon"></crypto-data-provider>`);
      expect(provider.services?.pollIntervalMs).to.equal(5000);
      expect(errors.join('\n')).to.contain('poll-interval');
    } finally {
      console.error = original;
    }
  });

  it('gives a RealtimeController the latest value per asset and every alert once', async () => {
    const feed = mockFeed();
    const alert = { id: 'a1', kind: 'price_move', severity: 'warning', title: '<b>ETH</b> moved', message: 'up 5 %', assetId: 'ETH', createdAt: 5, acknowledged: false };
    await useMocks(feed.link.addEventListener('connection', ({ client }) => {
      client.send(welcome);
      client.addEventListener('message', (event) => {
        const frame = JSON.parse(String(event.data));
        if (frame.type !== 'subscribe') return;
        if (frame.channel === 'price_updates') {
          client.send(JSON.stringify({ type: 'subscribed', channel: 'price_updates', params: frame.params, positions: { 'price_updates:ETH': { epoch: 'e', seq: 0 } } }));
          client.send(JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: 'price_updates:ETH', epoch: 'e', seq: 1, ts: 1, data: price('ETH', 3000) }));
          client.send(JSON.stringify({ type: 'price_update', channel: 'price_updates', stream: 'price_updates:ETH', epoch: 'e', seq: 2, ts: 2, data: price('ETH', 3001) }));
        } else if (frame.channel === 'alerts') {
          client.send(JSON.stringify({ type: 'subscribed', channel: 'alerts', positions: { alerts: { epoch: 'a', seq: 0 } } }));
          const message = JSON.stringify({ type: 'alert', channel: 'alerts', stream: 'alerts', epoch: 'a', seq: 1, ts: 5, data: alert });
          client.send(message);
          client.send(message); // a duplicate must be dropped
        }
      });
    }));
    const seen: string[] = [];
    const provider = await fixture<CryptoDataProvider>(html`
      <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>
        <test-realtime-host @crw-realtime-alert=${(e: CustomEvent) => seen.push(e.detail.alert.id)}></test-realtime-host>
      </crypto-data-provider>`);
    const host = provider.querySelector<TestRealtimeHost>('test-realtime-host')!;
    await waitFor(() => host.realtime.getLatestUpdates().prices.get('ETH')?.price === 3001, 'ETH at 3001');
    await waitFor(() => host.realtime.getLatestUpdates().alerts.length === 1, 'one alert');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).to.deep.equal(['a1']);
  });

  it('takes inputs a framework sets right after insertion for its very first request', async () => {
    const feed = mockFeed();
    const origins: string[] = [];
    await useMocks(http.get('*/api/prices/live', ({ request }) => {
      origins.push(new URL(request.url).origin);
      return HttpResponse.json({ prices: [price('BTC', 7)], ts: 1 });
    }));
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = document.createElement('crypto-data-provider');
    provider.append(document.createElement('test-price-view'));
    host.append(provider);
    // What Angular's bindings and @lit/react's props do: land in the same task, after insertion.
    provider.setAttribute('api-url', feed.origin);
    provider.noRealtime = true;
    const view = provider.querySelector('test-price-view')!;
    await waitFor(() => text(view) === 'polling|7', `REST-only price, saw "${text(view)}"`);
    // Earlier tests' clients may still poll their own mock feeds; none may call the page's origin.
    expect(origins).to.include(feed.origin);
    expect(origins).not.to.include(location.origin);
    expect(provider.services?.socket).to.equal(null);
  });
});
