import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { mockFeed, samplePrice } from '../../../test/support/mock-feed.js';
import type { CryptoDataProvider } from '../../core/elements/index.js';
import type { PerfMonitor } from './perf-monitor.js';

type Args = Pick<PerfMonitor, 'theme' | 'locale' | 'noEndpoints'>;

const ASSETS = ['BTC', 'ETH', 'SOL'];
const BASE: Record<string, number> = { BTC: 67000, ETH: 3500, SOL: 150 };

/** A mocked feed that ticks a few prices every 200 ms, so the live figures move. */
function tickingFeed() {
  let timer: ReturnType<typeof setInterval> | undefined;
  const feed = mockFeed({
    rest: { '/api/prices/live': () => ({ prices: ASSETS.map((a) => samplePrice(a, BASE[a]!)), ts: Date.now() }) },
    onSubscribe: () => {
      clearInterval(timer);
      timer = setInterval(() => {
        for (const a of ASSETS) feed.pushPrice(samplePrice(a, BASE[a]! * (1 + (Math.random() - 0.5) / 100)));
      }, 200);
    },
  });
  return feed;
}

const feed = tickingFeed();

const render = (args: Args) => html`
  <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} performance-monitoring>
    <perf-monitor theme=${args.theme} locale=${args.locale} ?no-endpoints=${args.noEndpoints}></perf-monitor>
    <crypto-ticker symbols=${ASSETS.join(',')} theme=${args.theme} hidden></crypto-ticker>
  </crypto-data-provider>`;

const meta: Meta<Args> = {
  title: 'Widgets/perf-monitor',
  component: 'perf-monitor',
  args: { theme: 'light', locale: 'en-US', noEndpoints: false },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render,
  beforeEach({ msw }) {
    msw.use(...feed.handlers);
  },
  // Sample every second here, so the catalog shows figures without waiting for the 5 s default.
  play: async ({ canvasElement }) => {
    const provider = canvasElement.querySelector<CryptoDataProvider>('crypto-data-provider');
    await provider?.updateComplete;
    (await provider?.services?.loadPerf())?.setSampleRate(1000);
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Live: Story = {};
export const Dark: Story = { args: { theme: 'dark' } };

/** The provider has no `performance-monitoring`: the widget says how to turn it on. */
export const MonitoringOff: Story = {
  render: (args) => html`<crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl}>
    <perf-monitor theme=${args.theme} locale=${args.locale}></perf-monitor>
  </crypto-data-provider>`,
};
