import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { CryptoTicker } from '../crypto-ticker/crypto-ticker.js';

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
const priceText = (ticker: CryptoTicker) => ticker.shadowRoot?.querySelector('[data-asset="BTC"] [part~="price"]')?.textContent?.trim() ?? '';

/** A ticker two screens below a spacer, with a feed that counts the price requests per ticker symbol list. */
async function pageWithTickerBelow(loading: string) {
  const asked: string[] = [];
  const feed = mockFeed({
    rest: {
      '/api/prices/live': (url: URL) => {
        asked.push(url.searchParams.get('ids') ?? '');
        return { prices: [samplePrice('BTC', 64000.5, 2.5), samplePrice('ETH', 3100.25, -1.5)], ts: Date.now() };
      },
    },
  });
  await useMocks(...feed.handlers);
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>
    <crypto-ticker symbols="ETH" locale="en-US"></crypto-ticker>
    <div style="height: 300vh"></div>
    <crypto-ticker symbols="BTC" locale="en-US" loading=${loading}></crypto-ticker>
  </crypto-data-provider>`);
  const [top, below] = provider.querySelectorAll<CryptoTicker>('crypto-ticker');
  return { top: top!, below: below!, asked };
}

describe('loading="lazy"', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
    window.scrollTo(0, 0);
  });

  it('starts a widget below the fold only as it comes near the viewport: no request, no render before', async () => {
    const { top, below, asked } = await pageWithTickerBelow('lazy');
    await waitFor(() => /^\$3,100\.25$/.test(top.shadowRoot?.querySelector('[part~="price"]')?.textContent?.trim() ?? ''), 'the ticker on screen shows its price');
    for (let i = 0; i < 10; i++) await nextTask();
    expect(asked, 'requests before scrolling').to.deep.equal(['ETH']);
    expect(below.shadowRoot?.childElementCount ?? 0, 'nothing rendered before scrolling').to.equal(0);

    below.scrollIntoView();
    await waitFor(() => priceText(below) === '$64,000.50', `the price once near, saw "${priceText(below)}"`);
    expect(asked).to.deep.equal(['ETH', 'BTC']);
    await expect(below).to.be.accessible();
  });

  it('starts at once when set to eager while it waits, and by default', async () => {
    const lazy = await pageWithTickerBelow('lazy');
    lazy.below.loading = 'eager';
    await waitFor(() => priceText(lazy.below) === '$64,000.50', `the price without scrolling, saw "${priceText(lazy.below)}"`);
    resetMocks();
    resetPageDefault();
    const eager = await pageWithTickerBelow('eager');
    await waitFor(() => priceText(eager.below) === '$64,000.50', `the eager price, saw "${priceText(eager.below)}"`);
  });

  it('treats an unknown value as eager, and says so', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const { below } = await pageWithTickerBelow('soon');
      await waitFor(() => priceText(below) === '$64,000.50', `the price at once, saw "${priceText(below)}"`);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).to.contain('<crypto-ticker>: loading="soon" is not eager or lazy; using eager.');
  });
});
