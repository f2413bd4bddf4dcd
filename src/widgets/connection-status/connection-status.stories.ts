import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { mockFeed } from '../../../test/support/mock-feed.js';
import type { ConnectionStatusElement } from './connection-status.js';

type Args = Pick<ConnectionStatusElement, 'compact' | 'theme' | 'locale' | 'currency'>;

const REST = { '/api/prices/live': () => ({ prices: [], ts: Date.now() }) };

const render = (feed: ReturnType<typeof mockFeed>, attempts = 10) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts=${attempts}>
    <connection-status ?compact=${args.compact} theme=${args.theme} locale=${args.locale} currency=${args.currency}></connection-status>
  </crypto-data-provider>`;

const connected = mockFeed({ rest: REST });

const meta: Meta<Args> = {
  title: 'Widgets/connection-status',
  component: 'connection-status',
  args: { compact: false, theme: 'light', locale: 'en-US', currency: 'USD' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: render(connected),
  beforeEach({ msw }) {
    msw.use(...connected.handlers);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Connected: Story = { name: 'Live (connected)' };
export const Compact: Story = { args: { compact: true } };
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const refused = mockFeed({ rest: REST, refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };
export const ReconnectingCompact: Story = { args: { compact: true }, render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const givingUp = mockFeed({ rest: REST, refuseSocket: true });
export const Polling: Story = { render: render(givingUp, 1), beforeEach({ msw }) { msw.use(...givingUp.handlers); } };

const unavailable = mockFeed({ rest: REST, refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

/** Outside any provider and without `configure()`: there is nothing to connect to. */
export const NoDataSource: Story = { name: 'Error (no data source)', render: (args) => html`<connection-status ?compact=${args.compact} theme=${args.theme}></connection-status>` };

