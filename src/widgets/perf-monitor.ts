/**
 * `<perf-monitor>` on its own: the feed's live performance figures. Importing this entry registers
 * `<perf-monitor>` and `<crypto-data-provider>` (guarded: a tag that is already defined is left
 * alone) and pulls in nothing of the other widgets.
 *
 * @example
 * import { PerfMonitor } from 'crypto-risk-widgets/widgets/perf-monitor';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { PerfMonitor } from './perf-monitor/perf-monitor.js';

export { PerfMonitor } from './perf-monitor/perf-monitor.js';
export { PerfAlertEvent, PerfOptimizeEvent } from './perf-monitor/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'perf-monitor': PerfMonitor;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/** Registers `<perf-monitor>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'perf-monitor': PerfMonitor, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
