import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../../chart.js';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import type { PriceChart } from './price-chart.js';

type Args = Pick<PriceChart, 'assetId' | 'timeframe' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

/** A random walk of closes ending now, like the feed's history endpoint answers. */
function history(url: URL) {
  const resolution = url.searchParams.get('resolution') ?? '1m';
  const step = resolution === '1h' ? 3_600_000 : 60_000;
  const count = resolution === '1h' ? 720 : 1440;
  const now = Date.now();
  let price = 64000;
  const points = Array.from({ length: count }, (_, i) => {
    price *= 1 + (Math.sin(i / 37) * 0.6 + (Math.random() - 0.5)) * 0.002;
    return { ts: now - (count - i) * step, price };
  });
  return { assetId: 'BTC', resolution, points };
}

function feed(options: Parameters<typeof mockFeed>[0] = {}) {
  return mockFeed({ rest: { '/api/prices/BTC/history': history, '/api/prices/live': () => ({ prices: [samplePrice('BTC', 64000)], ts: Date.now() }) }, ...options });
}

function ticking(f: ReturnType<typeof mockFeed>) {
  let price = 64000;
  const timer = setInterval(() => {
    price *= 1 + (Math.random() - 0.5) * 0.003;
    f.pushPrice(samplePrice('BTC', price));
  }, 1000);
  return () => clearInterval(timer);
}

const render = (f: ReturnType<typeof mockFeed>) => (args: Args) => html`
  <crypto-data-provider api-url=${f.origin} ws-url=${f.wsUrl} max-reconnect-attempts="2">
    <price-chart asset-id=${args.assetId} timeframe=${args.timeframe} theme=${args.theme} locale=${args.locale} currency=${args.currency} stale-after=${args.staleAfter}></price-chart>
  </crypto-data-provider>`;

const live = feed();
const meta: Meta<Args> = {
  title: 'Widgets/price-chart',
  component: 'price-chart',
  args: { assetId: 'BTC', timeframe: '24h', theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: { timeframe: { control: 'inline-radio', options: ['1h', '24h', '7d', '30d'] }, theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: render(live),
  beforeEach({ msw }) {
    msw.use(...live.handlers);
    return ticking(live);
  },
};
export default meta;
type Story = StoryObj<Args>;

export const Live: Story = {};
export const Week: Story = { args: { timeframe: '7d' } };
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const slow = mockFeed({ rest: { '/api/prices/BTC/history': () => new Promise(() => {}) } });
export const Loading: Story = { render: render(slow), beforeEach({ msw }) { msw.use(...slow.handlers); } };

const quiet = feed();
export const Stale: Story = { args: { staleAfter: 2 }, render: render(quiet), beforeEach({ msw }) { msw.use(...quiet.handlers); } };

const refused = feed({ refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const unavailable = feed({ refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

const broken = mockFeed({ rest: { '/api/prices/BTC/history': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };
