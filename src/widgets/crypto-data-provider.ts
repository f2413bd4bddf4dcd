/**
 * `<crypto-data-provider>` on its own, for pages that load widgets one by one. Importing this entry
 * registers it (guarded) and exports `configure()` for a page-wide feed without a provider element.
 *
 * @example
 * import { configure } from 'crypto-risk-widgets/widgets/crypto-data-provider';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';

export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
export { configure, resetPageDefault } from '../core/elements/page-default.js';

declare global {
  interface HTMLElementTagNameMap {
    'crypto-data-provider': CryptoDataProvider;
  }
}

/** Registers `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
