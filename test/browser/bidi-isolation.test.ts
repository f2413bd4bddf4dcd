import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../src/core/elements/index.js';
import { isolate } from '../../src/core/protocol/index.js';
import type { AlertFeed } from '../../src/widgets/alert-feed/alert-feed.js';
import type { PortfolioManager } from '../../src/widgets/portfolio-manager/portfolio-manager.js';
import { waitFor } from '../support/feed.js';
import { mockFeed, sampleAlert, sampleAlertsPage, samplePortfolio } from '../support/mock-feed.js';
import { resetMocks, useMocks } from '../support/msw.js';

/** RIGHT-TO-LEFT OVERRIDE: everything after it, to the end of its scope, is laid out backwards. */
const RLO = '\u202e';

/** Where `word` is on screen, from the first text node under `root` that holds it. */
function rectOf(root: Node, word: string): DOMRect {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(word);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + word.length);
    return range.getBoundingClientRect();
  }
  throw new Error(`"${word}" is not shown`);
}

/** Whether `first` is laid out before `then` as an English reader reads: an earlier line, or further left on the same one. */
function readsBefore(root: Node, first: string, then: string): boolean {
  const a = rectOf(root, first);
  const b = rectOf(root, then);
  return Math.abs(a.top - b.top) < a.height / 2 ? a.left < b.left : a.top < b.top;
}

const inOrder = (root: Node) => readsBefore(root, 'down', 'from') && readsBefore(root, 'from', 'peak');

describe('user text in bidi isolation (names, alert titles and messages)', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('the measurement can tell: an override that is not isolated reverses the words after it', async () => {
    const control = await fixture<HTMLElement>(html`<p style="font: 16px monospace">${`${RLO}evil down 5.2% from peak`}</p>`);
    expect(inOrder(control)).to.equal(false);
  });

  it('<alert-feed> keeps an RTL-override name inside its isolate, in the list and in toasts', async () => {
    // The feed server quotes names in alert titles between FSI and PDI (isolate()).
    const title = `${isolate(`${RLO}exe.png`)} down 5.2% from peak`;
    const listed = sampleAlert({ title, message: `${RLO}a message that overrides`, createdAt: 1_000 });
    const feed = mockFeed({ rest: { '/api/alerts': () => sampleAlertsPage([listed]) } });
    await useMocks(...feed.handlers);
    const provider = await fixture<CryptoDataProvider>(
      html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><alert-feed notifications toast-duration="30"></alert-feed></crypto-data-provider>`,
    );
    const el = provider.querySelector<AlertFeed>('alert-feed')!;
    const item = await waitFor(() => el.shadowRoot!.querySelector<HTMLElement>(`[data-alert="${listed.id}"]`), 'the listed alert');
    const itemTitle = item.querySelector<HTMLElement>('[part~="alert-title"]')!;
    const itemMessage = item.querySelector<HTMLElement>('[part~="message"]')!;
    expect(getComputedStyle(itemTitle).unicodeBidi).to.equal('isolate');
    expect(getComputedStyle(itemMessage).unicodeBidi).to.equal('isolate');
    expect(inOrder(itemTitle)).to.equal(true);
    // The override in the message stays in the message: the time and the buttons keep their places.
    const time = item.querySelector<HTMLElement>('[part~="time"]')!.getBoundingClientRect();
    expect(time.left).to.be.greaterThan(itemTitle.getBoundingClientRect().left);
    const ack = item.querySelector<HTMLElement>('[part~="acknowledge"]')!.getBoundingClientRect();
    const dismiss = item.querySelector<HTMLElement>('[part~="dismiss"]')!.getBoundingClientRect();
    expect(ack.left).to.be.lessThan(dismiss.left);

    await waitFor(() => feed.clientCount === 1, 'the socket');
    const live = sampleAlert({ title, message: `${RLO}live`, createdAt: 2_000 });
    feed.pushAlert(live);
    const toast = await waitFor(() => el.shadowRoot!.querySelector<HTMLElement>(`[data-toast="${live.id}"]`), 'a toast');
    const toastTitle = toast.querySelector<HTMLElement>('[part~="alert-title"]')!;
    expect(getComputedStyle(toastTitle).unicodeBidi).to.equal('isolate');
    expect(getComputedStyle(toast.querySelector<HTMLElement>('[part~="message"]')!).unicodeBidi).to.equal('isolate');
    expect(inOrder(toastTitle)).to.equal(true);
    const close = toast.querySelector<HTMLElement>('button')!.getBoundingClientRect();
    expect(close.left).to.be.greaterThan(toastTitle.getBoundingClientRect().left);
  });

  it('<portfolio-manager> isolates a name inside its sentences (the delete confirmation)', async () => {
    const feed = mockFeed({ rest: { '/api/portfolios': { portfolios: [samplePortfolio('p1', `${RLO}evil`)] }, '/api/assets': { assets: [] } } });
    await useMocks(...feed.handlers);
    const provider = await fixture<CryptoDataProvider>(
      html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}><portfolio-manager></portfolio-manager></crypto-data-provider>`,
    );
    const el = provider.querySelector<PortfolioManager>('portfolio-manager')!;
    const remove = await waitFor(() => el.shadowRoot!.querySelector<HTMLElement>('li[data-id="p1"] [part="delete"]'), 'the portfolio');
    remove.click();
    const confirm = await waitFor(() => el.shadowRoot!.querySelector<HTMLElement>('[part="confirm"] span'), 'the confirmation');
    expect(confirm.querySelector('bdi')!.textContent).to.equal(`${RLO}evil`);
    expect(readsBefore(confirm, 'and', 'its')).to.equal(true);
    expect(readsBefore(confirm, 'its', 'holdings')).to.equal(true);
  });
});
