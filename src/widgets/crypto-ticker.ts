/**
 * `<crypto-ticker>` on its own: Live prices for the assets you name. Importing this entry registers `<crypto-ticker>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { CryptoTicker } from 'crypto-risk-widgets/widgets/crypto-ticker';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { CryptoTicker } from './crypto-ticker/crypto-ticker.js';

export { CryptoTicker, type TickerLayout } from './crypto-ticker/crypto-ticker.js';
export { TickerSelectEvent } from './crypto-ticker/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'crypto-ticker': CryptoTicker;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/** Registers `<crypto-ticker>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-ticker': CryptoTicker, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
