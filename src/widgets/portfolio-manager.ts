/**
 * `<portfolio-manager>` on its own: Create, edit and delete portfolios. Importing this entry registers `<portfolio-manager>` and
 * `<crypto-data-provider>` (guarded: a tag that is already defined is left alone) and pulls in
 * nothing of the other widgets.
 *
 * @example
 * import { PortfolioManager } from 'crypto-risk-widgets/widgets/portfolio-manager';
 */
import { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';
import { register } from '../register.js';
import { PortfolioManager } from './portfolio-manager/portfolio-manager.js';

export { PortfolioManager } from './portfolio-manager/portfolio-manager.js';
export {
  PortfolioCreatedEvent,
  PortfolioDeletedEvent,
  PortfolioSelectEvent,
  PortfolioUpdatedEvent,
} from './portfolio-manager/events.js';
export { CryptoDataProvider } from '../core/elements/crypto-data-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'portfolio-manager': PortfolioManager;
    'crypto-data-provider': CryptoDataProvider;
  }
}

/** Registers `<portfolio-manager>` and `<crypto-data-provider>` in `registry` unless taken; returns the tags it defined. */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'portfolio-manager': PortfolioManager, 'crypto-data-provider': CryptoDataProvider }, registry);
}

define();
