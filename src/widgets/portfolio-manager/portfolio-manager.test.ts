import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import type { Asset, Portfolio } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, samplePortfolio } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { PortfolioCreatedEvent, PortfolioDeletedEvent, PortfolioSelectEvent, PortfolioUpdatedEvent } from './events.js';
import type { PortfolioManager } from './portfolio-manager.js';

const ASSETS: Asset[] = [
  { id: 'BTC', name: 'Bitcoin', category: 'currency', circulatingSupply: 19e6 },
  { id: 'ETH', name: 'Ethereum', category: 'platform', circulatingSupply: 120e6 },
];

type Answer = Response | undefined;
interface ServerOptions {
  /** Return a Response to refuse the request; undefined lets it through. */
  onCreate?: (body: { name: string }) => Answer;
  onPatch?: (id: string) => Answer;
  onDelete?: (id: string) => Answer;
  /** Resolves when the server may answer writes. */
  gate?: Promise<void>;
}

/** A mocked feed whose portfolios endpoints keep state, like the real server. */
function portfolioServer(initial: Portfolio[], options: ServerOptions = {}) {
  const feed = mockFeed({ rest: { '/api/assets': { assets: ASSETS } } });
  const server = { list: [...initial], writes: 0 };
  let next = 100;
  const o = feed.origin;
  const handlers = [
    http.get(`${o}/api/portfolios`, () => HttpResponse.json({ portfolios: server.list })),
    http.post(`${o}/api/portfolios`, async ({ request }) => {
      server.writes++;
      const body = (await request.json()) as Pick<Portfolio, 'name' | 'holdings'>;
      await options.gate;
      const refused = options.onCreate?.(body);
      if (refused) return refused;
      const created = samplePortfolio(`p${++next}`, body.name, body.holdings);
      server.list = [...server.list, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch(`${o}/api/portfolios/:id`, async ({ request, params }) => {
      server.writes++;
      const patch = (await request.json()) as Partial<Portfolio>;
      await options.gate;
      const refused = options.onPatch?.(String(params['id']));
      if (refused) return refused;
      const updated = { ...server.list.find((p) => p.id === params['id'])!, ...patch };
      server.list = server.list.map((p) => (p.id === updated.id ? updated : p));
      return HttpResponse.json(updated);
    }),
    http.delete(`${o}/api/portfolios/:id`, async ({ params }) => {
      server.writes++;
      await options.gate;
      const refused = options.onDelete?.(String(params['id']));
      if (refused) return refused;
      server.list = server.list.filter((p) => p.id !== params['id']);
      return new HttpResponse(null, { status: 204 });
    }),
  ];
  return { feed, server, handlers: [...handlers, ...feed.handlers] };
}

const errorBody = (status: number, code: string, message: string, issues?: Array<{ path: string; message: string }>) =>
  new Response(JSON.stringify({ error: { code, message, issues } }), { status, headers: { 'content-type': 'application/json' } });

const q = <E extends Element = HTMLElement>(el: PortfolioManager, selector: string) => el.shadowRoot!.querySelector<E & HTMLElement>(selector);
const names = (el: PortfolioManager) => [...el.shadowRoot!.querySelectorAll('.item-name')].map((n) => n.textContent);
const item = (el: PortfolioManager, id: string) => q(el, `li[data-id="${id}"]`);
const focused = (el: PortfolioManager) => el.shadowRoot!.activeElement;

function type(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function mount(setup: ReturnType<typeof portfolioServer>) {
  await useMocks(...setup.handlers);
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${setup.feed.origin} ws-url=${setup.feed.wsUrl}>
    <portfolio-manager locale="en-US"></portfolio-manager></crypto-data-provider>`);
  const el = provider.querySelector('portfolio-manager')!;
  await waitFor(() => el.shadowRoot!.querySelector('[part="list"]'), 'the list');
  return el;
}

async function openCreate(el: PortfolioManager) {
  q(el, '[part="new"]')!.click();
  await waitFor(() => q(el, '[part="editor"] select'), 'the editor with asset choices');
}

describe('<portfolio-manager>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('lists portfolios and lets the user pick one with the mouse or the keyboard', async () => {
    const el = await mount(portfolioServer([samplePortfolio('p1', 'Main'), samplePortfolio('p2', 'Savings', [])]));
    expect(names(el)).to.deep.equal(['Main', 'Savings']);
    expect(item(el, 'p1')!.textContent).to.contain('3 holdings');
    expect(item(el, 'p2')!.textContent).to.contain('0 holdings');
    const picked: Array<PortfolioSelectEvent['detail']> = [];
    el.addEventListener('crw-portfolio-select', (e) => picked.push(e.detail));
    item(el, 'p2')!.querySelector<HTMLElement>('[part="select"]')!.click();
    await el.updateComplete;
    expect(el.selected).to.equal('p2');
    expect(item(el, 'p2')!.querySelector('[part="select"]')!.getAttribute('aria-pressed')).to.equal('true');
    item(el, 'p1')!.querySelector<HTMLElement>('[part="select"]')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(picked).to.deep.equal([{ portfolioId: 'p2' }, { portfolioId: 'p1' }]);
    el.selected = 'p2';
    await el.updateComplete;
    expect(picked.length).to.equal(2);
  });

  it('creates a portfolio optimistically, then focuses it once the server confirms', async () => {
    let release: () => void = () => {};
    const setup = portfolioServer([samplePortfolio('p1', 'Main')], { gate: new Promise<void>((r) => (release = r)) });
    const el = await mount(setup);
    const created: Array<PortfolioCreatedEvent['detail']> = [];
    el.addEventListener('crw-portfolio-created', (e) => created.push(e.detail));
    await openCreate(el);
    expect(focused(el)).to.equal(q(el, '#field-name'));
    type(q<HTMLInputElement>(el, '#field-name')!, 'Trading');
    type(q<HTMLSelectElement>(el, '#field-holdings-0-assetId')!, 'ETH');
    type(q<HTMLInputElement>(el, '#field-holdings-0-quantity')!, '2');
    type(q<HTMLInputElement>(el, '#field-holdings-0-costBasis')!, '5000');
    q(el, '[part="save"]')!.click();
    await waitFor(() => names(el).includes('Trading'), 'the optimistic item');
    expect(q(el, 'li.pending')).to.not.equal(null);
    expect(created).to.deep.equal([]);
    release();
    await waitFor(() => created.length === 1, 'the created event');
    expect(created[0]!.portfolio).to.include({ id: 'p101', name: 'Trading' });
    expect(created[0]!.portfolio.holdings).to.deep.equal([{ assetId: 'ETH', quantity: 2, costBasis: 5000 }]);
    await waitFor(() => focused(el) === item(el, 'p101')?.querySelector('[part="select"]'), 'focus on the new item');
    expect(q(el, '[part="editor"]')).to.equal(null);
  });

  it('checks the form before sending and ties each message to its field', async () => {
    const setup = portfolioServer([]);
    const el = await mount(setup);
    expect(q(el, '.empty')!.textContent).to.contain('No portfolios yet');
    await openCreate(el);
    type(q<HTMLInputElement>(el, '#field-name')!, '   ');
    type(q<HTMLInputElement>(el, '#field-holdings-0-quantity')!, '-1');
    q(el, '[part="save"]')!.click();
    await el.updateComplete;
    expect(setup.server.writes).to.equal(0);
    const name = q<HTMLInputElement>(el, '#field-name')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, `#${name.getAttribute('aria-describedby')}`)!.textContent).to.equal('must not be empty');
    const asset = q(el, '#field-holdings-0-assetId')!;
    expect(q(el, `#${asset.getAttribute('aria-describedby')}`)!.textContent).to.equal('Choose an asset');
    const quantity = q(el, '#field-holdings-0-quantity')!;
    expect(q(el, `#${quantity.getAttribute('aria-describedby')}`)!.textContent).to.equal('must be more than 0');
    const cost = q(el, '#field-holdings-0-costBasis')!;
    expect(q(el, `#${cost.getAttribute('aria-describedby')}`)!.textContent).to.equal('Enter a number');
    expect(focused(el)).to.equal(name);
    type(name, 'Fixed');
    await el.updateComplete;
    expect(name.hasAttribute('aria-invalid')).to.equal(false);
    expect(name.hasAttribute('aria-describedby')).to.equal(false);
  });

  it('rolls back a refused create and shows the server\'s issues next to the fields', async () => {
    const setup = portfolioServer([samplePortfolio('p1', 'Main')], {
      onCreate: () => errorBody(400, 'validation_failed', 'invalid body', [{ path: 'holdings.0.quantity', message: 'is more than exists' }]),
    });
    const el = await mount(setup);
    await openCreate(el);
    type(q<HTMLInputElement>(el, '#field-name')!, 'Whale');
    type(q<HTMLSelectElement>(el, '#field-holdings-0-assetId')!, 'BTC');
    type(q<HTMLInputElement>(el, '#field-holdings-0-quantity')!, '99999999');
    type(q<HTMLInputElement>(el, '#field-holdings-0-costBasis')!, '1');
    q(el, '[part="save"]')!.click();
    const message = await waitFor(() => q(el, '[part="editor"] [role="alert"]'), 'the failure message');
    expect(message.textContent).to.equal('Could not create “Whale”: the server found problems in the marked fields.');
    await waitFor(() => names(el).join() === 'Main', `the rolled-back list, saw ${names(el).join()}`);
    const quantity = q(el, '#field-holdings-0-quantity')!;
    expect(quantity.getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, `#${quantity.getAttribute('aria-describedby')}`)!.textContent).to.equal('is more than exists');
    expect(q<HTMLInputElement>(el, '#field-name')!.value).to.equal('Whale');
  });

  it('renames optimistically, and rolls back with a message when the server refuses', async () => {
    let refuse = false;
    const setup = portfolioServer([samplePortfolio('p1', 'Main')], { onPatch: () => (refuse ? errorBody(409, 'conflict', 'edited elsewhere') : undefined) });
    const el = await mount(setup);
    const updated: Array<PortfolioUpdatedEvent['detail']> = [];
    el.addEventListener('crw-portfolio-updated', (e) => updated.push(e.detail));
    const rename = async (to: string) => {
      item(el, 'p1')!.querySelector<HTMLElement>('[part="edit"]')!.click();
      await waitFor(() => q(el, '#field-name'), 'the editor');
      type(q<HTMLInputElement>(el, '#field-name')!, to);
      await sendKeys({ press: 'Enter' });
    };
    await rename('Long term');
    await waitFor(() => updated.length === 1, 'the updated event');
    expect(updated[0]!.portfolio.name).to.equal('Long term');
    expect(names(el)).to.deep.equal(['Long term']);
    await waitFor(() => focused(el) === item(el, 'p1')!.querySelector('[part="select"]'), 'focus back on the item');
    refuse = true;
    await rename('Short term');
    const message = await waitFor(() => q(el, '[part="editor"] [role="alert"]'), 'the failure message');
    expect(message.textContent).to.equal('Could not save “Short term”: the server reported a conflict (edited elsewhere).');
    await waitFor(() => names(el).join() === 'Long term', 'the rolled-back name');
    expect(updated.length).to.equal(1);
  });

  it('adds and removes holding rows and cancels with Escape', async () => {
    const el = await mount(portfolioServer([samplePortfolio('p1', 'Main')]));
    item(el, 'p1')!.querySelector<HTMLElement>('[part="edit"]')!.click();
    await waitFor(() => q(el, '[part="editor"] select'), 'the editor');
    expect(el.shadowRoot!.querySelectorAll('[part="holdings"] tbody tr').length).to.equal(3);
    q(el, '[part="add-holding"]')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part="holdings"] tbody tr').length).to.equal(4);
    expect(focused(el)).to.equal(q(el, '#field-holdings-3-assetId'));
    q(el, '[data-row="0"] [part="remove-holding"]')!.click();
    await el.updateComplete;
    expect(q<HTMLSelectElement>(el, '#field-holdings-0-assetId')!.value).to.equal('ETH');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(q(el, '[part="editor"]')).to.equal(null);
    expect(focused(el)).to.equal(item(el, 'p1')!.querySelector('[part="edit"]'));
  });

  it('deletes after an inline confirmation, keeps focus on the list, and rolls back on failure', async () => {
    let refuse = true;
    const setup = portfolioServer([samplePortfolio('p1', 'Main'), samplePortfolio('p2', 'Old')], {
      onDelete: () => (refuse ? errorBody(503, 'internal', 'down') : undefined),
    });
    const el = await mount(setup);
    const deleted: Array<PortfolioDeletedEvent['detail']> = [];
    el.addEventListener('crw-portfolio-deleted', (e) => deleted.push(e.detail));
    const askDelete = async () => {
      item(el, 'p2')!.querySelector<HTMLElement>('[part="delete"]')!.click();
      await waitFor(() => focused(el) === q(el, '[part="cancel-delete"]'), 'focus on Keep');
    };
    await askDelete();
    expect(q(el, '[part="confirm"]')!.textContent).to.contain('Delete “Old” and its holdings?');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => focused(el) === item(el, 'p2')!.querySelector('[part="delete"]'), 'focus back on Delete');
    expect(q(el, '[part="confirm"]')).to.equal(null);

    // The transient 503 is retried before failing, so this one takes a few seconds.
    await askDelete();
    q(el, '[part="confirm-delete"]')!.click();
    await waitFor(() => names(el).join() === 'Main', 'the optimistic removal');
    expect(focused(el)).to.equal(q(el, '[part="list"]'));
    const message = await waitFor(() => q(el, '[part~="message"][role="alert"]'), 'the failure message', 25000);
    expect(message.textContent).to.contain('Could not delete “\u2068Old\u2069”: the data service had a problem.');
    await waitFor(() => names(el).join() === 'Main,Old', 'the rolled-back list');
    expect(deleted).to.deep.equal([]);

    refuse = false;
    await askDelete();
    q(el, '[part="confirm-delete"]')!.click();
    await waitFor(() => deleted.length === 1, 'the deleted event');
    expect(deleted[0]).to.deep.equal({ portfolioId: 'p2' });
    expect(names(el)).to.deep.equal(['Main']);
  }).timeout(40000);

  it('shows names containing markup as text', async () => {
    const el = await mount(portfolioServer([samplePortfolio('p1', '<img src=x onerror=alert(1)>Main<script>x()</script>')]));
    expect(names(el)).to.deep.equal(['<img src=x onerror=alert(1)>Main<script>x()</script>']);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
  });

  it('shows a readable error with a retry when the list cannot be loaded', async () => {
    const feed = mockFeed({ rest: { '/api/portfolios': () => errorBody(400, 'bad_request', 'nope') }, refuseSocket: true });
    await useMocks(...feed.handlers);
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>
      <portfolio-manager></portfolio-manager></crypto-data-provider>`);
    const el = provider.querySelector('portfolio-manager')!;
    const error = await waitFor(() => q(el, '[part~="status"][data-state="error"]'), 'the error state');
    expect(error.textContent).to.contain('Could not load data');
    expect(error.querySelector('button')!.textContent).to.equal('Retry');
  });

  it('passes an accessibility check in light and dark, with the form showing errors', async () => {
    const el = await mount(portfolioServer([samplePortfolio('p1', 'Main'), samplePortfolio('p2', 'Savings')]));
    el.theme = 'light';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    await openCreate(el);
    q(el, '[part="save"]')!.click();
    item(el, 'p2')!.querySelector<HTMLElement>('[part="delete"]')!.click();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('creates and deletes a portfolio on the real feed server', async () => {
    const feed = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} token=${feed.token!}>
      <portfolio-manager></portfolio-manager></crypto-data-provider>`);
    const el = provider.querySelector('portfolio-manager')!;
    await waitFor(() => names(el).length > 0, 'the seeded portfolios', 20000);
    const created: Array<PortfolioCreatedEvent['detail']> = [];
    const deleted: Array<PortfolioDeletedEvent['detail']> = [];
    el.addEventListener('crw-portfolio-created', (e) => created.push(e.detail));
    el.addEventListener('crw-portfolio-deleted', (e) => deleted.push(e.detail));
    await openCreate(el);
    const name = `Test ${Date.now()}`;
    type(q<HTMLInputElement>(el, '#field-name')!, name);
    type(q<HTMLSelectElement>(el, '#field-holdings-0-assetId')!, 'BTC');
    type(q<HTMLInputElement>(el, '#field-holdings-0-quantity')!, '0.25');
    type(q<HTMLInputElement>(el, '#field-holdings-0-costBasis')!, '10000');
    q(el, '[part="save"]')!.click();
    await waitFor(() => created.length === 1, 'the server to create it', 20000);
    const id = created[0]!.portfolio.id;
    await waitFor(() => item(el, id), 'the new item in the list');
    item(el, id)!.querySelector<HTMLElement>('[part="delete"]')!.click();
    await waitFor(() => q(el, '[part="confirm-delete"]'), 'the confirmation');
    q(el, '[part="confirm-delete"]')!.click();
    await waitFor(() => deleted.length === 1, 'the server to delete it', 20000);
    expect(item(el, id)).to.equal(null);
  });
});
