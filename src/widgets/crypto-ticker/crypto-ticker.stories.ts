import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import type { CryptoTicker } from './crypto-ticker.js';

type Args = Pick<CryptoTicker, 'symbols' | 'layout' | 'showSparkline' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

const PRICES = [
  samplePrice('BTC', 64210.55, 2.31),
  samplePrice('ETH', 3120.4, -1.12),
  samplePrice('SOL', 148.72, 5.6),
  samplePrice('DOGE', 0.1234, -3.4),
];

/** A mocked feed that serves the prices above and then ticks them every 700 ms. */
function liveFeed(options: Parameters<typeof mockFeed>[0] = {}) {
  const feed = mockFeed({
    rest: { '/api/prices/live': (url: URL) => ({ prices: PRICES.filter((p) => (url.searchParams.get('ids') ?? '').split(',').includes(p.assetId)), ts: Date.now() }) },
    ...options,
  });
  return feed;
}

function startTicking(feed: ReturnType<typeof mockFeed>): () => void {
  const current = new Map(PRICES.map((p) => [p.assetId, p.price]));
  const timer = setInterval(() => {
    for (const [id, value] of current) {
      const next = value * (1 + (Math.random() - 0.5) * 0.004);
      current.set(id, next);
      feed.pushPrice(samplePrice(id, next, PRICES.find((p) => p.assetId === id)!.changePercent24h));
    }
  }, 700);
  return () => clearInterval(timer);
}

const render = (feed: ReturnType<typeof mockFeed>) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts="2">
    <crypto-ticker
      symbols=${args.symbols}
      layout=${args.layout}
      ?show-sparkline=${args.showSparkline}
      theme=${args.theme}
      locale=${args.locale}
      currency=${args.currency}
      stale-after=${args.staleAfter}
    ></crypto-ticker>
  </crypto-data-provider>`;

const live = liveFeed();

const meta: Meta<Args> = {
  title: 'Widgets/crypto-ticker',
  component: 'crypto-ticker',
  args: { symbols: 'BTC,ETH,SOL,DOGE', layout: 'list', showSparkline: true, theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: {
    layout: { control: 'inline-radio', options: ['list', 'card', 'tape'] },
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
export const Cards: Story = { args: { layout: 'card' } };
export const Tape: Story = { args: { layout: 'tape' } };
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const slow = liveFeed({ rest: { '/api/prices/live': () => new Promise(() => {}) } });
export const Loading: Story = { render: render(slow), beforeEach({ msw }) { msw.use(...slow.handlers); } };

const quiet = liveFeed();
export const Stale: Story = {
  args: { staleAfter: 2 },
  render: render(quiet),
  beforeEach({ msw }) { msw.use(...quiet.handlers); },
};

const refused = liveFeed({ refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const broken = mockFeed({ rest: { '/api/prices/live': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };

const unavailable = liveFeed({ refuseSocket: true, refuseCode: 1013 });
/**
 * `loading="lazy"` below the fold: the ticker under the spacer asks for nothing and renders
 * nothing until it is scrolled within half a screen of the viewport.
 */
export const LazyBelowTheFold: Story = {
  name: 'Lazy, below the fold',
  render: (args) => html`
    <crypto-data-provider api-url=${live.origin} ws-url=${live.wsUrl}>
      <p style="block-size: 150vh; margin: 0">Scroll down: the ticker below starts as it comes near the viewport.</p>
      <crypto-ticker symbols=${args.symbols} layout=${args.layout} ?show-sparkline=${args.showSparkline} theme=${args.theme} locale=${args.locale} currency=${args.currency} loading="lazy"></crypto-ticker>
    </crypto-data-provider>`,
};

export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };
