import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { http, HttpResponse } from 'msw';
import { mockFeed, samplePrice, sampleWatchlist } from '../../../test/support/mock-feed.js';
import type { Asset, Price } from '../../core/protocol/index.js';
import type { CryptoWatchlist } from './crypto-watchlist.js';

type Args = Pick<CryptoWatchlist, 'theme' | 'locale' | 'currency' | 'staleAfter'>;

const ASSETS: Asset[] = [
  { id: 'BTC', name: 'Bitcoin', category: 'currency', circulatingSupply: 19.7e6 },
  { id: 'ETH', name: 'Ethereum', category: 'platform', circulatingSupply: 120e6 },
  { id: 'SOL', name: 'Solana', category: 'platform', circulatingSupply: 460e6 },
  { id: 'DOGE', name: 'Dogecoin', category: 'meme', circulatingSupply: 145e9 },
  { id: 'UNI', name: 'Uniswap', category: 'defi', circulatingSupply: 600e6 },
];
const PRICES: Price[] = [samplePrice('BTC', 64210.55, 2.31), samplePrice('ETH', 3120.4, -1.12), samplePrice('SOL', 148.72, 5.6), samplePrice('DOGE', 0.1234, -3.4), samplePrice('UNI', 7.85, 0.4)];

/** A mocked feed whose watchlist lives in memory; `refuse` makes every change fail. */
function watchFeed(options: Parameters<typeof mockFeed>[0] & { refuse?: boolean } = {}) {
  let ids = ['BTC', 'ETH', 'SOL'];
  const feed = mockFeed({
    ...options,
    rest: {
      '/api/watchlist': () => ({ items: sampleWatchlist(ids) }),
      '/api/assets': { assets: ASSETS },
      '/api/prices/live': (url: URL) => ({ prices: PRICES.filter((p) => (url.searchParams.get('ids') ?? '').split(',').includes(p.assetId)), ts: Date.now() }),
      ...options.rest,
    },
  });
  const change = http.all(`${feed.origin}/api/watchlist/:assetId`, ({ request, params }) => {
    if (options.refuse) return HttpResponse.json({ error: { code: 'conflict', message: 'The watchlist is locked' } }, { status: 409 });
    const id = String(params.assetId);
    ids = request.method === 'PUT' ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id);
    return new HttpResponse(null, { status: 204 });
  });
  return { feed, handlers: [change, ...feed.handlers] };
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
    <crypto-watchlist theme=${args.theme} locale=${args.locale} currency=${args.currency} stale-after=${args.staleAfter}></crypto-watchlist>
  </crypto-data-provider>`;

const live = watchFeed();

const meta: Meta<Args> = {
  title: 'Widgets/crypto-watchlist',
  component: 'crypto-watchlist',
  args: { theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: render(live.feed),
  beforeEach({ msw }) {
    msw.use(...live.handlers);
    return startTicking(live.feed);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const slow = watchFeed();
const never = http.get(`${slow.feed.origin}/api/watchlist`, () => new Promise<never>(() => {}));
export const Loading: Story = { render: render(slow.feed), beforeEach({ msw }) { msw.use(never, ...slow.handlers); } };

const quiet = watchFeed();
export const Stale: Story = { args: { staleAfter: 2 }, render: render(quiet.feed), beforeEach({ msw }) { msw.use(...quiet.handlers); } };

const refused = watchFeed({ refuseSocket: true });
export const Reconnecting: Story = { render: render(refused.feed), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const unavailable = watchFeed({ refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable.feed), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

const broken = mockFeed({ rest: { '/api/watchlist': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };

const locked = watchFeed({ refuse: true });
export const ChangesFail: Story = { name: 'Changes fail (roll back)', render: render(locked.feed), beforeEach({ msw }) { msw.use(...locked.handlers); } };
