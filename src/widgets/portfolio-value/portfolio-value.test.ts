import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import type { PortfolioLive } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePortfolioLive } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { PortfolioValue } from './portfolio-value.js';

const q = (el: PortfolioValue, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const text = (el: PortfolioValue, selector: string) => q(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const state = (el: PortfolioValue) => q(el, '[part="base"]')?.getAttribute('data-state');

function liveFeed(live: PortfolioLive, options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({ rest: { [`/api/portfolios/${live.portfolioId}/live`]: () => live }, ...options });
}

async function mount(feed: ReturnType<typeof mockFeed>, attrs = html`<portfolio-value portfolio-id="p1" locale="en-US"></portfolio-value>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${attrs}</crypto-data-provider>`);
  return provider.querySelector('portfolio-value')!;
}

async function capturingErrors<T>(run: (errors: string[]) => Promise<T>): Promise<T> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(' '));
  try {
    return await run(errors);
  } finally {
    console.error = original;
  }
}

describe('<portfolio-value>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('shows a skeleton while loading, then the total, P&L, 24 h change, allocation and update time', async () => {
    let answer: () => void = () => {};
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const feed = mockFeed();
    await useMocks(
      http.get(`${feed.origin}/api/portfolios/p1/live`, async () => {
        await gate;
        return HttpResponse.json(samplePortfolioLive('p1', 50000, { change24hPercent: 2 }));
      }),
      ...feed.handlers,
    );
    const el = await mount(feed);
    await waitFor(() => state(el) === 'loading' && q(el, '.skeleton'), 'the loading skeleton');
    expect(q(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    answer();
    await waitFor(() => text(el, '[part="total"]') === '$50,000.00', `the total, saw "${text(el, '[part="total"]')}"`);
    expect(text(el, '[part~="pnl"]')).to.equal('+$10,000.00 (+25.00%)');
    expect(q(el, '[part~="pnl"]')!.getAttribute('part')).to.equal('pnl up');
    expect(text(el, '[part~="change"]')).to.match(/^\+\$980\.39 \(\+2\.00%\)$/);
    const rows = [...el.shadowRoot!.querySelectorAll('[part="legend"] tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal(['BTC 60.0% $30,000.00', 'ETH 30.0% $15,000.00', 'SOL 10.0% $5,000.00']);
    expect(q(el, '[part="bar"]')!.getAttribute('aria-hidden')).to.equal('true');
    expect(text(el, '[part="updated"]')).to.match(/^Last updated \d\d:\d\d:\d\d/);
    await waitFor(() => state(el) === 'live', 'live state');
  });

  it('follows portfolio updates, and a burst of 1,000 in one go ends on the last value', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 1000));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => text(el, '[part="total"]') === '$1,000.00', 'first value');
    await waitFor(() => feed.clientCount === 1 && state(el) === 'live', 'socket live');
    for (let i = 1; i <= 1000; i++) feed.pushPortfolio(samplePortfolioLive('p1', 1000 + i));
    await waitFor(() => text(el, '[part="total"]') === '$2,000.00', `last of the burst, saw "${text(el, '[part="total"]')}"`);
  });

  it('announces a large move politely', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 1000));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => feed.clientCount === 1 && state(el) === 'live', 'socket live');
    const region = q(el, '[role="status"][aria-live="polite"]')!;
    expect(region.textContent).to.equal('');
    feed.pushPortfolio(samplePortfolioLive('p1', 1005));
    feed.pushPortfolio(samplePortfolioLive('p1', 1100));
    await waitFor(() => region.textContent!.includes('up'), `an announcement, saw "${region.textContent}"`);
    expect(region.textContent).to.contain('$1,100.00');
  });

  it('draws a donut or a bar, follows the attribute, and falls back to bar for an unknown style', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 100));
    await useMocks(...feed.handlers);
    await capturingErrors(async (errors) => {
      const el = await mount(feed, html`<portfolio-value portfolio-id="p1" allocation="donut"></portfolio-value>`);
      await waitFor(() => q(el, '[part="donut"]'), 'the donut');
      expect(el.shadowRoot!.querySelectorAll('[part="donut"] circle.segment').length).to.equal(3);
      expect(q(el, '[part="bar"]')).to.equal(null);
      el.setAttribute('allocation', 'pie');
      await el.updateComplete;
      await el.updateComplete;
      expect(el.allocation).to.equal('bar');
      expect(q(el, '[part="bar"]')).to.not.equal(null);
      expect(errors.join('\n')).to.contain('allocation="pie" is not bar or donut');
    });
  });

  it('says clearly when the portfolio does not exist', async () => {
    const feed = mockFeed({
      rest: { '/api/portfolios/nope/live': () => new Response('{"error":{"code":"not_found","message":"no such portfolio"}}', { status: 404 }) },
    });
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<portfolio-value portfolio-id="nope"></portfolio-value>`);
    const error = await waitFor(() => q(el, '[part~="status"][data-state="error"]'), 'the error state');
    expect(error.textContent).to.contain('No portfolio with id “nope”.');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.querySelector('button')!.textContent).to.equal('Retry');
  });

  it('reports an id that cannot exist without throwing, and recovers when given a good one', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 42));
    await useMocks(...feed.handlers);
    await capturingErrors(async (errors) => {
      const el = await mount(feed, html`<portfolio-value portfolio-id="not an id!"></portfolio-value>`);
      expect(state(el)).to.equal('error');
      expect(errors.join('\n')).to.contain('portfolio-id="not an id!" is not a valid id');
      el.portfolioId = 'p1';
      await waitFor(() => text(el, '[part="total"]') === '$42.00', 'the total after the fix');
    });
  });

  it('shows names from the feed as text, never as markup', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 10, { name: '<img src=x onerror=alert(1)><b>Bold</b>' }));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => text(el, '[part="name"]').includes('Bold'), 'the name');
    expect(text(el, '[part="name"]')).to.equal('<img src=x onerror=alert(1)><b>Bold</b>');
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
  });

  it('formats for another locale and currency', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 1234.5));
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<portfolio-value portfolio-id="p1" locale="de-DE" currency="EUR"></portfolio-value>`);
    await waitFor(() => text(el, '[part="total"]') === '1.234,50 €', `German euros, saw "${text(el, '[part="total"]')}"`);
  });

  it('passes an accessibility check in light and dark, as a bar and a donut', async () => {
    const feed = liveFeed(samplePortfolioLive('p1', 5000, { change24hPercent: -3 }));
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<portfolio-value portfolio-id="p1" theme="light"></portfolio-value>`);
    await waitFor(() => text(el, '[part="total"]'), 'the total');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    el.allocation = 'donut';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('values a real portfolio from the feed server', async () => {
    const feed = await sharedFeed();
    const { portfolios } = (await (await fetch(`${feed.url}/api/portfolios`, { headers: { authorization: `Bearer ${feed.token}` } })).json()) as { portfolios: Array<{ id: string }> };
    expect(portfolios.length).to.be.greaterThan(0);
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} token=${feed.token!}>
      <portfolio-value portfolio-id=${portfolios[0]!.id} locale="en-US"></portfolio-value></crypto-data-provider>`);
    const el = provider.querySelector('portfolio-value')!;
    await waitFor(() => state(el) === 'live' && text(el, '[part="total"]').startsWith('$'), 'a live value from the server', 20000);
    expect(el.shadowRoot!.querySelectorAll('[part="legend"] tbody tr').length).to.be.greaterThan(0);
  });
});
