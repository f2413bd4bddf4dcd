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

/**
 * Registers `<crypto-data-provider>` and `<crypto-ticker>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'crypto-ticker': CryptoTicker }, registry);
}

define();
