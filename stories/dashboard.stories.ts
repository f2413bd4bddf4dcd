import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/chart.js';
import {
  mockFeed,
  sampleAlert,
  sampleAlertsPage,
  samplePortfolioLive,
  samplePrice,
  sampleRisk,
} from '../test/support/mock-feed.js';

/** The widgets together on one page, fed by one mocked feed, as the demo dashboard uses them. */
const IDS = ['BTC', 'ETH', 'SOL', 'LINK'];
const BASE: Record<string, number> = { BTC: 64210.55, ETH: 3120.4, SOL: 148.72, LINK: 17.9 };

function prices(url: URL) {
  const ids = url.searchParams.get('ids')?.split(',') ?? IDS;
  return { prices: ids.filter((id) => id in BASE).map((id) => samplePrice(id, BASE[id]!)), ts: Date.now() };
}

const feed = mockFeed({
  rest: {
    '/api/prices/live': prices,
    '/api/portfolios/demo/live': () => samplePortfolioLive('demo'),
    '/api/portfolios/demo/risk': () => sampleRisk('demo'),
    '/api/alerts': () => sampleAlertsPage([sampleAlert({ title: 'BTC up 3 % in an hour' })]),
  },
});

const meta: Meta<{ theme: string }> = {
  title: 'Pages/Dashboard',
  args: { theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  beforeEach({ msw }) {
    msw.use(...feed.handlers);
  },
  render: ({ theme }) => html`
    <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>
      <div style="display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr))">
        <connection-status theme=${theme}></connection-status>
        <crypto-ticker theme=${theme} symbols=${IDS.join(',')} show-sparkline></crypto-ticker>
        <portfolio-value theme=${theme} portfolio-id="demo" allocation="donut"></portfolio-value>
        <risk-gauge theme=${theme} portfolio-id="demo"></risk-gauge>
        <alert-feed theme=${theme}></alert-feed>
      </div>
    </crypto-data-provider>`,
};
export default meta;

export const Light: StoryObj = {};
export const Dark: StoryObj = { args: { theme: 'dark' } };
