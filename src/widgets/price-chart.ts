/**
 * `<price-chart>` on its own: A live line chart of one asset (uPlot). Importing this entry registers `<price-chart>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { PriceChart } from 'crypto-risk-widgets/widgets/price-chart';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { PriceChart } from './price-chart/price-chart.js';

export { PriceChart } from './price-chart/price-chart.js';
export { ChartTimeframeChangeEvent } from './price-chart/events.js';
export type { ChartTimeframe } from './price-chart/timeframes.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'price-chart': PriceChart;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<price-chart>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'price-chart': PriceChart }, registry);
}

define();
