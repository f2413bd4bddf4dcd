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

/** Registers `<price-chart>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'price-chart': PriceChart, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
