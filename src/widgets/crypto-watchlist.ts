/**
 * `<crypto-watchlist>` on its own: Live prices of the watchlist. Importing this entry registers `<crypto-watchlist>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { CryptoWatchlist } from 'crypto-risk-widgets/widgets/crypto-watchlist';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { CryptoWatchlist } from './crypto-watchlist/crypto-watchlist.js';

export { CryptoWatchlist } from './crypto-watchlist/crypto-watchlist.js';
export { WatchlistChangeEvent } from './crypto-watchlist/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'crypto-watchlist': CryptoWatchlist;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<crypto-watchlist>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'crypto-watchlist': CryptoWatchlist }, registry);
}

define();
