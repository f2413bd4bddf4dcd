// Slots the manifest advertises: a page's own header and empty-state content shows in the widget.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { resetPageDefault } from '../../src/core/elements/index.js';
import type { AlertFeed, CryptoTicker } from '../../src/index.js';
import { sharedFeed, waitFor } from '../support/feed.js';

const assigned = (el: Element, name: string) =>
  (el.shadowRoot!.querySelector(`slot[name="${name}"]`) as HTMLSlotElement | null)?.assignedElements() ?? [];

describe('widget slots', () => {
  afterEach(() => resetPageDefault());

  it('<crypto-ticker> shows the page\'s own header in place of the asset count', async () => {
    const feed = await sharedFeed();
    const provider = await fixture(html`<crypto-data-provider api-url=${feed.url} ws-url=${feed.wsUrl}>
      <crypto-ticker symbols="BTC"><strong slot="header">Bitcoin now</strong></crypto-ticker></crypto-data-provider>`);
    const ticker = provider.querySelector('crypto-ticker') as CryptoTicker;
    await ticker.updateComplete;
    expect(assigned(ticker, 'header').map((e) => e.textContent)).to.deep.equal(['Bitcoin now']);
    const header = ticker.shadowRoot!.querySelector('[part~="header"]')!;
    expect(header.contains(ticker.shadowRoot!.querySelector('slot[name="header"]'))).to.equal(true);
    await expect(ticker).to.be.accessible();
  });

  it('<alert-feed> shows the page\'s empty state only while no alert matches', async () => {
    const feed = await sharedFeed();
    const provider = await fixture(html`<crypto-data-provider api-url=${feed.url} ws-url=${feed.wsUrl}>
      <alert-feed severity="critical"><p slot="empty">All quiet.</p></alert-feed></crypto-data-provider>`);
    const alerts = provider.querySelector('alert-feed') as AlertFeed;
    const empty = () => alerts.shadowRoot!.querySelector<HTMLElement>('[part~="empty"]')!;
    const items = () => alerts.shadowRoot!.querySelectorAll('[part~="item"]').length;
    await waitFor(() => alerts.shadowRoot!.querySelector('[part~="base"]')?.getAttribute('data-state') === 'live', 'the live state');
    expect(assigned(alerts, 'empty').map((e) => e.textContent)).to.deep.equal(['All quiet.']);
    expect(empty().hidden).to.equal(items() > 0);
  });
});
