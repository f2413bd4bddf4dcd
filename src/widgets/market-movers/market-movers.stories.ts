import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { http } from 'msw';
import { mockFeed, sampleMovers, samplePrice, sampleSentiment } from '../../../test/support/mock-feed.js';
import type { Price } from '../../core/protocol/index.js';
import type { MarketMovers } from './market-movers.js';

type Args = Pick<MarketMovers, 'count' | 'refreshInterval' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

const MARKET: Price[] = [
  samplePrice('BTC', 64210.55, 2.31),
  samplePrice('ETH', 3120.4, -1.12),
  samplePrice('SOL', 148.72, 5.6),
  samplePrice('DOGE', 0.1234, -3.4),
  samplePrice('ADA', 0.452, 0.8),
  samplePrice('XRP', 0.512, -0.6),
  samplePrice('AVAX', 35.2, 3.9),
  samplePrice('LINK', 14.1, -2.2),
];

/** A mocked feed with the market above: REST snapshots, all prices, and a tick every 700 ms. */
function marketFeed(options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({
    ...options,
    rest: {
      '/api/market/sentiment': () => sampleSentiment({ sentiment: 'bullish', breadth: 0, capWeightedChangePercent: 1.4 }),
      '/api/market/movers': (url: URL) => sampleMovers(MARKET, Number(url.searchParams.get('n') ?? 5)),
      '/api/prices/live': () => ({ prices: MARKET, ts: Date.now() }),
      ...options.rest,
    },
  });
}

function startTicking(feed: ReturnType<typeof mockFeed>): () => void {
  const current = new Map(MARKET.map((p) => [p.assetId, p]));
  const timer = setInterval(() => {
    for (const [id, p] of current) {
      const change = p.changePercent24h + (Math.random() - 0.5) * 0.6;
      const next = samplePrice(id, p.price * (1 + (change - p.changePercent24h) / 100), change);
      current.set(id, next);
      feed.pushPrice(next);
    }
  }, 700);
  return () => clearInterval(timer);
}

const render = (feed: ReturnType<typeof mockFeed>) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts="2">
    <market-movers
      count=${args.count}
      refresh-interval=${args.refreshInterval}
      theme=${args.theme}
      locale=${args.locale}
      currency=${args.currency}
      stale-after=${args.staleAfter}
    ></market-movers>
  </crypto-data-provider>`;

const live = marketFeed();

const meta: Meta<Args> = {
  title: 'Widgets/market-movers',
  component: 'market-movers',
  args: { count: 3, refreshInterval: 15, theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: render(live),
  beforeEach({ msw }) {
    msw.use(...live.handlers);
    return startTicking(live);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const FiveEach: Story = { args: { count: 5 } };
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const slow = marketFeed();
const never = (path: string) => http.get(`${slow.origin}${path}`, () => new Promise<never>(() => {}));
export const Loading: Story = {
  render: render(slow),
  beforeEach({ msw }) { msw.use(never('/api/market/sentiment'), never('/api/market/movers'), never('/api/prices/live'), ...slow.handlers); },
};

const quiet = marketFeed();
export const Stale: Story = { args: { staleAfter: 2 }, render: render(quiet), beforeEach({ msw }) { msw.use(...quiet.handlers); } };

const refused = marketFeed({ refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const unavailable = marketFeed({ refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

const down = () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 });
const broken = mockFeed({ refuseSocket: true, rest: { '/api/market/sentiment': down, '/api/market/movers': down, '/api/prices/live': down } });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };
