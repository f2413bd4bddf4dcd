import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { mockFeed } from '../../../test/support/mock-feed.js';
import type { PushSubscribe } from './push-subscribe.js';

type Args = Pick<PushSubscribe, 'theme' | 'severities'>;

const feed = mockFeed({ rest: { '/api/prices/live': () => ({ prices: [], ts: Date.now() }) } });

const meta: Meta<Args> = {
  title: 'Widgets/push-subscribe',
  component: 'push-subscribe',
  args: { theme: 'light', severities: 'critical' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: (args) => html`
    <crypto-data-provider api-url=${feed.origin} ws-url=${feed.wsUrl} no-realtime>
      <push-subscribe theme=${args.theme} severities=${args.severities}></push-subscribe>
    </crypto-data-provider>`,
  beforeEach({ msw }) {
    msw.use(...feed.handlers);
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Before the click: nothing has been asked yet. */
export const NotifyMe: Story = { name: 'Notify me' };
export const CriticalAndWarning: Story = { args: { severities: 'critical,warning' } };
export const Dark: Story = { args: { theme: 'dark' } };
