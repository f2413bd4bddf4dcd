import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import '../../chart.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { ChartTimeframeChangeEvent } from './events.js';
import type { PriceChart } from './price-chart.js';

const summary = (chart: PriceChart) => chart.shadowRoot!.querySelector('[part="summary"]')?.textContent ?? '';
const state = (chart: PriceChart) => chart.shadowRoot!.querySelector('[part="base"]')?.getAttribute('data-state');

function historyFeed(requests: string[] = []) {
  const now = Date.now();
  return mockFeed({
    rest: {
      '/api/prices/BTC/history': (url: URL) => {
        const resolution = url.searchParams.get('resolution') ?? '1m';
        requests.push(resolution);
        const step = resolution === '1h' ? 3_600_000 : 60_000;
        return { assetId: 'BTC', resolution, points: Array.from({ length: 50 }, (_, i) => ({ ts: now - (50 - i) * step, price: 100 + i })) };
      },
      '/api/prices/live': () => ({ prices: [samplePrice('BTC', 149, 1, now)], ts: now }),
    },
  });
}

async function mount(feed: ReturnType<typeof mockFeed>, chart = html`<price-chart asset-id="BTC" locale="en-US"></price-chart>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${chart}</crypto-data-provider>`);
  return provider.querySelector('price-chart')!;
}

describe('<price-chart>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('draws the history and describes it in words', async () => {
    const feed = historyFeed();
    await useMocks(...feed.handlers);
    const chart = await mount(feed);
    await waitFor(() => chart.shadowRoot!.querySelector('canvas'), 'a canvas');
    await waitFor(() => summary(chart).includes('from $100.00'), `summary, saw "${summary(chart)}"`);
    expect(summary(chart)).to.contain('BTC over 24 hours');
    expect(summary(chart)).to.contain('high $149.00');
    expect(chart.shadowRoot!.querySelector('[part="plot"]')!.getAttribute('role')).to.equal('img');
  });

  it('appends live ticks, and a burst of 1,000 ends on the last one', async () => {
    const feed = historyFeed();
    await useMocks(...feed.handlers);
    const chart = await mount(feed);
    await waitFor(() => summary(chart).includes('to $149.00') && feed.clientCount === 1, 'history and socket');
    await waitFor(() => state(chart) === 'live', 'live');
    const start = Date.now() + 1000;
    for (let i = 1; i <= 1000; i++) feed.pushPrice(samplePrice('BTC', 200 + i, 1, start + i));
    await waitFor(() => summary(chart).includes('to $1,200.00'), `last tick, saw "${summary(chart)}"`);
    expect(chart.shadowRoot!.querySelector('[part="price"]')!.textContent!.trim()).to.equal('$1,200.00');
  });

  it('redraws its canvas for live ticks about once a second, ending on the last tick', async () => {
    const feed = historyFeed();
    await useMocks(...feed.handlers);
    const chart = await mount(feed);
    await waitFor(() => summary(chart).includes('to $149.00') && feed.clientCount === 1, 'history and socket');
    await waitFor(() => state(chart) === 'live', 'live');
    // uPlot clears its canvas once per redraw: count the redraws of this chart's canvas.
    const context = (await waitFor(() => chart.shadowRoot!.querySelector('canvas'), 'a canvas')).getContext('2d')!;
    let redraws = 0;
    let lastRedrawAt = 0;
    const clear = context.clearRect.bind(context);
    context.clearRect = (...args: Parameters<CanvasRenderingContext2D['clearRect']>) => {
      redraws += 1;
      lastRedrawAt = performance.now();
      clear(...args);
    };
    // A tick every 50 ms for a second: the summary follows them...
    const start = Date.now() + 1000;
    const began = performance.now();
    let lastTickAt = 0;
    for (let i = 1; i <= 20; i++) {
      lastTickAt = performance.now();
      feed.pushPrice(samplePrice('BTC', 200 + i, 1, start + i * 50));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor(() => summary(chart).includes('to $220.00'), () => `the last tick, saw "${summary(chart)}"`);
    // ...while the canvas redraws about once a second, not once per tick, and draws the last one.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(lastRedrawAt, 'the last redraw came after the last tick').to.be.greaterThan(lastTickAt);
    const seconds = (performance.now() - began) / 1000;
    expect(redraws, `redraws for 20 ticks over ${seconds.toFixed(1)} s`).to.be.within(1, Math.ceil(seconds) + 1);
  });

  it('keeps the series current off screen but draws only when it comes near the screen', async () => {
    const feed = historyFeed();
    await useMocks(...feed.handlers);
    const chart = await mount(feed, html`<div style="height: 400vh"></div><price-chart asset-id="BTC" locale="en-US"></price-chart>`);
    await waitFor(() => summary(chart).includes('to $149.00') && feed.clientCount === 1, 'history and socket');
    feed.pushPrice(samplePrice('BTC', 300, 1, Date.now() + 1000));
    await waitFor(() => summary(chart).includes('to $300.00'), `the tick in the summary, saw "${summary(chart)}"`);
    expect(chart.shadowRoot!.querySelector('canvas'), 'no canvas while far below the screen').to.equal(null);
    chart.scrollIntoView();
    await waitFor(() => chart.shadowRoot!.querySelector('canvas'), 'a canvas once on screen');
  });

  it('switches timeframe from its buttons, with the keyboard, and loads hourly history for 7 days', async () => {
    const requests: string[] = [];
    const feed = historyFeed(requests);
    await useMocks(...feed.handlers);
    const chart = await mount(feed);
    await waitFor(() => summary(chart).includes('from'), 'history');
    const events: Array<ChartTimeframeChangeEvent['detail']> = [];
    chart.addEventListener('crw-chart-timeframe-change', (e) => events.push(e.detail));
    const week = [...chart.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="timeframes"] button')].find((b) => b.textContent === '7d')!;
    week.focus();
    week.click();
    await waitFor(() => requests.includes('1h'), 'hourly history request');
    expect(events).to.deep.equal([{ assetId: 'BTC', timeframe: '7d' }]);
    expect(week.getAttribute('aria-pressed')).to.equal('true');
    await waitFor(() => summary(chart).includes('over 7 days'), 'the 7-day summary');
  });

  it('reports wrong attributes and falls back', async () => {
    const feed = historyFeed();
    await useMocks(...feed.handlers);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const chart = await mount(feed, html`<price-chart asset-id="<b>x</b>" timeframe="forever"></price-chart>`);
      await chart.updateComplete;
      expect(chart.timeframe).to.equal('24h');
      expect(errors.join('\n')).to.contain('timeframe="forever"');
      expect(errors.join('\n')).to.contain('asset-id="<b>x</b>"');
    } finally {
      console.error = original;
    }
  });

  it('passes an accessibility check in light and dark', async () => {
    const feed = historyFeed();
    await useMocks(...feed.handlers);
    const chart = await mount(feed);
    await waitFor(() => summary(chart).includes('from'), 'history');
    await expect(chart).to.be.accessible();
    chart.theme = 'dark';
    await chart.updateComplete;
    await expect(chart).to.be.accessible();
  });

  it('charts real history and live ticks from the feed server', async () => {
    const feed = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url}>
      <price-chart asset-id="ETH" timeframe="1h"></price-chart></crypto-data-provider>`);
    const chart = provider.querySelector('price-chart')!;
    await waitFor(() => summary(chart).startsWith('ETH over 1 hour: from $'), `real summary, saw "${summary(chart)}"`, 20000);
    const first = summary(chart);
    await waitFor(() => summary(chart) !== first, 'a live tick changing the chart', 20000);
  });
});
