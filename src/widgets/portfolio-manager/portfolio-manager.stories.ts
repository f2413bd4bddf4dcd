import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { http, HttpResponse } from 'msw';
import type { Asset, Portfolio } from '../../core/protocol/index.js';
import { mockFeed, samplePortfolio } from '../../../test/support/mock-feed.js';
import type { PortfolioManager } from './portfolio-manager.js';

type Args = Pick<PortfolioManager, 'selected' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

const ASSETS: Asset[] = [
  { id: 'BTC', name: 'Bitcoin', category: 'currency', circulatingSupply: 19.7e6 },
  { id: 'ETH', name: 'Ethereum', category: 'platform', circulatingSupply: 120e6 },
  { id: 'SOL', name: 'Solana', category: 'platform', circulatingSupply: 460e6 },
  { id: 'DOGE', name: 'Dogecoin', category: 'meme', circulatingSupply: 145e9 },
];

interface Behaviour {
  /** Answer every write with this status (and a message), to show rollback. */
  failWrites?: number;
  /** Never answer the list, to show loading. */
  hang?: boolean;
}

/** A feed whose portfolio endpoints keep their state while the story is open. */
function managerFeed(behaviour: Behaviour = {}, options: Parameters<typeof mockFeed>[0] = {}) {
  const feed = mockFeed({ rest: { '/api/assets': { assets: ASSETS } }, ...options });
  let list: Portfolio[] = [samplePortfolio('p1', 'Long term'), samplePortfolio('p2', 'Trading', [{ assetId: 'SOL', quantity: 40, costBasis: 5200 }])];
  let next = 3;
  const refuse = () =>
    behaviour.failWrites
      ? HttpResponse.json({ error: { code: 'conflict', message: 'the portfolio was changed elsewhere' } }, { status: behaviour.failWrites })
      : null;
  const o = feed.origin;
  const handlers = [
    http.get(`${o}/api/portfolios`, () => (behaviour.hang ? new Promise<never>(() => {}) : HttpResponse.json({ portfolios: list }))),
    http.post(`${o}/api/portfolios`, async ({ request }) => {
      const body = (await request.json()) as Pick<Portfolio, 'name' | 'holdings'>;
      await new Promise((r) => setTimeout(r, 600));
      const refused = refuse();
      if (refused) return refused;
      const created = samplePortfolio(`p${next++}`, body.name, body.holdings);
      list = [...list, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch(`${o}/api/portfolios/:id`, async ({ request, params }) => {
      const patch = (await request.json()) as Partial<Portfolio>;
      await new Promise((r) => setTimeout(r, 600));
      const refused = refuse();
      if (refused) return refused;
      list = list.map((p) => (p.id === params['id'] ? { ...p, ...patch, updatedAt: Date.now() } : p));
      return HttpResponse.json(list.find((p) => p.id === params['id']));
    }),
    http.delete(`${o}/api/portfolios/:id`, async ({ params }) => {
      await new Promise((r) => setTimeout(r, 600));
      const refused = refuse();
      if (refused) return refused;
      list = list.filter((p) => p.id !== params['id']);
      return new HttpResponse(null, { status: 204 });
    }),
  ];
  return { origin: feed.origin, wsUrl: feed.wsUrl, handlers: [...handlers, ...feed.handlers] };
}

type Feed = ReturnType<typeof managerFeed>;

const render = (feed: Feed) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts="2">
    <portfolio-manager
      selected=${args.selected}
      theme=${args.theme}
      locale=${args.locale}
      currency=${args.currency}
      stale-after=${args.staleAfter}
    ></portfolio-manager>
  </crypto-data-provider>`;

const story = (feed: Feed, extra: Partial<StoryObj<Args>> = {}): StoryObj<Args> => ({
  render: render(feed),
  beforeEach({ msw }) {
    msw.use(...feed.handlers);
  },
  ...extra,
});

const live = managerFeed();

const meta: Meta<Args> = {
  title: 'Widgets/portfolio-manager',
  component: 'portfolio-manager',
  args: { selected: 'p1', theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  ...story(live),
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };
export const RefusedWrites: Story = { name: 'Writes refused (rollback)', ...story(managerFeed({ failWrites: 409 })) };
export const Loading: Story = story(managerFeed({ hang: true }));
export const Stale: Story = { args: { staleAfter: 2 }, ...story(managerFeed()) };
export const Reconnecting: Story = story(managerFeed({}, { refuseSocket: true }));
export const Offline: Story = story(managerFeed({}, { refuseSocket: true, refuseCode: 1013 }));
const broken = mockFeed({ rest: { '/api/portfolios': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = story({ origin: broken.origin, wsUrl: broken.wsUrl, handlers: broken.handlers });
