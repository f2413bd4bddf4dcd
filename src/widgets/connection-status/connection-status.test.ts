import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { ConnectionStatusElement } from './connection-status.js';
import type { ConnectionChangeEvent } from './events.js';

const base = (el: ConnectionStatusElement) => el.shadowRoot!.querySelector<HTMLElement>('[part="base"], [part="indicator"][role="img"]')!;
const shown = (el: ConnectionStatusElement) => base(el)?.dataset.state;
const text = (el: ConnectionStatusElement, part: string) => el.shadowRoot!.querySelector(`[part="${part}"]`)?.textContent?.trim() ?? '';
const retry = (el: ConnectionStatusElement) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]');

async function mount(feed: ReturnType<typeof mockFeed>, element = html`<connection-status locale="en-US"></connection-status>`, attempts = '5') {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts=${attempts}>${element}</crypto-data-provider>`);
  return provider.querySelector('connection-status')!;
}

const prices = { '/api/prices/live': { prices: [], ts: 1 } };

describe('<connection-status>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('goes from connecting to connected, firing crw-connection-change only on the change', async () => {
    const feed = mockFeed({ rest: prices });
    await useMocks(...feed.handlers);
    const changes: Array<ConnectionChangeEvent['detail']> = [];
    const el = await mount(feed, html`<connection-status @crw-connection-change=${(e: ConnectionChangeEvent) => changes.push(e.detail)}></connection-status>`);
    expect(changes).to.deep.equal([]);
    expect(['connecting', 'connected']).to.include(shown(el));
    await waitFor(() => shown(el) === 'connected', 'connected');
    expect(text(el, 'label')).to.equal('Connected');
    expect(retry(el)).to.equal(null);
    await waitFor(() => changes.length === 1, 'one change event');
    expect(changes[0]).to.deep.equal({ from: 'connecting', to: 'connected' });
    await waitFor(() => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent === 'Live feed connection: connected', 'announcement');
  });

  it('shows the attempt and a countdown while reconnecting, and retries now on request', async () => {
    const feed = mockFeed({ rest: prices, refuseSocket: true });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const seen = new Set<string>();
    await waitFor(() => {
      seen.add(`${shown(el)}: ${text(el, 'detail')}`);
      return shown(el) === 'reconnecting' && /Attempt \d+ · next try in \d+ sec\./.test(text(el, 'detail'));
    }, () => `reconnecting details, saw ${JSON.stringify([...seen])}`);
    let calls = 0;
    (el as unknown as { connection: { retryNow: () => void } }).connection.retryNow = () => calls++;
    retry(el)!.focus();
    expect(el.shadowRoot!.activeElement).to.equal(retry(el));
    retry(el)!.click();
    expect(retry(el)!.textContent).to.equal('Retry now');
    expect(calls).to.equal(1);
  });

  it('shows offline when the server asks to wait, and polling once the socket gives up', async () => {
    const suspended = mockFeed({ rest: prices, refuseSocket: true, refuseCode: 1013 });
    await useMocks(...suspended.handlers);
    const off = await mount(suspended);
    await waitFor(() => shown(off) === 'offline', `offline, saw ${shown(off)}`, 20000);
    expect(text(off, 'label')).to.equal('Offline');
    expect(retry(off)).to.not.equal(null);

    const refused = mockFeed({ rest: prices, refuseSocket: true });
    await useMocks(...refused.handlers);
    const polling = await mount(refused, html`<connection-status></connection-status>`, '1');
    await waitFor(() => shown(polling) === 'polling', `polling, saw ${shown(polling)}`, 20000);
    expect(text(polling, 'detail')).to.contain('Refreshing over HTTP');
  });

  it('shrinks to a dot with an accessible name when compact', async () => {
    const feed = mockFeed({ rest: prices });
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<connection-status compact></connection-status>`);
    await waitFor(() => shown(el) === 'connected', 'connected');
    const dot = base(el);
    expect(dot.getAttribute('role')).to.equal('img');
    expect(dot.getAttribute('aria-label')).to.equal('Live feed connection: Connected. Live updates');
    expect(el.shadowRoot!.querySelector('[part="label"]')).to.equal(null);
    el.compact = false;
    await el.updateComplete;
    expect(text(el, 'label')).to.equal('Connected');
  });

  it('says where the data source is missing, and names a wrong theme', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const el = await fixture<ConnectionStatusElement>(html`<connection-status theme="neon"></connection-status>`);
      expect(shown(el)).to.equal('offline');
      expect(text(el, 'detail')).to.contain('No data source');
      expect(retry(el)).to.equal(null);
      expect(errors.join('\n')).to.contain('theme="neon"');
    } finally {
      console.error = original;
    }
  });

  it('passes an accessibility check in light and dark, full and compact', async () => {
    const feed = mockFeed({ rest: prices, refuseSocket: true });
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<connection-status theme="light"></connection-status>`);
    await waitFor(() => retry(el), 'retry button');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.compact = true;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('connects to the real feed server', async () => {
    const server = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${server.url}><connection-status></connection-status></crypto-data-provider>`);
    const el = provider.querySelector('connection-status')!;
    await waitFor(() => shown(el) === 'connected', `connected to the server, saw ${shown(el)}`, 20000);
  });
});
