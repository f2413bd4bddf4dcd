/**
 * `<pwa-status>` on its own: online/offline, the update and install controls, and the edits
 * waiting to sync. Importing this entry registers `<pwa-status>` and `<crypto-data-provider>`
 * (guarded: a tag that is already defined is left alone) and pulls in nothing of the other widgets.
 *
 * @example
 * import { PwaStatus } from 'crypto-risk-widgets/widgets/pwa-status';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { PwaStatus } from './pwa-status/pwa-status.js';

export { PwaStatus } from './pwa-status/pwa-status.js';
export { PwaInstallEvent } from './pwa-status/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'pwa-status': PwaStatus;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/** Registers `<pwa-status>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'pwa-status': PwaStatus }, registry);
}

define();
