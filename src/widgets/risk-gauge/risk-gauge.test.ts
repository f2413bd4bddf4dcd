import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../define.js';
import { resetPageDefault, type CryptoDataProvider } from '../../core/elements/index.js';
import type { RiskMetrics } from '../../core/protocol/index.js';
import { sharedFeed, waitFor } from '../../../test/support/feed.js';
import { mockFeed, sampleRisk } from '../../../test/support/mock-feed.js';
import { resetMocks, useMocks } from '../../../test/support/msw.js';
import type { RiskLevelChangeEvent } from './events.js';
import type { RiskGauge } from './risk-gauge.js';

const q = (el: RiskGauge, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const text = (el: RiskGauge, selector: string) => q(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const state = (el: RiskGauge) => q(el, '[part="base"]')?.getAttribute('data-state');
const meter = (el: RiskGauge) => q(el, '[role="meter"]');

function riskFeed(risk: RiskMetrics, options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({ rest: { [`/api/portfolios/${risk.portfolioId}/risk`]: () => risk }, ...options });
}

async function mount(feed: ReturnType<typeof mockFeed>, attrs = html`<risk-gauge portfolio-id="p1" locale="en-US"></risk-gauge>`) {
  const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>${attrs}</crypto-data-provider>`);
  return provider.querySelector('risk-gauge')!;
}

describe('<risk-gauge>', () => {
  afterEach(async () => {
    resetMocks();
    resetPageDefault();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('shows the score as a named meter with level and trend in words', async () => {
    const feed = riskFeed(sampleRisk('p1', 62, { trend: 'deteriorating' }));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const m = await waitFor(() => meter(el), 'the meter');
    expect(m.getAttribute('aria-label')).to.equal('Portfolio risk');
    expect(m.getAttribute('aria-valuemin')).to.equal('0');
    expect(m.getAttribute('aria-valuemax')).to.equal('100');
    expect(m.getAttribute('aria-valuenow')).to.equal('62');
    expect(m.getAttribute('aria-valuetext')).to.equal('Risk 62 of 100, high, deteriorating');
    expect(text(el, '[part="score"]')).to.equal('62');
    expect(text(el, '[part="level"]')).to.equal('high');
    expect(text(el, '[part="trend"]')).to.equal('↑ Deteriorating');
    expect(q(el, '[part="base"]')!.getAttribute('data-level')).to.equal('high');
    await waitFor(() => state(el) === 'live', 'live state');
  });

  it('follows risk updates, and a burst of 1,000 in one go ends on the last score', async () => {
    const feed = riskFeed(sampleRisk('p1', 10));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    await waitFor(() => meter(el), 'the meter');
    await waitFor(() => feed.clientCount === 1 && state(el) === 'live', 'socket live');
    for (let i = 1; i <= 1000; i++) feed.pushRisk(sampleRisk('p1', i % 100));
    feed.pushRisk(sampleRisk('p1', 37));
    await waitFor(() => meter(el)!.getAttribute('aria-valuenow') === '37', `the last score, saw ${meter(el)!.getAttribute('aria-valuenow')}`);
    expect(text(el, '[part="level"]')).to.equal('medium');
  });

  it('fires crw-risk-level-change when live data changes the level, not on first load', async () => {
    const feed = riskFeed(sampleRisk('p1', 40));
    await useMocks(...feed.handlers);
    const changes: Array<RiskLevelChangeEvent['detail']> = [];
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}
      @crw-risk-level-change=${(e: RiskLevelChangeEvent) => changes.push(e.detail)}><risk-gauge portfolio-id="p1"></risk-gauge></crypto-data-provider>`);
    const el = provider.querySelector('risk-gauge')!;
    await waitFor(() => feed.clientCount === 1 && state(el) === 'live', 'socket live');
    feed.pushRisk(sampleRisk('p1', 45));
    await waitFor(() => meter(el)!.getAttribute('aria-valuenow') === '45', 'a same-level update');
    expect(changes).to.deep.equal([]);
    feed.pushRisk(sampleRisk('p1', 81));
    await waitFor(() => changes.length === 1, 'the level change event');
    expect(changes[0]).to.deep.equal({ portfolioId: 'p1', from: 'medium', to: 'critical', score: 81 });
    await waitFor(() => text(el, '[role="status"][aria-live="polite"]').includes('critical'), 'the announcement');
    el.portfolioId = 'p1';
    await el.updateComplete;
    expect(changes.length).to.equal(1);
  });

  it('opens and closes the breakdown from the keyboard, with factors, losses and statistics', async () => {
    const feed = riskFeed(sampleRisk('p1', 62, { sharpeRatio: null }));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const toggle = await waitFor(() => q(el, '[part="toggle"]'), 'the disclosure button');
    const panel = q(el, '[part="breakdown"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.getAttribute('aria-controls')).to.equal(panel.id);
    expect(panel.hidden).to.equal(true);
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(panel.hidden).to.equal(false);
    const factors = [...panel.querySelectorAll('[part="factors"] tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(factors).to.deep.equal([
      'Volatility 68.0% 62 18.6',
      'Value at risk 4.5% 62 15.5',
      'Drawdown -31.0% 62 12.4',
      'Concentration 0.46 62 9.3',
      'Correlation 0.72 62 6.2',
    ]);
    expect(panel.querySelector('[data-measure="var"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Value at risk (95%, 1 d) $2,250.00 $2,100.00');
    expect(panel.querySelector('[data-measure="es"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Expected shortfall (95%, 1 d) $3,100.00 $2,900.00');
    expect(panel.querySelector('[data-stat="volatility"]')!.textContent).to.equal('68.0%');
    expect(panel.querySelector('[data-stat="drawdown"]')!.textContent).to.equal('-31.0%');
    expect(panel.querySelector('[data-stat="sharpe"]')!.textContent).to.equal('not available');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(el.expanded).to.equal(false);
  });

  it('moves the needle with a transition only when motion is welcome', async () => {
    const feed = riskFeed(sampleRisk('p1', 50));
    await useMocks(...feed.handlers);
    const el = await mount(feed);
    const needle = await waitFor(() => q(el, '[part="needle"]'), 'the needle');
    expect(needle.style.transform).to.equal('rotate(0deg)');
    expect(getComputedStyle(needle).transitionDuration).to.equal('0.6s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(needle).transitionDuration).to.equal('0s');
  });

  it('says clearly when the portfolio does not exist, and reports an impossible id', async () => {
    const feed = mockFeed({
      rest: { '/api/portfolios/gone/risk': () => new Response('{"error":{"code":"not_found","message":"no such portfolio"}}', { status: 404 }) },
    });
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<risk-gauge portfolio-id="gone"></risk-gauge>`);
    const error = await waitFor(() => q(el, '[part~="status"][data-state="error"]'), 'the error state');
    expect(error.textContent).to.contain('No portfolio with id “gone”.');
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      el.portfolioId = '../etc';
      await el.updateComplete;
      expect(errors.join('\n')).to.contain('portfolio-id="../etc" is not a valid id');
      expect(state(el)).to.equal('error');
      expect(meter(el)).to.equal(null);
    } finally {
      console.error = original;
    }
  });

  it('shows a label containing markup as text', async () => {
    const feed = riskFeed(sampleRisk('p1', 5));
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<risk-gauge portfolio-id="p1" label="<b>Risk</b>"></risk-gauge>`);
    await waitFor(() => meter(el), 'the meter');
    expect(text(el, '.title')).to.equal('<b>Risk</b>');
    expect(el.shadowRoot!.querySelector('b')).to.equal(null);
    expect(q(el, '[part="base"]')!.getAttribute('data-level')).to.equal('low');
  });

  it('passes an accessibility check in light and dark, open and closed', async () => {
    const feed = riskFeed(sampleRisk('p1', 88, { trend: 'improving' }));
    await useMocks(...feed.handlers);
    const el = await mount(feed, html`<risk-gauge portfolio-id="p1" theme="light"></risk-gauge>`);
    await waitFor(() => meter(el), 'the meter');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    el.expanded = true;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('reads a real portfolio\'s risk from the feed server', async () => {
    const feed = await sharedFeed();
    const { portfolios } = (await (await fetch(`${feed.url}/api/portfolios`, { headers: { authorization: `Bearer ${feed.token}` } })).json()) as { portfolios: Array<{ id: string }> };
    const provider = await fixture<CryptoDataProvider>(html`<crypto-data-provider api-url=${feed.url} token=${feed.token!}>
      <risk-gauge portfolio-id=${portfolios[0]!.id} expanded></risk-gauge></crypto-data-provider>`);
    const el = provider.querySelector('risk-gauge')!;
    const m = await waitFor(() => meter(el), 'a risk reading from the server', 20000);
    expect(Number(m.getAttribute('aria-valuenow'))).to.be.within(0, 100);
    expect(m.getAttribute('aria-valuetext')).to.match(/^Risk \d+ of 100, (low|medium|high|critical), (improving|stable|deteriorating)$/);
    expect(el.shadowRoot!.querySelectorAll('[part="factors"] tbody tr').length).to.be.greaterThan(0);
  });
});
