import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { createQueryClient, renderBudgetOf } from '../../core/query/index.js';
import type { Price } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import { countRenders } from '../../../test/support/render-count.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { CryptoTicker } from './crypto-ticker.js';
import type { TickerSelectEvent } from './events.js';

const item = (ticker: CryptoTicker, id: string) => ticker.shadowRoot!.querySelector<HTMLElement>(`[data-asset="${id}"]`);
const priceText = (ticker: CryptoTicker, id: string) => item(ticker, id)?.querySelector('[part~="price"]')?.textContent?.trim() ?? '';
const state = (ticker: CryptoTicker) => ticker.shadowRoot!.querySelector('[part="base"]')?.getAttribute('data-state');

async function mount(feed: ReturnType<typeof mockFeed>, attrs = html`<crypto-ticker symbols="BTC,ETH" locale="en-US"></crypto-ticker>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${attrs}</crypto-data-provider>`);
  return provider.querySelector('crypto-ticker')!;
}

function pricesFeed(prices: Price[], options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({
    rest: { '/api/prices/live': (url: URL) => ({ prices: prices.filter((p) => (url.searchParams.get('ids') ?? '').split(',').includes(p.assetId)), ts: Date.now() }) },
    ...options,
  });
}

describe('<crypto-ticker>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('shows skeletons while loading, then the prices and 24 h change', async () => {
    const feed = pricesFeed([samplePrice('BTC', 64000.5, 2.5), samplePrice('ETH', 3100.25, -1.5)]);
    await useMocks(...feed.handlers);
    const ticker = await mount(feed);
    expect(['loading', 'live']).to.include(state(ticker));
    await waitFor(() => priceText(ticker, 'BTC') === '$64,000.50', `BTC price, saw "${priceText(ticker, 'BTC')}"`);
    expect(priceText(ticker, 'ETH')).to.equal('$3,100.25');
    expect(item(ticker, 'BTC')!.querySelector('[part~="change"]')!.textContent).to.equal('+2.50%');
    expect(item(ticker, 'ETH')!.getAttribute('part')).to.contain('down');
    await waitFor(() => state(ticker) === 'live', 'live state');
    // Every row formats with the locale: a new one re-renders the rows it already shows.
    ticker.locale = 'de-DE';
    await waitFor(() => /^64\.000,50\s\$$/.test(priceText(ticker, 'BTC')), `BTC in de-DE, saw "${priceText(ticker, 'BTC')}"`);
    expect(item(ticker, 'ETH')!.getAttribute('aria-label')).to.match(/^ETH 3\.100,25\s\$, /);
  });

  it("formats in the page's language, and follows a change of <html lang> without a new price", async () => {
    const feed = pricesFeed([samplePrice('BTC', 64000.5, 2.5), samplePrice('ETH', 3100.25, -1.5)]);
    await useMocks(...feed.handlers);
    const page = document.documentElement;
    const lang = page.lang;
    page.lang = 'en-US';
    try {
      const ticker = await mount(feed, html`<crypto-ticker symbols="BTC,ETH"></crypto-ticker>`);
      await waitFor(() => priceText(ticker, 'BTC') === '$64,000.50', `BTC price, saw "${priceText(ticker, 'BTC')}"`);
      await waitFor(() => state(ticker) === 'live', 'live state');
      page.lang = 'de-DE';
      await waitFor(() => /^64\.000,50\s\$$/.test(priceText(ticker, 'BTC')), `BTC in de-DE, saw "${priceText(ticker, 'BTC')}"`);
      expect(item(ticker, 'ETH')!.querySelector('[part~="change"]')!.textContent).to.match(/^-1,50\s?%$/);
      // A widget with a locale of its own keeps it.
      const fixed = await mount(feed, html`<crypto-ticker symbols="BTC" locale="en-US"></crypto-ticker>`);
      await waitFor(() => priceText(fixed, 'BTC') === '$64,000.50', `BTC in en-US, saw "${priceText(fixed, 'BTC')}"`);
    } finally {
      page.lang = lang;
    }
  });

  it('follows live updates, and a burst of 1,000 in one go ends on the last value', async () => {
    const feed = pricesFeed([samplePrice('BTC', 100), samplePrice('ETH', 10)]);
    await useMocks(...feed.handlers);
    const ticker = await mount(feed);
    await waitFor(() => priceText(ticker, 'BTC') === '$100.00', 'first price');
    await waitFor(() => feed.clientCount === 1 && state(ticker) === 'live', 'socket live');
    for (let i = 1; i <= 1000; i++) feed.pushPrice(samplePrice('BTC', 100 + i));
    await waitFor(() => priceText(ticker, 'BTC') === '$1,100.00', `last of the burst, saw "${priceText(ticker, 'BTC')}"`);
  });

  it('re-renders only the rows whose price moved, and leaves the attributes of the others alone', async () => {
    const feed = pricesFeed([samplePrice('BTC', 100), samplePrice('ETH', 10), samplePrice('SOL', 5)]);
    await useMocks(...feed.handlers);
    const ticker = await mount(feed, html`<crypto-ticker symbols="BTC,ETH,SOL" locale="en-US" show-sparkline></crypto-ticker>`);
    await waitFor(() => priceText(ticker, 'SOL') === '$5.00', 'first prices');
    await waitFor(() => feed.clientCount === 1 && state(ticker) === 'live', 'socket live');
    const touched = new Set<string>();
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        touched.add(node?.closest('[data-asset]')?.getAttribute('data-asset') ?? 'outside');
      }
    });
    observer.observe(ticker.shadowRoot!, { subtree: true, attributes: true, characterData: true, childList: true });
    // A tick re-renders its row through the row's own signal; the ticker's render() (the list, the header) stays put.
    const renders = countRenders(ticker);
    for (let i = 1; i <= 20; i++) {
      feed.pushPrice(samplePrice('BTC', 100 + i));
      await new Promise((r) => requestAnimationFrame(r));
    }
    await waitFor(() => priceText(ticker, 'BTC') === '$120.00', `last BTC price, saw "${priceText(ticker, 'BTC')}"`);
    await new Promise((r) => setTimeout(r, 800)); // the flash ends and clears
    observer.disconnect();
    renders.stop();
    // 20 ticks: at most a rate notice or a state change in the status line re-render the ticker.
    expect(renders.count).to.be.lessThan(3);
    expect(touched.has('BTC')).to.equal(true);
    expect([...touched].filter((id) => id === 'ETH' || id === 'SOL')).to.deep.equal([]);
    // One path from the first price (bottom edge) to the last (top edge), a point per rendered tick.
    const d = item(ticker, 'BTC')!.querySelector('[part~="sparkline"] path')!.getAttribute('d')!;
    expect(d.match(/L/g)?.length).to.be.greaterThan(1);
    expect(d.startsWith('M0 23L')).to.equal(true);
    expect(d.endsWith('L80 1')).to.equal(true);
  });

  it('says so in its status line when frames run over budget and updates slow down, and still ends on the last value', async () => {
    const feed = pricesFeed([samplePrice('BTC', 100), samplePrice('ETH', 10)]);
    await useMocks(...feed.handlers);
    const queryClient = createQueryClient();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} .queryClient=${queryClient}>
      <crypto-ticker symbols="BTC,ETH" locale="en-US"></crypto-ticker></crypto-data-provider>`);
    const ticker = provider.querySelector('crypto-ticker')!;
    const status = () => ticker.shadowRoot!.querySelector('[part~="status"]')?.textContent?.trim() ?? '';
    await waitFor(() => feed.clientCount === 1 && state(ticker) === 'live', 'socket live');
    expect(status().startsWith('Live')).to.equal(true);
    const budget = renderBudgetOf(queryClient);
    for (let i = 0; i < 5; i++) budget.record(100); // five frames of 100 ms work (a window of them)
    await waitFor(() => /^Live · \d+ updates\/s to keep up$/.test(status()), `reduced rate in the status, saw "${status()}"`);
    expect(Number(ticker.shadowRoot!.querySelector('[part~="status"]')!.getAttribute('data-rate'))).to.be.lessThan(60);
    for (let i = 1; i <= 200; i++) {
      feed.pushPrice(samplePrice('BTC', 100 + i));
      feed.pushPrice(samplePrice('ETH', 10 + i));
    }
    await waitFor(() => priceText(ticker, 'BTC') === '$300.00', `last of the burst, saw "${priceText(ticker, 'BTC')}"`);
    await waitFor(() => priceText(ticker, 'ETH') === '$210.00', `last of the burst, saw "${priceText(ticker, 'ETH')}"`);
    // The burst's last flush reports its own (real) cost once its frame is painted; then cheap frames.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    for (let i = 0; i < 60; i++) budget.record(1);
    await waitFor(() => status() === 'Live', `back to full rate, saw "${status()}"`);
    await expect(ticker).to.be.accessible();
  });

  it('reads symbols as typed, changes what it shows when they change, and names what it ignored', async () => {
    const feed = pricesFeed([samplePrice('BTC', 1), samplePrice('SOL', 150)]);
    await useMocks(...feed.handlers);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const ticker = await mount(feed, html`<crypto-ticker symbols=" btc , b<t>c!, btc" locale="en-US"></crypto-ticker>`);
      await waitFor(() => item(ticker, 'BTC'), 'BTC row');
      expect(ticker.shadowRoot!.querySelectorAll('[part~="item"]').length).to.equal(1);
      expect(errors.join('\n')).to.contain('"b<t>c!"');
      ticker.symbols = 'SOL';
      await waitFor(() => priceText(ticker, 'SOL') === '$150.00', 'SOL after the change');
      expect(item(ticker, 'BTC')).to.equal(null);
    } finally {
      console.error = original;
    }
  });

  it('fires crw-ticker-select from the keyboard and the mouse', async () => {
    const feed = pricesFeed([samplePrice('BTC', 5), samplePrice('ETH', 6)]);
    await useMocks(...feed.handlers);
    const ticker = await mount(feed);
    await waitFor(() => priceText(ticker, 'ETH') === '$6.00', 'prices');
    const picked: Array<TickerSelectEvent['detail']> = [];
    ticker.addEventListener('crw-ticker-select', (e) => picked.push(e.detail));
    const eth = item(ticker, 'ETH')!;
    eth.focus();
    eth.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    item(ticker, 'BTC')!.click();
    expect(picked).to.deep.equal([{ assetId: 'ETH', price: 6 }, { assetId: 'BTC', price: 5 }]);
  });

  it('lays out as cards or a pausable tape, with sparklines on request', async () => {
    const feed = pricesFeed([samplePrice('BTC', 10), samplePrice('ETH', 20)]);
    await useMocks(...feed.handlers);
    const ticker = await mount(feed, html`<crypto-ticker symbols="BTC,ETH" layout="tape" show-sparkline></crypto-ticker>`);
    await waitFor(() => priceText(ticker, 'BTC'), 'prices');
    const viewport = ticker.shadowRoot!.querySelector<HTMLElement>('[part="viewport"]')!;
    expect(viewport.tabIndex).to.equal(0);
    const lists = ticker.shadowRoot!.querySelectorAll('[part="list"]');
    expect(lists.length).to.equal(2);
    expect(lists[1]!.getAttribute('aria-hidden')).to.equal('true');
    expect(ticker.shadowRoot!.querySelectorAll('[part~="sparkline"]').length).to.be.greaterThan(0);
    ticker.layout = 'card';
    await ticker.updateComplete;
    expect(ticker.shadowRoot!.querySelectorAll('[part="list"]').length).to.equal(1);
  });

  it('shows a readable error with a retry when the feed cannot be reached, and recovers on Retry', async () => {
    let failing = true;
    const feed = mockFeed({
      rest: {
        '/api/prices/live': () => (failing
          ? new Response('{"error":{"code":"internal","message":"boom"}}', { status: 503 })
          : { prices: [samplePrice('BTC', 7), samplePrice('ETH', 8)], ts: Date.now() }),
      },
      refuseSocket: true,
    });
    await useMocks(...feed.handlers);
    // No query retries, so the error shows at once instead of after the default backoff.
    const queryClient = createQueryClient({ defaultOptions: { queries: { retry: false } } });
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} .queryClient=${queryClient}>
      <crypto-ticker symbols="BTC,ETH" locale="en-US"></crypto-ticker></crypto-data-provider>`);
    const ticker = provider.querySelector('crypto-ticker')!;
    const error = await waitFor(() => ticker.shadowRoot!.querySelector('[data-state="error"]'), 'error state', 20000);
    expect(error.textContent).to.contain('The data service had a problem');
    const retry = error.querySelector('button')!;
    expect(retry.textContent).to.equal('Retry');
    failing = false;
    retry.click();
    await waitFor(() => priceText(ticker, 'BTC') === '$7.00', 'prices after Retry', 20000);
  });

  it('passes an accessibility check in light and dark', async () => {
    const feed = pricesFeed([samplePrice('BTC', 10), samplePrice('ETH', 20, -3)]);
    await useMocks(...feed.handlers);
    const ticker = await mount(feed);
    await waitFor(() => priceText(ticker, 'ETH'), 'prices');
    await expect(ticker).to.be.accessible();
    expect(getComputedStyle(ticker).backgroundColor).to.equal('rgb(255, 255, 255)');
    ticker.theme = 'dark';
    await ticker.updateComplete;
    expect(getComputedStyle(ticker).backgroundColor).to.equal('rgb(18, 22, 28)');
    await expect(ticker).to.be.accessible();
  });

  it('streams real prices from the feed server', async () => {
    const feed = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url}>
      <crypto-ticker symbols="BTC,SOL"></crypto-ticker></crypto-data-provider>`);
    const ticker = provider.querySelector('crypto-ticker')!;
    await waitFor(() => state(ticker) === 'live' && priceText(ticker, 'BTC').startsWith('$'), 'live BTC from the server', 20000);
    const first = priceText(ticker, 'BTC');
    await waitFor(() => priceText(ticker, 'BTC') !== first, 'a second BTC tick', 20000);
  });
});
