import { expect, fixture, html } from '@open-wc/testing';
import { http } from 'msw';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import type { Price } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, sampleMovers, samplePrice, sampleSentiment } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { MarketMovers } from './market-movers.js';

const root = (el: MarketMovers) => el.shadowRoot!;
const state = (el: MarketMovers) => root(el).querySelector('[part="base"]')?.getAttribute('data-state');
const rows = (el: MarketMovers, list: 'gainers' | 'losers') => [...root(el).querySelectorAll<HTMLElement>(`[data-list="${list}"] tbody tr[data-asset]`)];
const listed = (el: MarketMovers, list: 'gainers' | 'losers') => rows(el, list).map((r) => r.dataset.asset);
const cell = (el: MarketMovers, id: string, part: string) => root(el).querySelector(`tr[data-asset="${id}"] [part~="${part}"]`)?.textContent?.trim() ?? '';
const sentimentText = (el: MarketMovers) => root(el).querySelector('[part~="sentiment"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const MARKET: Price[] = [
  samplePrice('BTC', 64000, 2.5),
  samplePrice('ETH', 3100, -1.5),
  samplePrice('SOL', 150, 6),
  samplePrice('DOGE', 0.12, -4),
  samplePrice('ADA', 0.45, 1),
  samplePrice('XRP', 0.5, -0.5),
];

function marketFeed(options: { prices?: Price[] | 'hang'; movers?: () => unknown; refuseSocket?: boolean } = {}) {
  const prices = options.prices ?? MARKET;
  const feed = mockFeed({
    refuseSocket: options.refuseSocket,
    rest: {
      '/api/market/sentiment': () => sampleSentiment({ sentiment: 'bearish', breadth: -0.2, capWeightedChangePercent: -0.8 }),
      '/api/market/movers': options.movers ?? ((url: URL) => sampleMovers(MARKET, Number(url.searchParams.get('n') ?? 5))),
      ...(prices === 'hang' ? {} : { '/api/prices/live': () => ({ prices, ts: Date.now() }) }),
    },
  });
  // Prices that never come: the widget must live on the REST snapshot meanwhile.
  const hang = http.get(`${feed.origin}/api/prices/live`, () => new Promise<never>(() => {}));
  return { ...feed, handlers: prices === 'hang' ? [hang, ...feed.handlers] : feed.handlers, get clientCount() { return feed.clientCount; } };
}

async function mount(feed: ReturnType<typeof mockFeed>, element = html`<market-movers locale="en-US"></market-movers>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${element}</crypto-data-provider>`);
  return provider.querySelector('market-movers')!;
}

