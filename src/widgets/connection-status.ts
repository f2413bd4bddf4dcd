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

/** Registers `<connection-status>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'connection-status': ConnectionStatusElement, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
