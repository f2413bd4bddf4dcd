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

/** Registers `<alert-feed>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'alert-feed': AlertFeed, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
