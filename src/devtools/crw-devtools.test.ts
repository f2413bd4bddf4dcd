import { expect, fixture, html } from '@open-wc/testing';
import '../define.js';
import { openDevtools, registerDevtoolsSection, type CrwDevtools, type SwInspectSource } from '../devtools.js';
import type { EditFailure, QueuedEdit } from '../core/elements/index.js';
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

  it('lets a registered section take over a tab', async () => {
    const { el } = await mount();
    let cleaned = false;
    const remove = registerDevtoolsSection({ id: 'sw', label: 'Service worker', mount: (container) => { container.textContent = 'caches: 2'; return () => { cleaned = true; }; } });
    el.tab = 'sw';
    await waitFor(() => root(el).querySelector('.section-host')?.textContent === 'caches: 2', 'the section rendered');
    el.tab = 'socket';
    await el.updateComplete;
    expect(cleaned).to.equal(true);
    remove();
  });

  it('shows the service worker\'s state, caches and queued and refused edits, and refreshes them', async () => {
    const { el } = await mount();
    const hostile = '<img src=x onerror="window.__crwPwned=1">';
    const edits = Object.assign(new EventTarget(), {
      state: { pending: [] as QueuedEdit[], failures: [] as EditFailure[] },
      refresh: async () => {},
    });
    edits.state.pending.push({ kind: 'updatePortfolio', label: `Rename ${hostile}`, method: 'PATCH', url: '/api/portfolios/p1', idempotencyKey: 'k1', createdAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
    edits.state.failures.push({ idempotencyKey: 'k0', label: 'Delete portfolio “Old”', status: 409, message: 'conflict', at: Date.UTC(2026, 0, 2) });
    let asked = 0;
    const source: SwInspectSource = {
      controller: () => ({ scriptURL: 'https://example.test/crw-sw.js', state: 'activated' }),
      inspect: async () => {
        asked++;
        return {
          version: `v${asked}`, scope: 'https://example.test/', state: 'activated',
          registration: { installing: false, waiting: asked > 1, active: true },
          caches: [
            { name: 'crw-shell-v1', entries: 2, urls: ['https://example.test/', `https://example.test/${hostile}`] },
            { name: 'crw-api-v1', entries: 60, urls: Array.from({ length: 50 }, (_, i) => `https://example.test/api/prices?i=${i}`) },
          ],
        };
      },
      edits,
    };
    el.swSource = source;
    el.tab = 'sw';
    const panel = root(el).querySelector('[role="tabpanel"]')!;
    await waitFor(() => panel.querySelector('[part="sw-caches"]'), 'the caches listed');
    expect(panel.querySelector('[part="sw-state"]')!.textContent).to.match(/Versionv1/);
    expect(panel.querySelector('[part="sw-state"]')!.textContent).to.contain('https://example.test/');
    const caches = [...panel.querySelectorAll<HTMLElement>('[part="sw-caches"] > li')];
    expect(caches.map((c) => c.dataset.cache)).to.deep.equal(['crw-shell-v1', 'crw-api-v1']);
    expect(caches[0]!.querySelector('summary')!.textContent).to.contain('2 entries');
    expect(caches[1]!.textContent).to.contain('… and 10 more.');
    expect(caches[0]!.querySelector('details')!.open).to.equal(false);
    const queued = panel.querySelector('[part="sw-queued"] li')!;
    expect(queued.textContent).to.contain(`Rename ${hostile}`);
    expect(queued.textContent).to.contain('PATCH /api/portfolios/p1');
    expect(queued.querySelector('time')!.getAttribute('datetime')).to.equal('2026-01-02T03:04:05.000Z');
    expect(panel.querySelector('[part="sw-failures"] li')!.textContent).to.contain('409 conflict');
    expect(panel.querySelector('img')).to.equal(null);
    expect((window as { __crwPwned?: number }).__crwPwned).to.equal(undefined);
    await expect(el).to.be.accessible();

    // The queue changes on its own (an edit was sent): the tab follows its `change` event.
    edits.state = { pending: [], failures: edits.state.failures };
    edits.dispatchEvent(new Event('change'));
    await waitFor(() => panel.textContent!.includes('No edits waiting to be sent.'), 'the emptied queue');
    root(el).querySelector<HTMLButtonElement>('[part="sw-refresh"]')!.click();
    await waitFor(() => /Versionv2/.test(panel.querySelector('[part="sw-state"]')?.textContent ?? ''), 'the refreshed report');
    expect(panel.querySelector('[part="sw-state"]')!.textContent).to.contain('Workerswaiting, active');
    expect(asked).to.equal(2);
  });

  it('says plainly when no service worker controls the page, or it does not answer', async () => {
    const { el } = await mount();
    const edits = Object.assign(new EventTarget(), { state: { pending: [], failures: [] }, refresh: async () => {} });
    let controller: ReturnType<SwInspectSource['controller']> = null;
    el.swSource = { controller: () => controller, inspect: async () => { throw new Error('should not be asked'); }, edits };
    el.tab = 'sw';
    const panel = root(el).querySelector('[role="tabpanel"]')!;
    await waitFor(() => panel.querySelector('[part="sw-state"][data-state="none"]'), 'the "no worker" line');
    expect(panel.textContent).to.contain('No service worker controls this page');
    expect(panel.textContent).to.contain('No edits waiting to be sent.');
    await expect(el).to.be.accessible();

    controller = 'unsupported';
    root(el).querySelector<HTMLButtonElement>('[part="sw-refresh"]')!.click();
    await waitFor(() => panel.querySelector('[part="sw-state"][data-state="unsupported"]'), 'the "no service workers" line');

    controller = { scriptURL: 'https://example.test/other-sw.js', state: 'activated' };
    el.swSource = { controller: () => controller, inspect: async () => ({ hello: 'world' }), edits };
    await waitFor(() => panel.querySelector('[part="sw-state"][data-state="silent"]'), 'the "did not answer" line');
    expect(panel.textContent).to.contain('not a crypto-risk-widgets report');
  });

  it('asks the real worker by default, and says none controls the test page', async () => {
    const { el } = await mount();
    el.tab = 'sw';
    const panel = root(el).querySelector('[role="tabpanel"]')!;
    await waitFor(() => panel.querySelector('[part="sw-state"]'), 'the worker line');
    expect(panel.querySelector('[part="sw-state"]')!.getAttribute('data-state')).to.equal(navigator.serviceWorker?.controller ? 'activated' : 'none');
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
