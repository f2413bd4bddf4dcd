import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { RiskTrend } from '../../core/protocol/index.js';
import { mockFeed, sampleRisk } from '../../../test/support/mock-feed.js';
import type { RiskGauge } from './risk-gauge.js';

type Args = Pick<RiskGauge, 'portfolioId' | 'expanded' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

function riskFeed(score = 62, options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({ rest: { '/api/portfolios/p1/risk': () => sampleRisk('p1', score, { trend: 'deteriorating' }) }, ...options });
}

/** Walks the score up and down so the needle moves and the level changes now and then. */
function startDrifting(feed: ReturnType<typeof mockFeed>): () => void {
  let score = 62;
  let last = score;
  const timer = setInterval(() => {
    score = Math.min(100, Math.max(0, score + (Math.random() - 0.5) * 12));
    const trend: RiskTrend = score > last + 1 ? 'deteriorating' : score < last - 1 ? 'improving' : 'stable';
    last = score;
    feed.pushRisk(sampleRisk('p1', Math.round(score), { trend }));
  }, 1500);
  return () => clearInterval(timer);
}

const render = (feed: ReturnType<typeof mockFeed>) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts="2">
    <risk-gauge
      portfolio-id=${args.portfolioId}
      ?expanded=${args.expanded}
      theme=${args.theme}
      locale=${args.locale}
      currency=${args.currency}
      stale-after=${args.staleAfter}
    ></risk-gauge>
  </crypto-data-provider>`;

const live = riskFeed();

const meta: Meta<Args> = {
  title: 'Widgets/risk-gauge',
  component: 'risk-gauge',
  args: { portfolioId: 'p1', expanded: false, theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: render(live),
  beforeEach({ msw }) {
    msw.use(...live.handlers);
    return startDrifting(live);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const Breakdown: Story = { args: { expanded: true } };
export const Dark: Story = { args: { theme: 'dark', expanded: true } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR', expanded: true } };

const low = riskFeed(12);
export const Low: Story = { render: render(low), beforeEach({ msw }) { msw.use(...low.handlers); } };

const critical = riskFeed(91);
export const Critical: Story = { render: render(critical), beforeEach({ msw }) { msw.use(...critical.handlers); } };

const slow = riskFeed(62, { rest: { '/api/portfolios/p1/risk': () => new Promise(() => {}) } });
export const Loading: Story = { render: render(slow), beforeEach({ msw }) { msw.use(...slow.handlers); } };

const quiet = riskFeed();
export const Stale: Story = { args: { staleAfter: 2 }, render: render(quiet), beforeEach({ msw }) { msw.use(...quiet.handlers); } };

const refused = riskFeed(62, { refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const unavailable = riskFeed(62, { refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

const broken = mockFeed({ rest: { '/api/portfolios/p1/risk': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };
