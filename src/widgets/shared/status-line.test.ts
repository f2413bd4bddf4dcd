import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { createQueryClient, renderBudgetOf } from '../../core/query/index.js';
import { waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';

// The status line every widget shares, where it depends on the render budget: the reduced-rate
// wording lasts only while live data keeps arriving.
describe('widget status line', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('drops the reduced rate once live data stops, and shows it again when data comes back to a slowed budget', async () => {
    // One asset: the ticker asks for it alone, so the REST answer need not look at the query.
    const feed = mockFeed({ rest: { '/api/prices/live': () => ({ prices: [samplePrice('BTC', 100)], ts: Date.now() }) } });
    await useMocks(...feed.handlers);
    const queryClient = createQueryClient();
    const provider = await fixture<CryptoDataProvider>(
      html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} .queryClient=${queryClient}><crypto-ticker symbols="BTC" locale="en-US"></crypto-ticker></crypto-data-provider>`,
    );
    const shadow = provider.querySelector('crypto-ticker')!.shadowRoot!;
    const text = (selector: string) => shadow.querySelector(selector)?.textContent?.trim() ?? '';
    const status = () => text('[part~="status"]');
    const price = () => text('[data-asset="BTC"] [part~="price"]');
    const reduced = /^Live · \d+ updates\/s to keep up$/;
    await waitFor(() => feed.clientCount === 1 && status() === 'Live', `live, saw "${status()}"`);

    // Frames ran over budget (as a burst would make them): the line says updates are slowed.
    const budget = renderBudgetOf(queryClient);
    for (let i = 0; i < 5; i++) budget.record(100); // a window of frames over budget: one alone says little
    await waitFor(() => reduced.test(status()), `reduced rate in the status, saw "${status()}"`);

    // Nothing more arrives: the budget keeps its last rate (it learns only from flushes), but the
    // page is not slowing anything down any more, and the line must not say it is.
    const stoppedAt = performance.now();
    await waitFor(() => status() === 'Live', () => `back to "Live" once data stopped, still "${status()}"`, 6_000);
    expect(performance.now() - stoppedAt).to.be.greaterThan(1_000, 'not cleared before the data had a chance to pause');
    expect(budget.reduced).to.equal(true, 'the budget itself still works at its reduced rate');

    // Data again, while the budget is still reduced: the line says so again.
    feed.pushPrice(samplePrice('BTC', 123));
    await waitFor(() => price() === '$123.00', () => `the pushed price, saw "${price()}"`);
    await waitFor(() => reduced.test(status()), () => `reduced rate again with data flowing, saw "${status()}"`, 6_000);

    // The budget back at full rate: plain "Live" at once.
    for (let i = 0; i < 60; i++) budget.record(1);
    await waitFor(() => status() === 'Live', () => `full rate, saw "${status()}"`);
    await expect(provider.querySelector('crypto-ticker')!).to.be.accessible();
  });
});
