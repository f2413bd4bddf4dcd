/**
 * `<portfolio-value>` on its own: A portfolio's live value, P&L and allocation. Importing this entry registers `<portfolio-value>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { PortfolioValue } from 'crypto-risk-widgets/widgets/portfolio-value';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { PortfolioValue } from './portfolio-value/portfolio-value.js';

export { PortfolioValue } from './portfolio-value/portfolio-value.js';
export type { AllocationStyle } from './portfolio-value/allocation.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'portfolio-value': PortfolioValue;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/**
 * Registers `<crypto-data-provider>` and `<portfolio-value>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'portfolio-value': PortfolioValue }, registry);
}

define();
