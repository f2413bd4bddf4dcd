/**
 * `<alert-feed>` on its own: Live alerts, newest first. Importing this entry registers `<alert-feed>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { AlertFeed } from 'crypto-risk-widgets/widgets/alert-feed';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { AlertFeed } from './alert-feed/alert-feed.js';

export { AlertFeed, type AlertSeverityFilter } from './alert-feed/alert-feed.js';
export { AlertEvent } from './alert-feed/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'alert-feed': AlertFeed;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<alert-feed>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'alert-feed': AlertFeed }, registry);
}

define();
