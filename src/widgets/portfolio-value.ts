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

/** Registers `<portfolio-value>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'portfolio-value': PortfolioValue, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
