import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { http } from 'msw';
import { mockFeed, sampleAlert, sampleAlertsPage } from '../../../test/support/mock-feed.js';
import type { Alert } from '../../core/protocol/index.js';
import type { AlertFeed } from './alert-feed.js';

type Args = Pick<AlertFeed, 'severity' | 'notifications' | 'maxItems' | 'theme' | 'locale' | 'currency' | 'staleAfter'>;

const HISTORY: Alert[] = [
  sampleAlert({ severity: 'critical', title: 'Portfolio drawdown 12 %', message: 'Main fell 12 % from its peak in 24 h.', kind: 'portfolio_drawdown', createdAt: Date.now() - 600_000 }),
  sampleAlert({ severity: 'warning', title: 'ETH below $3,000', message: 'Your rule "ETH below 3000" fired.', kind: 'price_threshold', assetId: 'ETH', createdAt: Date.now() - 300_000 }),
  sampleAlert({ severity: 'info', title: 'SOL up 6 %', message: 'SOL rose 6 % in the last hour.', assetId: 'SOL', createdAt: Date.now() - 60_000, acknowledged: true }),
];

/** A mocked feed that serves the alerts above, accepts acknowledgements, and raises a new alert every 4 s. */
function alertsFeed(options: Parameters<typeof mockFeed>[0] = {}) {
  // Specific answers first: msw takes the first handler that matches.
  return mockFeed({ ...options, rest: { ...options.rest, '/api/alerts': () => sampleAlertsPage(HISTORY), '/api/alerts/:id/ack': () => new Response(null, { status: 204 }) } });
}

function startRaising(feed: ReturnType<typeof mockFeed>): () => void {
  const severities = ['info', 'warning', 'critical'] as const;
  let n = 0;
  const timer = setInterval(() => {
    const severity = severities[n++ % 3]!;
    feed.pushAlert(sampleAlert({ severity, title: `BTC moved ${n} %`, message: `BTC moved ${n} % in the last hour.` }));
  }, 4000);
  return () => clearInterval(timer);
}

const render = (feed: ReturnType<typeof mockFeed>) => (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} max-reconnect-attempts="2">
    <alert-feed
      severity=${args.severity}
      ?notifications=${args.notifications}
      max-items=${args.maxItems}
      theme=${args.theme}
      locale=${args.locale}
      currency=${args.currency}
      stale-after=${args.staleAfter}
    ></alert-feed>
  </crypto-data-provider>`;

const live = alertsFeed();

const meta: Meta<Args> = {
  title: 'Widgets/alert-feed',
  component: 'alert-feed',
  args: { severity: 'all', notifications: true, maxItems: 100, theme: 'light', locale: 'en-US', currency: 'USD', staleAfter: 30 },
  argTypes: {
    severity: { control: 'inline-radio', options: ['all', 'critical', 'warning', 'info'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
  render: render(live),
  beforeEach({ msw }) {
    msw.use(...live.handlers);
    return startRaising(live);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const CriticalOnly: Story = { args: { severity: 'critical' } };
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanEuro: Story = { name: 'Another locale and currency', args: { locale: 'de-DE', currency: 'EUR' } };

const slow = alertsFeed();
const never = http.get(`${slow.origin}/api/alerts`, () => new Promise<never>(() => {}));
export const Loading: Story = { render: render(slow), beforeEach({ msw }) { msw.use(never, ...slow.handlers); } };

const quiet = alertsFeed();
export const Stale: Story = { args: { staleAfter: 2 }, render: render(quiet), beforeEach({ msw }) { msw.use(...quiet.handlers); } };

const refused = alertsFeed({ refuseSocket: true });
export const Reconnecting: Story = { render: render(refused), beforeEach({ msw }) { msw.use(...refused.handlers); } };

const unavailable = alertsFeed({ refuseSocket: true, refuseCode: 1013 });
export const Offline: Story = { render: render(unavailable), beforeEach({ msw }) { msw.use(...unavailable.handlers); } };

const broken = mockFeed({ rest: { '/api/alerts': () => new Response('{"error":{"code":"internal","message":"down"}}', { status: 503 }) }, refuseSocket: true });
export const Error: Story = { render: render(broken), beforeEach({ msw }) { msw.use(...broken.handlers); } };

const refusing = alertsFeed({ rest: { '/api/alerts/:id/ack': () => new Response('{"error":{"code":"conflict","message":"Alert is closed"}}', { status: 409 }) } });
export const AcknowledgeFails: Story = { name: 'Acknowledge fails (rolls back)', render: render(refusing), beforeEach({ msw }) { msw.use(...refusing.handlers); } };
