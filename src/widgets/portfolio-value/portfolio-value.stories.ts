import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { mockFeed, samplePortfolioLive } from '../../../test/support/mock-feed.js';
import type { PortfolioValue } from './portfolio-value.js';

type Args = Pick<PortfolioValue, 'portfolioId' | 'allocation' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

const WEIGHTS = { BTC: 0.48, ETH: 0.27, SOL: 0.12, DOGE: 0.08, USDT: 0.05 };

function liveFeed(options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({
    rest: { '/api/portfolios/p1/live': () => samplePortfolioLive('p1', 84250.12, { weights: WEIGHTS, change24hPercent: 1.8 }) },
    ...options,
  });
}

/** Moves the value a little every second, as the feed would. */
function startTicking(feed: ReturnType<typeof mockFeed>): () => void {
  let value = 84250.12;
  const timer = setInterval(() => {
    value *= 1 + (Math.random() - 0.5) * 0.004;
    feed.pushPortfolio(samplePortfolioLive('p1', value, { weights: WEIGHTS, change24hPercent: 1.8 }));
  }, 1000);
  return () => clearInterval(timer);
}

const render = (feed: ReturnType<typeof mockFeed>) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts="2">
    <portfolio-value
      portfolio-id=${args.portfolioId}
      allocation=${args.allocation}
      theme=${args.theme}
      locale=${args.locale}
      currency=${args.currency}
      stale-after=${args.staleAfter}
    ></portfolio-value>
  </crypto-data-provider>`;

const live = liveFeed();

const meta: Meta<Args> = {
  title: 'Widgets/portfolio-value',
  component: 'portfolio-value',
  args: { portfolioId: 'p1', allocation: 'bar', theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: {
    allocation: { control: 'inline-radio', options: ['bar', 'donut'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
  render: render(live),
  beforeEach({ msw }) {
    msw.use(...live.handlers);
    return startTicking(live);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const Donut: Story = { args: { allocation: 'donut' } };
export const Dark: Story = { args: { theme: 'dark', allocation: 'donut' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const slow = liveFeed({ rest: { '/api/portfolios/p1/live': () => new Promise(() => {}) } });
export const Loading: Story = { render: render(slow), beforeEach({ msw }) { msw.use(...slow.handlers); } };

const quiet = liveFeed();
export const Stale: Story = { args: { staleAfter: 2 }, render: render(quiet), beforeEach({ msw }) { msw.use(...quiet.handlers); } };

const refused = liveFeed({ refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const unavailable = liveFeed({ refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

const missing = mockFeed({
  rest: { '/api/portfolios/p404/live': () => new Response('{"error":{"code":"not_found","message":"no such portfolio"}}', { status: 404 }) },
});
export const UnknownPortfolio: Story = { args: { portfolioId: 'p404' }, render: render(missing), beforeEach({ msw }) { msw.use(...missing.handlers); } };

const broken = mockFeed({ rest: { '/api/portfolios/p1/live': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };
