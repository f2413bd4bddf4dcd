// Widgets wait for their inputs: frameworks insert an element first and set its attributes and
// properties right after (Angular's [attr.x] bindings, Vue and React props). The first request must
// already carry them, go to the right origin, and go out once. Attributes a user sets reflect.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../src/core/elements/index.js';
import type { CryptoTicker, MarketMovers } from '../../src/index.js';
import { sharedFeed, waitFor, type FeedInfo } from '../support/feed.js';

/** REST requests the page made since `since` (resource timing: what the browser really fetched). */
function requestsSince(since: number, match: (url: URL) => boolean): URL[] {
  return performance.getEntriesByType('resource')
    .filter((e) => e.startTime >= since && (e as PerformanceResourceTiming).initiatorType === 'fetch')
    .map((e) => new URL(e.name))
    .filter(match);
}

const priceText = (ticker: Element, id: string) =>
  ticker.shadowRoot?.querySelector(`[data-asset="${id}"] [part~="price"]`)?.textContent?.trim() ?? '';
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('widgets wait for their inputs', () => {
  let feed: FeedInfo;
  before(async () => {
    feed = await sharedFeed();
    performance.setResourceTimingBufferSize(5000);
  });
  afterEach(() => {
    resetPageDefault();
    document.querySelectorAll('crypto-data-provider').forEach((p) => p.remove());
  });

  it('<crypto-ticker>: symbols set right after insertion give exactly one request, for those symbols', async () => {
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} ws-url=${feed.wsUrl}></crypto-data-provider>`);
    const since = performance.now();
    const ticker = document.createElement('crypto-ticker');
    provider.append(ticker);
    ticker.setAttribute('symbols', 'SOL,ADA');
    await waitFor(() => priceText(ticker, 'SOL').startsWith('$'), 'the SOL price');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const prices = requestsSince(since, (u) => u.pathname === '/api/prices/live');
    expect(prices.map((u) => u.searchParams.get('ids'))).to.deep.equal(['SOL,ADA']);
  });

  it('<market-movers>: count set as a property right after insertion gives one request with that count', async () => {
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} ws-url=${feed.wsUrl}></crypto-data-provider>`);
    const since = performance.now();
    const movers = document.createElement('market-movers') as MarketMovers;
    provider.append(movers);
    movers.count = 3;
    await waitFor(() => requestsSince(since, (u) => u.pathname === '/api/market/movers').length > 0, 'a movers request');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requests = requestsSince(since, (u) => u.pathname === '/api/market/movers');
    expect(requests.map((u) => u.searchParams.get('n'))).to.deep.equal(['3']);
    expect(movers.getAttribute('count')).to.equal('3');
  });

  it('<crypto-data-provider>: api-url and ws-url set after insertion are the only origin the widgets call', async () => {
    const since = performance.now();
    const provider = document.createElement('crypto-data-provider');
    const ticker = document.createElement('crypto-ticker');
    ticker.setAttribute('symbols', 'BTC');
    provider.append(ticker);
    document.body.append(provider);
    // Angular applies [attr.api-url] bindings in the same task, after insertion.
    provider.setAttribute('api-url', feed.url);
    provider.setAttribute('ws-url', feed.wsUrl);
    await waitFor(() => priceText(ticker, 'BTC').startsWith('$'), 'the BTC price');
    await waitFor(() => ticker.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('data-state') === 'live', 'the live state');
    const all = requestsSince(since, (u) => u.pathname.startsWith('/api/'));
    expect(all.filter((u) => u.origin !== new URL(feed.url).origin).map(String), 'requests to another origin').to.deep.equal([]);
    expect(all.filter((u) => u.pathname === '/api/prices/live').length).to.equal(1);
    expect(provider.services?.socket?.getConnectionStatus().state).to.equal('connected');
  });

  it('<crypto-ticker>: symbols may be an array or a string, and the attribute follows either', async () => {
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} ws-url=${feed.wsUrl}>
      <crypto-ticker></crypto-ticker></crypto-data-provider>`);
    const ticker = provider.querySelector('crypto-ticker') as CryptoTicker;
    ticker.symbols = ['BTC', 'SOL'];
    await ticker.updateComplete;
    expect(ticker.getAttribute('symbols')).to.equal('BTC,SOL');
    await waitFor(() => priceText(ticker, 'SOL').startsWith('$') && priceText(ticker, 'BTC').startsWith('$'), 'BTC and SOL prices');
    expect(ticker.shadowRoot!.querySelector('[data-asset="ETH"]')).to.equal(null);
    ticker.symbols = 'eth';
    await ticker.updateComplete;
    expect(ticker.getAttribute('symbols')).to.equal('eth');
    await waitFor(() => priceText(ticker, 'ETH').startsWith('$'), 'the ETH price');
    await expect(ticker).to.be.accessible();
  });

  it('does not write attributes the user did not set', async () => {
    const ticker = await fixture<CryptoTicker>(html`<crypto-ticker></crypto-ticker>`);
    await tick();
    expect(ticker.getAttributeNames().filter((n) => n !== 'theme' && n !== 'layout')).to.deep.equal([]);
  });

  const REFLECTED: [tag: string, property: string, value: unknown, attribute: string, expected: string | null][] = [
    ['crypto-ticker', 'showSparkline', true, 'show-sparkline', ''],
    ['crypto-ticker', 'locale', 'de-DE', 'locale', 'de-DE'],
    ['crypto-ticker', 'currency', 'EUR', 'currency', 'EUR'],
    ['crypto-ticker', 'label', 'Prices', 'label', 'Prices'],
    ['crypto-ticker', 'staleAfter', 10, 'stale-after', '10'],
    ['market-movers', 'count', 7, 'count', '7'],
    ['market-movers', 'refreshInterval', 20, 'refresh-interval', '20'],
    ['alert-feed', 'maxItems', 50, 'max-items', '50'],
    ['alert-feed', 'toastDuration', 3, 'toast-duration', '3'],
    ['portfolio-value', 'portfolioId', 'demo-balanced', 'portfolio-id', 'demo-balanced'],
    ['risk-gauge', 'expanded', true, 'expanded', ''],
    ['connection-status', 'compact', true, 'compact', ''],
    ['crypto-watchlist', 'label', 'Mine', 'label', 'Mine'],
    ['portfolio-manager', 'label', 'Books', 'label', 'Books'],
    ['crypto-data-provider', 'apiUrl', 'http://127.0.0.1:9', 'api-url', 'http://127.0.0.1:9'],
    ['crypto-data-provider', 'pollInterval', 2000, 'poll-interval', '2000'],
  ];
  for (const [tag, property, value, attribute, expected] of REFLECTED) {
    it(`<${tag}>: setting ${property} reflects to the ${attribute} attribute`, async () => {
      const el = document.createElement(tag) as unknown as HTMLElement & Record<string, unknown> & { updateComplete: Promise<unknown> };
      (el as Record<string, unknown>)[property] = value;
      document.body.append(el);
      try {
        await el.updateComplete;
        expect(el.getAttribute(attribute)).to.equal(expected);
      } finally {
        el.remove();
      }
    });
  }
});
