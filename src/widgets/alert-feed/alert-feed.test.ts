import { expect, fixture, html } from '@open-wc/testing';
import { http } from 'msw';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import type { Alert } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, sampleAlert, sampleAlertsPage } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { AlertFeed } from './alert-feed.js';
import type { AlertEvent } from './events.js';

const root = (feed: AlertFeed) => feed.shadowRoot!;
const state = (feed: AlertFeed) => root(feed).querySelector('[part="base"]')?.getAttribute('data-state');
const items = (feed: AlertFeed) => [...root(feed).querySelectorAll<HTMLElement>('[part="list"] [data-alert]')];
const ids = (feed: AlertFeed) => items(feed).map((li) => li.dataset.alert);
const item = (feed: AlertFeed, id: string) => root(feed).querySelector<HTMLElement>(`[data-alert="${id}"]`);
const button = (feed: AlertFeed, id: string, part: string) => item(feed, id)!.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!;

function alertsFeed(alerts: Alert[], options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({
    ...options,
    // msw takes the first matching handler, so specific answers go before the catch-all ack.
    rest: {
      ...options.rest,
      '/api/alerts': () => sampleAlertsPage(alerts),
      '/api/alerts/:id/ack': () => new Response(null, { status: 204 }),
    },
  });
}

async function mount(feed: ReturnType<typeof mockFeed>, element = html`<alert-feed locale="en-US"></alert-feed>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${element}</crypto-data-provider>`);
  return provider.querySelector('alert-feed')!;
}

async function live(feed: ReturnType<typeof mockFeed>, el: AlertFeed) {
  await waitFor(() => feed.clientCount === 1 && state(el) === 'live', `live state, saw ${state(el)}`);
}

function captureErrors(): { errors: string[]; restore: () => void } {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(' '));
  return { errors, restore: () => (console.error = original) };
}

