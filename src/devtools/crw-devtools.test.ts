import { expect, fixture, html } from '@open-wc/testing';
import '../define.js';
import { openDevtools, registerDevtoolsSection, type CrwDevtools } from '../devtools.js';
import { resetPageDefault, type CryptoDataProvider } from '../core/elements/index.js';
import { sharedFeed, waitFor } from '../../test/support/feed.js';

const root = (el: CrwDevtools) => el.shadowRoot!;
const rows = (el: CrwDevtools) => [...root(el).querySelectorAll<HTMLElement>('[part="subscriptions"] [data-subscription]')];

async function mount() {
  const feed = await sharedFeed();
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} poll-interval="4998">
    <crypto-ticker symbols="BTC,ETH"></crypto-ticker>
    <alert-feed></alert-feed>
  </crypto-data-provider>`);
  await waitFor(() => provider.services!.socket!.getConnectionStatus().connected, 'the socket');
  const el = openDevtools({ within: provider });
  el.inline = true;
  await el.updateComplete;
  return { provider, el };
}

describe('<crw-devtools>', () => {
  afterEach(() => {
    document.querySelector('crw-devtools')?.remove();
    resetPageDefault();
  });

  it('lists the live subscriptions with their stream positions, the counters and the frames', async () => {
    const { el } = await mount();
    await waitFor(() => rows(el).length >= 2, 'the subscriptions listed');
    const prices = await waitFor(() => rows(el).find((r) => r.dataset.subscription === 'price_updates?BTC,ETH'), 'the ticker\'s subscription');
    await waitFor(() => /price_updates:BTC @ \S+#\d+/.test(prices.textContent ?? ''), `a BTC position, saw "${prices.textContent}"`);
    expect(prices.textContent).to.contain('subscribed');
    expect(rows(el).some((r) => r.dataset.subscription === 'alerts')).to.equal(true);
    await waitFor(() => root(el).querySelectorAll('[part="frames"] li[data-kind="price_update"]').length > 2, 'price frames recorded');
    expect(Number(root(el).querySelector('[part="stats"]')!.textContent!.match(/Frames received(\d+)/)?.[1])).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it('filters the frames and pings the server', async () => {
    const { el } = await mount();
    await waitFor(() => [...root(el).querySelectorAll('[part="frames"] li')].some((li) => li.textContent!.includes('price_updates:ETH')), 'ETH frames');
    const filter = root(el).querySelector<HTMLInputElement>('[part="filter"]')!;
    filter.value = 'price_updates:ETH';
    filter.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const shown = [...root(el).querySelectorAll('[part="frames"] li')];
    expect(shown.length).to.be.greaterThan(0);
    expect(shown.every((li) => li.textContent!.includes('ETH'))).to.equal(true);
    root(el).querySelector<HTMLButtonElement>('[part="ping"]')!.click();
    await waitFor(() => /Round trip \d+ ms/.test(root(el).querySelector('.ping-result')!.textContent ?? ''), 'the ping result');
  });

  it('mounts the TanStack Query devtools on the provider\'s cache', async () => {
    const { el, provider } = await mount();
    el.tab = 'query';
    await waitFor(() => (root(el).querySelector('.query-host')?.children.length ?? 0) > 0, 'the query devtools mounted');
    const host = root(el).querySelector('.query-host')!;
    const key = JSON.stringify(provider.services!.queryClient.getQueryCache().getAll()[0]!.queryKey);
    await waitFor(() => host.textContent!.includes(key), `the cache's first query (${key}) listed`);
  });

  it('shows a registered section, and says plainly when the service worker has none', async () => {
    const { el } = await mount();
    el.tab = 'sw';
    await el.updateComplete;
    expect(root(el).querySelector('[role="tabpanel"]')!.textContent).to.contain('registerDevtoolsSection');
    let cleaned = false;
    const remove = registerDevtoolsSection({ id: 'sw', label: 'Service worker', mount: (container) => { container.textContent = 'caches: 2'; return () => { cleaned = true; }; } });
    await waitFor(() => root(el).querySelector('.section-host')?.textContent === 'caches: 2', 'the section rendered');
    el.tab = 'socket';
    await el.updateComplete;
    expect(cleaned).to.equal(true);
    remove();
  });

  it('closes with Escape and tells the page', async () => {
    const { el } = await mount();
    let closed = 0;
    el.addEventListener('crw-devtools-close', () => closed++);
    root(el).querySelector<HTMLElement>('[role="tabpanel"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(el.open).to.equal(false);
    expect(closed).to.equal(1);
  });
});
