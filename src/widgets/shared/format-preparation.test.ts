import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { CryptoTicker } from '../crypto-ticker/crypto-ticker.js';

/** Counts `new Intl.NumberFormat(…)` calls from here on; `restore()` puts the original back. */
function countNumberFormats() {
  const original = Intl.NumberFormat;
  const counter = {
    built: 0,
    restore: () => {
      Intl.NumberFormat = original;
    },
  };
  Intl.NumberFormat = new Proxy(original, {
    construct(target, args: ConstructorParameters<typeof Intl.NumberFormat>) {
      counter.built += 1;
      return new target(...args);
    },
  });
  return counter;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('formats built ahead', () => {
  let counter: ReturnType<typeof countNumberFormats> | undefined;
  afterEach(() => {
    counter?.restore();
    resetMocks();
    resetPageDefault();
  });

  it('builds the common formats while a widget waits for its data, so its first render with data builds none', async () => {
    let answer: (body: unknown) => void = () => {};
    const prices = new Promise((resolve) => (answer = resolve));
    const feed = mockFeed({ rest: { '/api/prices/live': () => prices } });
    await useMocks(...feed.handlers);
    counter = countNumberFormats();
    // A currency no other test formats in, so nothing is in the page's cache yet.
    const provider = await fixture<CryptoDataProvider>(
      html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><crypto-ticker symbols="BTC" locale="en-US" currency="CHF"></crypto-ticker></crypto-data-provider>`,
    );
    const ticker = provider.querySelector<CryptoTicker>('crypto-ticker')!;
    // One formatter per task, while the request is still unanswered.
    let seen = -1;
    while (seen !== counter.built) {
      seen = counter.built;
      for (let i = 0; i < 5; i++) await nextTask();
    }
    expect(counter.built, 'formatters built ahead').to.be.greaterThan(3);
    const before = counter.built;
    answer({ prices: [samplePrice('BTC', 64000.5, 2.5)], ts: Date.now() });
    const price = () => ticker.shadowRoot!.querySelector('[data-asset="BTC"] [part~="price"]')?.textContent?.trim();
    await waitFor(() => /^CHF\s64,000\.50$/.test(price() ?? ''), `the price in CHF, saw "${price()}" in ${ticker.shadowRoot!.innerHTML.slice(0, 400)}`);
    expect(counter.built, 'formatters built by the first render with data').to.equal(before);
  });
});
