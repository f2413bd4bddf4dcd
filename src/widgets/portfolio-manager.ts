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

/**
 * Registers `<crypto-data-provider>` and `<portfolio-manager>` in `registry` unless taken; returns the tags it
 * defined. The provider goes first, so that a widget already on the page upgrades with its feed
 * in reach and its first render (and a server render's hydration) shows loading, not an error.
 */
export function define(registry?: CustomElementRegistry): string[] {
  return register({ 'crypto-data-provider': CryptoDataProvider, 'portfolio-manager': PortfolioManager }, registry);
}

define();
