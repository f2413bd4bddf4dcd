/**
 * `<market-movers>` on its own: Top gainers and losers and the market sentiment. Importing this entry registers `<market-movers>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { MarketMovers } from 'crypto-risk-widgets/widgets/market-movers';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { MarketMovers } from './market-movers/market-movers.js';

export { MarketMovers } from './market-movers/market-movers.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'market-movers': MarketMovers;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<market-movers>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'market-movers': MarketMovers }, registry);
}

define();