describe('<market-movers>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('shows skeletons, then the REST movers and sentiment until streamed prices arrive', async () => {
    const feed = marketFeed({ prices: 'hang' });
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<market-movers count="2" locale="en-US"></market-movers>`);
    expect(['loading', 'live']).to.include(state(el));
    await waitFor(() => listed(el, 'gainers').length === 2, 'REST gainers');
    expect(listed(el, 'gainers')).to.deep.equal(['SOL', 'BTC']);
    expect(listed(el, 'losers')).to.deep.equal(['DOGE', 'ETH']);
    expect(cell(el, 'SOL', 'change')).to.equal('+6.00%');
    expect(cell(el, 'DOGE', 'price')).to.equal('$0.1200');
    await waitFor(() => sentimentText(el).startsWith('Bearish'), 'REST sentiment');
    expect(root(el).querySelector('[part~="sentiment-label"]')!.textContent).to.equal('Bearish');
    expect([...root(el).querySelectorAll('dd')].map((dd) => dd.textContent)).to.deep.equal(['-20% (4 up, 6 down)', '-0.80%']);
  });

  it('ranks the streamed prices live, and a burst of 1,000 ends on the last value', async () => {
    const feed = marketFeed();
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<market-movers count="3"></market-movers>`);
    // The REST reading says 4 up and 6 down; the six streamed prices say 3 and 3.
    await waitFor(() => sentimentText(el).includes('(3 up, 3 down)'), `sentiment from prices, saw "${sentimentText(el)}"`);
    await waitFor(() => feed.clientCount === 1 && state(el) === 'live', 'socket live');
    feed.pushPrice(samplePrice('XRP', 0.6, 9));
    await waitFor(() => listed(el, 'gainers')[0] === 'XRP', 'XRP tops the gainers');
    expect(listed(el, 'losers')).to.deep.equal(['DOGE', 'ETH']);
    for (let i = 1; i <= 1000; i++) feed.pushPrice(samplePrice('ADA', 1 + i / 1000, 10 + i / 100));
    await waitFor(() => cell(el, 'ADA', 'price') === '$2.00' && cell(el, 'ADA', 'change') === '+20.00%', `last of the burst, saw ${cell(el, 'ADA', 'price')}`);
    expect(listed(el, 'gainers')[0]).to.equal('ADA');
  });

  it('lists as many as count asks, and names wrong attributes', async () => {
    const feed = marketFeed();
    await useMocks(...feed.handlers);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const el = await mount(feed, html`<market-movers count="many" refresh-interval="-3"></market-movers>`);
      await waitFor(() => listed(el, 'gainers').length === 3, 'three gainers (all that rose)');
      expect(errors.join('\n')).to.contain('count="NaN"');
      expect(errors.join('\n')).to.contain('refresh-interval="-3"');
      el.count = 1;
      await waitFor(() => listed(el, 'gainers').length === 1 && listed(el, 'losers').length === 1, 'one of each');
    } finally {
      console.error = original;
    }
  });

  it('refreshes the REST snapshot every refresh-interval seconds', async () => {
    let calls = 0;
    const feed = marketFeed({ prices: 'hang', movers: () => (calls++, sampleMovers(MARKET, 5)) });
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<market-movers refresh-interval="0.2"></market-movers>`);
    await waitFor(() => listed(el, 'gainers').length, 'movers');
    await waitFor(() => calls >= 3, `three fetches, saw ${calls}`, 5000);
  });

  it('uses proper table headers, and refuses markup where an asset symbol belongs', async function () {
    this.timeout(60000);
    const feed = marketFeed({ prices: 'hang', movers: () => ({ gainers: [{ assetId: '<b>X</b>', price: 1, changePercent24h: 1 }], losers: [], ts: 1 }) });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => root(el).querySelector('[data-state="error"]'), 'error state', 45000);
    expect(root(el).querySelector('b')).to.equal(null);

    const good = marketFeed();
    await useMocks(...good.handlers);
    const ok = await mount(good);
    await waitFor(() => listed(ok, 'gainers').length, 'gainers');
    const table = root(ok).querySelector('[data-list="gainers"]')!;
    expect(table.querySelector('caption')!.textContent).to.equal('Top gainers');
    expect([...table.querySelectorAll('thead th')].map((th) => th.getAttribute('scope'))).to.deep.equal(['col', 'col', 'col']);
    expect(table.querySelector('tbody th')!.getAttribute('scope')).to.equal('row');
  });

  it('shows a readable error with a retry when the feed refuses the request', async () => {
    // A 4xx is not retried, so the error shows at once (5xx retries pause while the test page is in the background).
    const denied = () => new Response('{"error":{"code":"forbidden","message":"Market data is not licensed here"}}', { status: 403 });
    const feed = mockFeed({ refuseSocket: true, rest: { '/api/market/sentiment': denied, '/api/market/movers': denied, '/api/prices/live': denied } });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const error = await waitFor(() => root(el).querySelector('[part~="status"][data-state="error"]'), 'error state');
    expect(error.textContent).to.contain('Could not load data: Market data is not licensed here');
    expect(error.querySelector('button')!.textContent).to.equal('Retry');
    expect(root(el).querySelector('table')).to.equal(null);
  });

  it('passes an accessibility check in light and dark', async () => {
    const feed = marketFeed();
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<market-movers theme="light"></market-movers>`);
    await waitFor(() => listed(el, 'losers').length, 'movers');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('ranks the real feed server\'s market', async () => {
    const server = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${server.url}><market-movers></market-movers></crypto-data-provider>`);
    const el = provider.querySelector('market-movers')!;
    await waitFor(() => state(el) === 'live' && listed(el, 'gainers').length + listed(el, 'losers').length > 0, `live movers from the server, saw ${state(el)}`, 20000);
    expect(sentimentText(el)).to.match(/^(Bullish|Neutral|Bearish)/);
  });
});
