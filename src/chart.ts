/**
 * `<price-chart>`, in an entry of its own so that pages without a chart never download the
 * charting code. Importing it registers the element (guarded, like `define`).
 *
 * @example
 * import 'crypto-risk-widgets/define';
 * import 'crypto-risk-widgets/chart';
 */
import { register } from './register.js';
import { PriceChart } from './widgets/price-chart/price-chart.js';

export { PriceChart } from './widgets/price-chart/price-chart.js';
export { ChartTimeframeChangeEvent } from './widgets/price-chart/events.js';
export type { ChartTimeframe } from './widgets/price-chart/timeframes.js';

declare global {
  interface HTMLElementTagNameMap {
    'price-chart': PriceChart;
  }
}

register({ 'price-chart': PriceChart });
