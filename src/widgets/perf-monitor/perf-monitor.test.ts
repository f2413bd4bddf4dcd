import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { PerfAlertEvent, PerfOptimizeEvent } from './events.js';
import type { PerfMonitor } from './perf-monitor.js';

const root = (el: PerfMonitor) => el.shadowRoot!;
const state = (el: PerfMonitor) => root(el).querySelector<HTMLElement>('[part="base"]')?.dataset.state;
const figure = (el: PerfMonitor, id: string) => root(el).querySelector(`[data-figure="${id}"] [part="value"]`)?.textContent?.trim();
const optimizeButton = (el: PerfMonitor) => root(el).querySelector<HTMLButtonElement>('[part="optimize"]')!;

async function mount(attrs: { api: string; ws?: string; monitoring?: boolean }, widget = html`<perf-monitor locale="en-US"></perf-monitor>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${attrs.api} ws-url=${attrs.ws ?? ''} ?performance-monitoring=${attrs.monitoring ?? true}>
    ${widget}
  </crypto-data-provider>`);
  return { provider, el: provider.querySelector('perf-monitor')! };
}

describe('<perf-monitor>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('says how to turn monitoring on while it is off, and starts showing figures once it is', async () => {
    const feed = mockFeed({ rest: { '/api/prices/live': { prices: [], ts: 1 } } });
    await useMocks(...feed.handlers);
    const { provider, el } = await mount({ api: feed.origin, ws: feed.wsUrl, monitoring: false });
    // Widgets render in the page's time-sliced update queue: the provider's first update can
    // finish a task before the panel's.
    await waitFor(() => state(el) === 'stopped', () => `the "stopped" state (seen: ${state(el)})`);
    expect(root(el).querySelector('[part="notice"]')!.textContent).to.contain('performance-monitoring');
    await expect(el).to.be.accessible();
    provider.performanceMonitoring = true;
    await waitFor(() => state(el) === 'loading', 'sampling started');
    (await provider.services!.loadPerf()).sampleNow();
    await waitFor(() => state(el) === 'live', 'the first sample shown');
    expect(figure(el, 'socket-reconnects')).to.equal('0');
    expect(figure(el, 'memory')).to.match(/MiB$/);
  });

  it('shows live figures, charts and the endpoint table against the real feed, accessibly, in both themes', async () => {
    const feed = await sharedFeed();
    const { provider, el } = await mount({ api: feed.url }, html`<perf-monitor locale="en-US"></perf-monitor><crypto-ticker symbols="BTC,ETH"></crypto-ticker>`);
    const { socket } = provider.services!;
    const perf = await provider.services!.loadPerf();
    await waitFor(() => socket!.getStats().delivered > 3, 'price ticks');
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      perf.sampleNow();
    }
    await waitFor(() => state(el) === 'live' && Number(figure(el, 'socket-rate')) > 0, `a message rate, saw ${figure(el, 'socket-rate')}`);
    expect(figure(el, 'socket-offset')).to.match(/ms$/);
    expect(figure(el, 'entries')).to.match(/^\d+ \(\d+ active\)$/);
    expect(root(el).querySelectorAll('[part="chart"] path').length).to.be.greaterThan(0);
    expect(root(el).querySelector('[data-endpoint="GET /api/prices/live"]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('lists alerts as they fire, fires crw-perf-alert, and removes them when they clear', async () => {
    const feed = mockFeed({ rest: { '/api/prices/live': { prices: [], ts: 1 }, '/api/assets': async () => { await new Promise((r) => setTimeout(r, 30)); return { assets: [] }; } } });
    await useMocks(...feed.handlers);
    const events: string[] = [];
    const { provider, el } = await mount({ api: feed.origin, ws: feed.wsUrl }, html`<perf-monitor @crw-perf-alert=${(e: PerfAlertEvent) => events.push(`${e.detail.state} ${e.detail.alert.id}`)}></perf-monitor>`);
    const { api } = provider.services!;
    const perf = await provider.services!.loadPerf();
    // Only the API threshold: a loaded test machine could trip the main-thread one.
    perf.setThresholds({ apiP95Ms: 5, blockingMsPerSample: null, lagMs: null, memoryGrowthBytesPerMin: null, minHitRate: null });
    for (let i = 0; i < 3; i++) await api.getAssets();
    perf.sampleNow();
    await waitFor(() => root(el).querySelector('[data-alert="api-p95:GET /api/assets"]'), 'the alert listed');
    expect(events).to.deep.equal(['fired api-p95:GET /api/assets']);
    await waitFor(() => root(el).querySelector('[aria-live="polite"]')!.textContent!.includes('Performance alert: Slow API'), 'the announcement');
    perf.setThresholds({ apiP95Ms: null });
    perf.sampleNow();
    await waitFor(() => !root(el).querySelector('[data-alert]'), 'the alert gone');
    expect(events).to.deep.equal(['fired api-p95:GET /api/assets', 'cleared api-p95:GET /api/assets']);
  });

  it('"Optimize cache" removes unused queries, keeps used ones, and says what it did', async () => {
    const feed = mockFeed({ rest: { '/api/prices/live': { prices: [], ts: 1 } } });
    await useMocks(...feed.handlers);
    const results: Array<PerfOptimizeEvent['detail']['result']> = [];
    const { provider, el } = await mount({ api: feed.origin, ws: feed.wsUrl }, html`<perf-monitor @crw-perf-optimize=${(e: PerfOptimizeEvent) => results.push(e.detail.result)}></perf-monitor>`);
    const { queryClient } = provider.services!;
    const perf = await provider.services!.loadPerf();
    queryClient.setQueryData(['unused', 1], { rows: [1, 2, 3] });
    queryClient.setQueryData(['unused', 2], 'x');
    perf.sampleNow();
    await waitFor(() => state(el) === 'live', 'live');
    optimizeButton(el).click();
    expect(results).to.have.length(1);
    expect(results[0]!.removedQueries).to.equal(2);
    expect(queryClient.getQueryData(['unused', 1])).to.equal(undefined);
    await waitFor(() => /Removed 2 unused queries/.test(root(el).textContent ?? ''), 'the result shown');
  });

  it('explains itself outside any provider', async () => {
    const el = await fixture<PerfMonitor>(html`<perf-monitor></perf-monitor>`);
    expect(state(el)).to.equal('error');
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('crypto-data-provider');
    expect(optimizeButton(el).disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
