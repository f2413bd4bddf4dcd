import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import type { Asset, Price } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePrice, sampleWatchlist } from '../../../test/support/mock-feed.js';
import { countRenders } from '../../../test/support/render-count.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { CryptoWatchlist } from './crypto-watchlist.js';
import type { WatchlistChangeEvent } from './events.js';

const root = (el: CryptoWatchlist) => el.shadowRoot!;
const state = (el: CryptoWatchlist) => root(el).querySelector('[part="base"]')?.getAttribute('data-state');
const watched = (el: CryptoWatchlist) => [...root(el).querySelectorAll<HTMLElement>('tbody tr[data-asset]')].map((r) => r.dataset.asset);
const priceText = (el: CryptoWatchlist, id: string) => root(el).querySelector(`tr[data-asset="${id}"] [part~="price"]`)?.textContent?.trim() ?? '';
const removeButton = (el: CryptoWatchlist, id: string) => root(el).querySelector<HTMLButtonElement>(`tr[data-asset="${id}"] [part~="remove"]`)!;
const select = (el: CryptoWatchlist) => root(el).querySelector<HTMLSelectElement>('select')!;
const options = (el: CryptoWatchlist) => [...(select(el)?.options ?? [])].map((o) => o.value).filter(Boolean);

const asset = (id: string, name = id): Asset => ({ id, name, category: 'currency', circulatingSupply: 1e6 });
const ASSETS = [asset('BTC', 'Bitcoin'), asset('ETH', 'Ethereum'), asset('SOL', 'Solana'), asset('DOGE', '<b>Doge</b>coin')];
const PRICES: Price[] = [samplePrice('BTC', 64000, 2), samplePrice('ETH', 3100, -1), samplePrice('SOL', 150, 4), samplePrice('DOGE', 0.12, -3)];

/** A feed whose watchlist lives in memory and changes with PUT / DELETE, unless `refuse` says no. */
function watchFeed(initial: string[], opts: { refuse?: 'add' | 'remove'; gate?: Promise<void>; refuseSocket?: boolean } = {}) {
  let ids = [...initial];
  const feed = mockFeed({
    refuseSocket: opts.refuseSocket,
    rest: {
      '/api/watchlist': () => ({ items: sampleWatchlist(ids) }),
      '/api/assets': { assets: ASSETS },
      '/api/prices/live': (url: URL) => ({ prices: PRICES.filter((p) => (url.searchParams.get('ids') ?? '').split(',').includes(p.assetId)), ts: Date.now() }),
    },
  });
  // The mock feed's REST answers are synchronous; changes need the method and may wait on a gate.
  const change = http.all(`${feed.origin}/api/watchlist/:assetId`, async ({ request, params }) => {
    await opts.gate;
    const id = String(params.assetId);
    const adding = request.method === 'PUT';
    if (opts.refuse === (adding ? 'add' : 'remove')) {
      return HttpResponse.json({ error: { code: 'conflict', message: 'The watchlist is locked' } }, { status: 409 });
    }
    ids = adding ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id);
    return new HttpResponse(null, { status: 204 });
  });
  return { ...feed, handlers: [change, ...feed.handlers], get clientCount() { return feed.clientCount; } };
}

async function mount(feed: ReturnType<typeof mockFeed>, element = html`<crypto-watchlist locale="en-US"></crypto-watchlist>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${element}</crypto-data-provider>`);
  return provider.querySelector('crypto-watchlist')!;
}

function choose(el: CryptoWatchlist, id: string): void {
  select(el).value = id;
  select(el).dispatchEvent(new Event('change'));
}

