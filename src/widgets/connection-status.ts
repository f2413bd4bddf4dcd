/**
 * `<connection-status>` on its own: The state of the live feed connection. Importing this entry registers `<connection-status>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { ConnectionStatusElement } from 'crypto-risk-widgets/widgets/connection-status';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { ConnectionStatusElement } from './connection-status/connection-status.js';

export { ConnectionStatusElement } from './connection-status/connection-status.js';
export type { ConnectionDisplayState } from './connection-status/display-state.js';
export { ConnectionChangeEvent } from './connection-status/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'connection-status': ConnectionStatusElement;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<connection-status>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'connection-status': ConnectionStatusElement }, registry);
}

define();
