import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { PwaStatus } from './pwa-status.js';

type Args = Pick<PwaStatus, 'theme' | 'hideNetwork'>;

const meta: Meta<Args> = {
  title: 'Widgets/pwa-status',
  component: 'pwa-status',
  args: { theme: 'light', hideNetwork: false },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] } },
  render: (args) => html`<pwa-status theme=${args.theme} ?hide-network=${args.hideNetwork}></pwa-status>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Online, no update waiting, no install offer: what most visits show. */
export const Idle: Story = {};
export const Dark: Story = { args: { theme: 'dark' } };