describe('<alert-feed>', () => {
  afterEach(() => {
    resetMocks();
    resetPageDefault();
  });

  it('shows skeletons, then the alerts newest first with severity as icon and word', async () => {
    const older = sampleAlert({ severity: 'info', title: 'Older', createdAt: 1_000 });
    const newer = sampleAlert({ severity: 'critical', title: 'Newer', createdAt: 2_000 });
    const feed = alertsFeed([older, newer]);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    expect(['loading', 'live']).to.include(state(el));
    await waitFor(() => items(el).length === 2, 'two alerts');
    expect(ids(el)).to.deep.equal([newer.id, older.id]);
    const severity = item(el, newer.id)!.querySelector('[part~="severity"]')!;
    expect(severity.textContent!.trim()).to.equal('Critical');
    expect(severity.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(item(el, older.id)!.getAttribute('part')).to.contain('info');
    expect(root(el).querySelector('.counts')!.textContent).to.equal('2 shown · 2 unacknowledged');
  });

  it('keeps markup in titles and messages as text', async () => {
    const alert = sampleAlert({ title: '<img src=x onerror=alert(1)>', message: '<b>bold</b> & <script>x()</script>' });
    const feed = alertsFeed([alert]);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => item(el, alert.id), 'the alert');
    expect(item(el, alert.id)!.querySelector('[part~="alert-title"]')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(item(el, alert.id)!.querySelector('[part~="message"]')!.textContent).to.equal('<b>bold</b> & <script>x()</script>');
    expect(root(el).querySelector('img, b, script')).to.equal(null);
  });

  it('adds live alerts on top, fires crw-alert only for them, and a burst of 1,000 ends on the last', async () => {
    const first = sampleAlert({ title: 'Already there' });
    const feed = alertsFeed([first]);
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const heard: Array<AlertEvent['detail']> = [];
    el.addEventListener('crw-alert', (e) => heard.push(e.detail));
    await live(feed, el);
    expect(heard).to.deep.equal([]);
    const fresh = sampleAlert({ severity: 'critical', title: 'Fresh' });
    feed.pushAlert(fresh);
    await waitFor(() => ids(el)[0] === fresh.id, 'the live alert on top');
    await waitFor(() => heard.length === 1, 'crw-alert');
    expect(heard[0]!.alert).to.deep.equal(fresh);
    await waitFor(() => root(el).querySelector('[role="status"][aria-live="polite"]')!.textContent === 'New critical alert: Fresh', 'announcement');

    const burst = Array.from({ length: 1000 }, (_, i) => sampleAlert({ title: `Burst ${i + 1}`, createdAt: Date.now() + i }));
    for (const alert of burst) feed.pushAlert(alert);
    await waitFor(() => ids(el)[0] === burst[999]!.id, `last of the burst on top, saw ${ids(el)[0]}`);
    expect(items(el).length).to.equal(100);
  });

  it('keeps at most max-items, and the severity filter works from attribute and keyboard', async () => {
    const alerts = [
      sampleAlert({ severity: 'info', createdAt: 1 }),
      sampleAlert({ severity: 'warning', createdAt: 2 }),
      sampleAlert({ severity: 'critical', createdAt: 3 }),
      sampleAlert({ severity: 'critical', createdAt: 4 }),
    ];
    const feed = alertsFeed(alerts);
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<alert-feed max-items="3" severity="critical"></alert-feed>`);
    await waitFor(() => items(el).length === 2, 'critical alerts only');
    el.severity = 'all';
    await waitFor(() => items(el).length === 3, 'three alerts (max-items)');
    expect(ids(el)).to.deep.equal([alerts[3]!.id, alerts[2]!.id, alerts[1]!.id]);

    const select = root(el).querySelector('select')!;
    expect(select.labels![0]!.textContent).to.contain('Show');
    select.focus();
    select.value = 'warning';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.severity).to.equal('warning');
    expect(ids(el)).to.deep.equal([alerts[1]!.id]);
    select.value = 'info';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(root(el).querySelector('[part="empty"]:not([hidden])')!.textContent).to.equal('No info alerts.');
  });

  it('names wrong attributes and falls back instead of throwing', async () => {
    const feed = alertsFeed([sampleAlert()]);
    await useMocks(...feed.handlers);
    const { errors, restore } = captureErrors();
    try {
      const el = await mount(feed, html`<alert-feed max-items="lots" severity="loud" toast-duration="-1"></alert-feed>`);
      await waitFor(() => items(el).length === 1, 'the alert');
      expect(el.severity).to.equal('all');
      const log = errors.join('\n');
      expect(log).to.contain('max-items="NaN"');
      expect(log).to.contain('severity="loud"');
      expect(log).to.contain('toast-duration="-1"');
    } finally {
      restore();
    }
  });

  it('acknowledges at once, and rolls back with a message when the server refuses', async () => {
    const good = sampleAlert({ title: 'Good' });
    const bad = sampleAlert({ title: 'Bad' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const feed = alertsFeed([good, bad], {
      rest: { [`/api/alerts/${bad.id}/ack`]: () => new Response('{"error":{"code":"conflict","message":"Alert is closed"}}', { status: 409 }) },
    });
    // Held until released, to see the optimistic state (the mock feed's answers are synchronous).
    const held = http.post(`${feed.origin}/api/alerts/${good.id}/ack`, () => gate.then(() => new Response(null, { status: 204 })));
    await useMocks(held, ...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => items(el).length === 2, 'alerts');

    button(el, good.id, 'acknowledge').click();
    await waitFor(() => button(el, good.id, 'acknowledge').textContent === 'Acknowledged', 'optimistic acknowledgement');
    await new Promise((r) => setTimeout(r, 100));
    expect(button(el, good.id, 'acknowledge').textContent).to.equal('Acknowledged');
    release();
    await waitFor(() => button(el, good.id, 'acknowledge').getAttribute('aria-label') === 'Acknowledged: Good', 'settled');

    button(el, bad.id, 'acknowledge').click();
    const notice = await waitFor(() => root(el).querySelector('[part="notice"]'), 'failure message');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent).to.contain('Could not acknowledge “Bad”: Alert is closed.');
    expect(button(el, bad.id, 'acknowledge').textContent).to.equal('Acknowledge');
    expect(button(el, bad.id, 'acknowledge').hasAttribute('aria-disabled')).to.equal(false);
  });

  it('dismisses an alert for this element only, keeping focus nearby', async () => {
    const a = sampleAlert({ createdAt: 3 });
    const b = sampleAlert({ createdAt: 2 });
    const feed = alertsFeed([a, b]);
    await useMocks(...feed.handlers);
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>
      <alert-feed></alert-feed><alert-feed></alert-feed></crypto-data-provider>`);
    const [one, two] = [...provider.querySelectorAll('alert-feed')] as [AlertFeed, AlertFeed];
    await waitFor(() => items(one).length === 2 && items(two).length === 2, 'alerts in both');
    button(one, a.id, 'dismiss').focus();
    button(one, a.id, 'dismiss').click();
    await one.updateComplete;
    await one.updateComplete;
    expect(ids(one)).to.deep.equal([b.id]);
    expect(ids(two)).to.deep.equal([a.id, b.id]);
    expect(one.shadowRoot!.activeElement).to.equal(button(one, b.id, 'dismiss'));
  });

  it('shows toasts for new alerts that hide themselves, pause while pointed at, and stay few', async () => {
    const feed = alertsFeed([]);
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<alert-feed notifications toast-duration="0.4"></alert-feed>`);
    await live(feed, el);
    const region = root(el).querySelector<HTMLElement>('[part="toasts"]')!;
    expect(region.getAttribute('role')).to.equal('status');
    const toasts = () => [...region.querySelectorAll<HTMLElement>('[data-toast]')];

    const alert = sampleAlert({ title: '<i>toast</i>' });
    feed.pushAlert(alert);
    await waitFor(() => toasts().length === 1, 'a toast');
    expect(toasts()[0]!.querySelector('[part~="alert-title"]')!.textContent).to.equal('<i>toast</i>');
    region.dispatchEvent(new MouseEvent('mouseenter'));
    await new Promise((r) => setTimeout(r, 700));
    expect(toasts().length).to.equal(1);
    region.dispatchEvent(new MouseEvent('mouseleave'));
    await waitFor(() => toasts().length === 0, 'the toast hid itself', 3000);

    for (let i = 0; i < 5; i++) feed.pushAlert(sampleAlert({ createdAt: Date.now() + i }));
    await waitFor(() => toasts().length > 0, 'toasts of the burst');
    expect(toasts().length).to.equal(3);
  });

  it('lays a toast out with its title above its message, never over it', async () => {
    const feed = alertsFeed([]);
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<alert-feed notifications toast-duration="30"></alert-feed>`);
    await live(feed, el);
    feed.pushAlert(sampleAlert({ title: 'Balanced down 5.2% from peak', message: 'Balanced is worth $41,000.00, 5.20% below its peak of $43,250.00.' }));
    const toast = await waitFor(() => root(el).querySelector<HTMLElement>('[data-toast]'), 'a toast');
    const title = toast.querySelector('[part~="alert-title"]')!.getBoundingClientRect();
    const message = toast.querySelector('[part~="message"]')!.getBoundingClientRect();
    expect(title.height).to.be.greaterThan(0);
    expect(message.height).to.be.greaterThan(0);
    expect(title.bottom).to.be.at.most(message.top + 0.5);
  });

  it('shows a readable error with a retry when the feed refuses the request', async () => {
    // A 4xx is not retried, so the error shows at once (5xx retries pause while the test page is in the background).
    const feed = mockFeed({ rest: { '/api/alerts': () => new Response('{"error":{"code":"forbidden","message":"Alerts are not shared with this page"}}', { status: 403 }) }, refuseSocket: true });
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const error = await waitFor(() => root(el).querySelector('[part~="status"][data-state="error"]'), 'error state');
    expect(error.textContent).to.contain('Could not load data: Alerts are not shared with this page');
    expect(error.querySelector('button')!.textContent).to.equal('Retry');
    expect(root(el).querySelector('[part="list"]')).to.equal(null);
  });

  it('passes an accessibility check in light and dark, with toasts', async () => {
    const feed = alertsFeed([sampleAlert({ severity: 'info' }), sampleAlert({ severity: 'warning' }), sampleAlert({ severity: 'critical' })]);
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<alert-feed notifications theme="light"></alert-feed>`);
    await live(feed, el);
    feed.pushAlert(sampleAlert({ severity: 'critical', title: 'Toast' }));
    await waitFor(() => root(el).querySelector('[data-toast]'), 'a toast');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('lists alerts from the real feed server', async () => {
    const server = await sharedFeed();
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${server.url}><alert-feed></alert-feed></crypto-data-provider>`);
    const el = provider.querySelector('alert-feed')!;
    await waitFor(() => state(el) === 'live', `live alerts from the server, saw ${state(el)}`, 20000);
    expect(root(el).querySelector('[part="list"], [part="empty"]:not([hidden])')).to.not.equal(null);
  });
});
