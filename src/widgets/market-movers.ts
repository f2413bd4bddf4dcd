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

/** Registers `<market-movers>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'market-movers': MarketMovers, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
