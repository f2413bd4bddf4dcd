// The monitor as a page gets it from <crypto-data-provider>, in Chromium: REST timings against
// msw-injected delays, live socket figures against the real feed server, and the provider's
// switches (monitoring, debug) that must not rebuild anything.
import { expect, fixture, html } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../elements/index.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';

let n = 0;
const origin = () => `http://perf-${++n}.mock`;

describe('PerformanceMonitor in the browser', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('reports a p50 within ±20% of a 200 ms delay injected by msw', async () => {
    const api = origin();
    await useMocks(http.get(`${api}/api/assets`, async () => {
      await delay(200);
      return HttpResponse.json({ assets: [{ id: 'BTC', name: 'Bitcoin', category: 'currency', circulatingSupply: 1 }] });
    }));
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${api} no-realtime performance-monitoring></crypto-data-provider>`);
    const services = provider.services!;
    const perf = await services.loadPerf();
    expect(perf.running).to.equal(true);
    for (let i = 0; i < 8; i++) await services.api.getAssets();
    const assets = perf.getPerformanceSummary().api.endpoints.find((e) => e.endpoint === 'GET /api/assets')!;
    expect(assets.count).to.equal(8);
    expect(assets.p50Ms).to.be.within(160, 240);
    expect(assets.errors).to.equal(0);
  });

  it('alerts fire and clear, as monitor events and in <alert-feed>', async () => {
    const api = origin();
    await useMocks(
      http.get(`${api}/api/assets`, async () => { await delay(30); return HttpResponse.json({ assets: [] }); }),
      http.get(`${api}/api/alerts`, () => HttpResponse.json({ alerts: [], position: { epoch: 'e', seq: 0 }, hasMore: false })),
    );
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${api} no-realtime performance-monitoring>
      <alert-feed locale="en-US"></alert-feed>
    </crypto-data-provider>`);
    const feed = provider.querySelector('alert-feed')!;
    const { api: client } = provider.services!;
    const perf = await provider.services!.loadPerf();
    const events: string[] = [];
    perf.on('alert', (a) => events.push(`fired ${a.id}`));
    perf.on('alertcleared', (a) => events.push(`cleared ${a.id}`));
    // Only the API threshold: a loaded test machine could trip the main-thread one.
    perf.setThresholds({ apiP95Ms: 10, blockingMsPerSample: null, lagMs: null, memoryGrowthBytesPerMin: null, minHitRate: null });
    for (let i = 0; i < 3; i++) await client.getAssets();
    perf.sampleNow();
    expect(events).to.deep.equal(['fired api-p95:GET /api/assets']);
    const shown = () => feed.shadowRoot!.querySelector<HTMLElement>('[data-performance-alert="api-p95:GET /api/assets"]');
    await waitFor(shown, 'the alert in <alert-feed>');
    expect(shown()!.textContent).to.contain('Slow API: GET /api/assets');
    expect(shown()!.textContent).to.match(/Critical|Warning/);
    await expect(feed).to.be.accessible();
    perf.setThresholds({ apiP95Ms: 10_000 });
    perf.sampleNow();
    expect(events).to.deep.equal(['fired api-p95:GET /api/assets', 'cleared api-p95:GET /api/assets']);
    await waitFor(() => !shown(), 'the alert leaving <alert-feed>');
  });

  it('reports web vitals through web-vitals once the browser has them (LCP after a paint)', async () => {
    const api = origin();
    await useMocks();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${api} no-realtime performance-monitoring>
      <p style="font-size: 48px">A large paragraph painted after monitoring started.</p>
    </crypto-data-provider>`);
    const perf = await provider.services!.loadPerf();
    const vitals = await waitFor(() => {
      const v = perf.getPerformanceSummary().webVitals;
      return v.supported && v.lcp ? v : null;
    }, 'an LCP reading');
    expect(vitals.lcp!.value).to.be.greaterThan(0);
    expect(['good', 'needs-improvement', 'poor']).to.include(vitals.lcp!.rating);
  });

  it('toggling performance-monitoring starts and stops the monitor without rebuilding the services or the cache', async () => {
    const api = origin();
    await useMocks(http.get(`${api}/api/assets`, () => HttpResponse.json({ assets: [] })));
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${api} no-realtime></crypto-data-provider>`);
    const before = provider.services!;
    before.queryClient.setQueryData(['kept'], 42);
    // Off, the monitor's code is not even loaded: most pages never download it.
    expect(before.perf).to.equal(null);
    provider.performanceMonitoring = true;
    await provider.updateComplete;
    expect(provider.services).to.equal(before);
    const perf = await before.loadPerf();
    expect(before.perf).to.equal(perf);
    expect(perf.running).to.equal(true);
    provider.performanceMonitoring = false;
    provider.debug = true;
    await provider.updateComplete;
    expect(provider.services).to.equal(before);
    expect(perf.running).to.equal(false);
    expect(before.queryClient.getQueryData(['kept'])).to.equal(42);
  });

  it('keeps running while another provider on the same feed still wants it', async () => {
    const api = origin();
    await useMocks();
    const root = await fixture<HTMLElement>(html`<div>
      <crypto-data-provider id="a" api-url=${api} no-realtime performance-monitoring></crypto-data-provider>
      <crypto-data-provider id="b" api-url=${api} no-realtime performance-monitoring></crypto-data-provider>
    </div>`);
    const [a, b] = [...root.querySelectorAll('crypto-data-provider')] as [CryptoDataProvider, CryptoDataProvider];
    expect(a.services).to.equal(b.services);
    const perf = await a.services!.loadPerf();
    a.performanceMonitoring = false;
    await a.updateComplete;
    expect(perf.running).to.equal(true);
    b.remove();
    expect(perf.running).to.equal(false);
  });

  it('measures the real feed: message rate, bytes, lag with a clock offset, and the cache', async () => {
    const feed = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} poll-interval="4999" performance-monitoring>
      <crypto-ticker symbols="BTC,ETH"></crypto-ticker>
    </crypto-data-provider>`);
    const { socket } = provider.services!;
    const perf = await provider.services!.loadPerf();
    await waitFor(() => socket!.getConnectionStatus().connected, 'the socket');
    await waitFor(() => socket!.getStats().delivered > 5, 'some price ticks');
    perf.sampleNow(); // pings, so the offset is known for the next interval
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sample = perf.sampleNow();
    expect(sample.socket!.messagesPerSec).to.be.greaterThan(0);
    expect(sample.socket!.bytesPerSec).to.be.greaterThan(0);
    expect(sample.socket!.clockOffsetMs).to.be.a('number');
    expect(Math.abs(sample.socket!.clockOffsetMs!)).to.be.lessThan(1000, 'same machine: the clocks agree');
    expect(sample.socket!.lagP50Ms).to.be.a('number');
    expect(sample.socket!.subscriptions).to.be.greaterThan(0);
    expect(sample.queryCache.entries).to.be.greaterThan(0);
    expect(sample.queryCache.observers).to.be.greaterThan(0);
    expect(sample.memory.source).to.equal('performance.memory');
    expect(sample.memory.usedBytes).to.be.greaterThan(0);
    expect(sample.mainThread.source).to.equal('long-animation-frame');
    const summary = perf.getPerformanceSummary();
    expect(JSON.parse(JSON.stringify(summary))).to.deep.equal(summary);
  });

  it('sends the shared socket\'s lines to every provider that has debug on, not only the first', async () => {
    const feed = await sharedFeed();
    const lines: string[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    try {
      // Different poll intervals: two sets of services on one shared socket; only the second logs.
      const root = await fixture<HTMLElement>(html`<div>
        <crypto-data-provider id="quiet" api-url=${feed.url} poll-interval="4001"></crypto-data-provider>
        <crypto-data-provider id="loud" api-url=${feed.url} poll-interval="4002" debug></crypto-data-provider>
      </div>`);
      const [quiet, loud] = [...root.querySelectorAll('crypto-data-provider')] as [CryptoDataProvider, CryptoDataProvider];
      expect(quiet.services!.socket).to.equal(loud.services!.socket);
      await waitFor(() => quiet.services!.socket!.getConnectionStatus().connected, 'the socket');
      await loud.services!.socket!.ping().catch(() => 0);
      quiet.services!.socket!.disconnect();
      await waitFor(() => lines.some((l) => l.startsWith('[crw:socket loud]') && l.includes('closed')), 'a socket line for the loud provider');
      expect(lines.some((l) => l.includes('quiet'))).to.equal(false);
      quiet.services!.socket!.connect().catch(() => {});
    } finally {
      console.debug = original;
    }
  });
});