describe('<crypto-watchlist>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('shows a skeleton, then the watched assets with live prices and names as text', async () => {
    const feed = watchFeed(['BTC', 'DOGE']);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    expect(['loading', 'live']).to.include(state(el));
    await waitFor(() => priceText(el, 'BTC') === '$64,000.00', `BTC price, saw "${priceText(el, 'BTC')}"`);
    expect(watched(el)).to.deep.equal(['BTC', 'DOGE']);
    await waitFor(() => root(el).querySelector('tr[data-asset="DOGE"] .name')!.textContent === '<b>Doge</b>coin', 'asset name');
    expect(root(el).querySelector('tbody b')).to.equal(null);
    expect(removeButton(el, 'BTC').getAttribute('aria-label')).to.equal('Remove BTC');
    expect(options(el)).to.deep.equal(['ETH', 'SOL']);
    expect(select(el).labels![0]!.textContent).to.equal('Add an asset');
  });

  it('follows live prices, and a burst of 1,000 in one go ends on the last value', async () => {
    const feed = watchFeed(['BTC', 'ETH']);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => priceText(el, 'BTC') && feed.clientCount === 1 && state(el) === 'live', 'live');
    // Each tick re-renders the BTC row through its own signal, not the whole widget.
    const renders = countRenders(el);
    for (let i = 1; i <= 20; i++) {
      feed.pushPrice(samplePrice('BTC', 50 + i));
      await new Promise((r) => requestAnimationFrame(r));
    }
    await waitFor(() => priceText(el, 'BTC') === '$70.00', `last tick, saw "${priceText(el, 'BTC')}"`);
    renders.stop();
    expect(renders.count).to.be.lessThan(3);
    for (let i = 1; i <= 1000; i++) feed.pushPrice(samplePrice('BTC', 100 + i));
    await waitFor(() => priceText(el, 'BTC') === '$1,100.00', `last of the burst, saw "${priceText(el, 'BTC')}"`);
  });

  it('adds from the keyboard at once and fires crw-watchlist-change once the server agreed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const feed = watchFeed(['BTC'], { gate });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const changes: Array<WatchlistChangeEvent['detail']> = [];
    el.addEventListener('crw-watchlist-change', (e) => changes.push(e.detail));
    await waitFor(() => options(el).includes('SOL'), 'assets to add');
    select(el).focus();
    choose(el, 'SOL');
    await el.updateComplete;
    root(el).querySelector('form')!.requestSubmit();
    await waitFor(() => watched(el).includes('SOL'), 'SOL shown at once');
    expect(changes).to.deep.equal([]);
    release();
    await waitFor(() => changes.length === 1, 'crw-watchlist-change');
    expect(changes[0]).to.deep.equal({ assetIds: ['BTC', 'SOL'] });
    await waitFor(() => priceText(el, 'SOL') === '$150.00', 'SOL price');
    expect(options(el)).to.not.include('SOL');
  });

  it('asks for a choice before adding', async () => {
    const feed = watchFeed(['BTC']);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => options(el).length, 'assets to add');
    root(el).querySelector<HTMLButtonElement>('[part="add-button"]')!.click();
    await el.updateComplete;
    expect(root(el).querySelector('[part="notice"]')!.textContent).to.contain('Choose an asset to add first.');
    expect(root(el).activeElement).to.equal(select(el));
  });

  it('removes at once, and puts it back with a message when the server refuses', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const feed = watchFeed(['BTC', 'ETH', 'SOL'], { refuse: 'remove', gate });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => watched(el).length === 3, 'three rows');
    removeButton(el, 'ETH').focus();
    removeButton(el, 'ETH').click();
    await waitFor(() => !watched(el).includes('ETH'), 'ETH gone at once');
    expect(root(el).activeElement).to.equal(removeButton(el, 'SOL'));
    release();
    const notice = await waitFor(() => root(el).querySelector('[part="notice"]'), 'failure message');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent).to.contain('Could not remove ETH: The watchlist is locked. It is back on the watchlist.');
    await waitFor(() => watched(el).includes('ETH'), 'ETH back');
  });

  it('says so when the watchlist is empty', async () => {
    const feed = watchFeed([]);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => root(el).querySelector('[part="empty"]:not([hidden])')?.textContent === 'Your watchlist is empty. Add an asset below.', 'empty text');
    expect(state(el)).to.equal('live');
  });

  it('shows a readable error with a retry when the feed refuses the request', async () => {
    // A 4xx is not retried, so the error shows at once (5xx retries pause while the test page is in the background).
    const feed = mockFeed({ refuseSocket: true, rest: { '/api/watchlist': () => new Response('{"error":{"code":"forbidden","message":"Sign in to see your watchlist"}}', { status: 403 }) } });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const error = await waitFor(() => root(el).querySelector('[part~="status"][data-state="error"]'), 'error state');
    expect(error.textContent).to.contain('Could not load data: Sign in to see your watchlist');
    expect(error.querySelector('button')!.textContent).to.equal('Retry');
    expect(root(el).querySelector('form')).to.equal(null);
  });

  it('passes an accessibility check in light and dark', async () => {
    const feed = watchFeed(['BTC', 'ETH']);
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<crypto-watchlist theme="light"></crypto-watchlist>`);
    await waitFor(() => priceText(el, 'ETH') && options(el).length, 'prices and assets');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('adds to and removes from the real feed server\'s watchlist', async () => {
    const server = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${server.url} token=${server.token!}><crypto-watchlist></crypto-watchlist></crypto-data-provider>`);
    const el = provider.querySelector('crypto-watchlist')!;
    await waitFor(() => state(el) === 'live' && options(el).length, `live watchlist from the server, saw ${state(el)}`, 20000);
    const changes: string[][] = [];
    el.addEventListener('crw-watchlist-change', (e) => changes.push(e.detail.assetIds));
    const id = options(el)[0]!;
    choose(el, id);
    await el.updateComplete;
    root(el).querySelector('form')!.requestSubmit();
    await waitFor(() => changes.length === 1, 'the server confirmed the add', 10000);
    expect(changes[0]).to.include(id);
    await waitFor(() => /\d/.test(priceText(el, id)), `a price for ${id}`, 10000);
    removeButton(el, id).click();
    await waitFor(() => changes.length === 2, 'the server confirmed the remove', 10000);
    expect(changes[1]).to.not.include(id);
  });
});
